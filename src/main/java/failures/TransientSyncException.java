package failures;

/** A failure that may pass by itself (5xx, timeouts, throttling): the job is redelivered with backoff. */
public class TransientSyncException extends SyncFailure {

    public TransientSyncException(String reason) {
        super(reason, null);
    }

    public TransientSyncException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
