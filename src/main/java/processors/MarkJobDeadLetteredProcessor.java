package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import deadletters.DeadLetter;
import failures.PermanentSyncException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import jobs.JobMessage;
import metrics.SyncMetrics;
import model.JobState;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.JobStore;

/**
 * Last step of the dead-letter channel (and of the drain of an SQS dead-letter queue), after the envelope is safely in
 * S3: the job is MOVED_TO_DLQ, and {@code syncwell_dead_letters_total} counts it by queue and kind of reason.
 */
public class MarkJobDeadLetteredProcessor implements Processor {

    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ConnectionLeases leases;
    private final SyncMetrics metrics;

    public MarkJobDeadLetteredProcessor(JobStore jobs, ConnectionStore connections, ConnectionLeases leases, SyncMetrics metrics) {
        this.jobs = jobs;
        this.connections = connections;
        this.leases = leases;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        exchange.setProperty(SyncExchange.OUTCOME, "dead_lettered");
        String drainedQueue = exchange.getProperty(PrepareDrainedDeadLetterProcessor.QUEUE, String.class);
        metrics.deadLettered(drainedQueue != null ? drainedQueue : job == null ? null : job.path(),
                reasonKind(FailureReason.of(exchange), drainedQueue != null));
        if (job == null) {
            return;
        }
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.MOVED_TO_DLQ,
                "dead letter " + exchange.getProperty(DeadLetter.ID_PROPERTY, String.class) + " in S3"));
        JobOnConnection.stopped(connections, leases, job, JobState.MOVED_TO_DLQ);
    }

    /** Why, in a word fit for a metric label: the failure's kind, or {@code redriven} (SQS gave the message up). */
    static String reasonKind(Throwable failure, boolean drained) {
        if (failure instanceof ReauthRequiredException) {
            return "reauth_required";
        }
        if (failure instanceof PermanentSyncException) {
            return "permanent";
        }
        if (failure instanceof TransientSyncException) {
            return "retries_exhausted";
        }
        return failure == null && drained ? "redriven" : "unexpected";
    }
}
