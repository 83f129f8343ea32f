package failures;

/**
 * A failure that retrying cannot fix (4xx from the provider, invalid or malformed data, missing
 * connection): the job goes to the dead letters at once.
 */
public class PermanentSyncException extends SyncFailure {

    public PermanentSyncException(String reason) {
        super(reason, null);
    }

    public PermanentSyncException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
