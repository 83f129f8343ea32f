package processors;

import java.io.IOException;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import conflict.PlanSummary;
import conflict.SyncPlan;
import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import failures.SyncFailure;
import jobs.JobMessage;
import model.JobState;
import model.Json;
import state.Job;
import state.JobStore;
import state.RecordLedger;

/**
 * First half of the dead-letter channel: marks the job FAILED and turns the original message into the
 * envelope, keyed {@code dead-letters/<day>/<id>.json}, for the S3 write that follows.
 */
public class PrepareDeadLetterProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareDeadLetterProcessor.class);

    private final JobStore jobs;
    private final RecordLedger ledger;

    public PrepareDeadLetterProcessor(JobStore jobs, RecordLedger ledger) {
        this.jobs = jobs;
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String original = exchange.getMessage().getBody(String.class);
        JobMessage message = SyncExchange.job(exchange);
        SyncPlan plan = SyncExchange.plan(exchange);
        Throwable failure = FailureReason.of(exchange);
        String reason = FailureReason.describe(failure);
        String step = SyncExchange.failedStep(exchange, "consume");
        Instant now = Instant.now();
        String id = DeadLetterArchive.newId(now);

        int attempts = 1;
        if (message != null) {
            attempts = jobs.find(message.jobId()).map(Job::attempts).orElse(1);
            JobStore.Transition failed = JobStore.Transition.to(JobState.FAILED, "failed at " + step + ": " + reason).error(reason);
            // what the last attempt was about to write, if it got that far: the operator's first question
            jobs.transition(message.jobId(), plan == null ? failed : failed.plan(PlanSummary.of(plan)));
            recordFailedFates(exchange, message, plan, reason, now);
        }
        // the job message as queued: from the run when it was read
        DeadLetter letter = DeadLetter.of(id, message, original, message == null ? null : message.path(), reason, step,
                attempts, now);
        if (failure != null && !(failure instanceof SyncFailure)) {
            // a bug or a library's surprise: the job's reason says "see the worker log", so the log has the trace
            LOG.error("job {} dead-lettered at {} after {} attempt(s): {}", letter.jobId(), step, attempts, reason, failure);
        } else {
            LOG.error("job {} dead-lettered at {} after {} attempt(s): {}", letter.jobId(), step, attempts, reason);
        }
        stage(exchange, letter);
    }

    /**
     * The records the job had seen, failed, in the connection's ledger. Its dead letter matters more than this: should
     * the ledger's write fail, the envelope is still written, and the log says what the ledger misses.
     */
    private void recordFailedFates(Exchange exchange, JobMessage message, SyncPlan plan, String reason, Instant now) {
        SyncContext context = SyncExchange.context(exchange);
        if (message.dryRun() || context == null) {
            return;
        }
        try {
            ledger.record(message.connectionId(), message.jobId(), RecordFates.failed(plan, SyncExchange.sourceRecords(exchange),
                    message, context.destination().id(), reason, now));
        } catch (RuntimeException ledgerUnavailable) {
            LOG.warn("job {}: its records' failure is not in the ledger of connection {}: {}", message.jobId(),
                    message.connectionId(), ledgerUnavailable.toString());
        }
    }

    /** The envelope as the body of the S3 upload that follows, under the waiting dead letters of its day. */
    static void stage(Exchange exchange, DeadLetter letter) throws IOException {
        exchange.setProperty(DeadLetter.ID_PROPERTY, letter.id());
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, DeadLetterArchive.key(DeadLetterArchive.Stage.PENDING,
                letter.failedAt(), letter.id()));
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(letter));
    }
}
