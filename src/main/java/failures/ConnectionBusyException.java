package failures;

/**
 * Another job of the same connection and data type runs (one at a time: see {@code state.ConnectionLeases}). Not a
 * failure of this job: it goes back to its queue for a moment, untouched but for a note in its history.
 */
public class ConnectionBusyException extends SyncFailure {

    private final boolean noted;

    /** @param noted whether the job's history already says it waits (it is not said again on every return) */
    public ConnectionBusyException(String reason, boolean noted) {
        super(reason, null);
        this.noted = noted;
    }

    public boolean noted() {
        return noted;
    }
}
