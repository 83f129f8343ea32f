package failures;

/**
 * Base of the failures a sync step reports on purpose. The message is the reason a dead letter and a job
 * record show, so it never carries a token or health data values.
 */
public abstract class SyncFailure extends RuntimeException {

    protected SyncFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
