package failures;

/**
 * A delivery of a job's message found the job held by another delivery (SQS delivers a message twice now and then).
 * Not a failure of the job: this copy goes back to the queue untouched and comes again after the visibility timeout,
 * when the job is finished (the copy is then dropped) or its holder is known dead (the copy runs it).
 */
public class JobHeldElsewhereException extends SyncFailure {

    public JobHeldElsewhereException(String reason) {
        super(reason, null);
    }
}
