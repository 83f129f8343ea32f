package processors;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.RateLimitedException;
import model.JobState;
import model.Json;
import state.ConnectionStore;
import state.JobStore;

/**
 * A provider said "too many requests": the job is DEFERRED until the provider's window resets and its
 * message goes back on its queue with that delay (SQS holds it, no worker thread waits). A wait longer
 * than SQS's longest delay is finished by the next delivery, which defers again.
 */
public class DeferJobProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeferJobProcessor.class);
    /** SQS's longest per-message delay. */
    static final Duration MAX_QUEUE_DELAY = Duration.ofMinutes(15);
    /** Exchange property naming the queue path (hot|cold) the deferred message goes back to. */
    public static final String QUEUE_PATH = "SyncWellQueuePath";

    private final JobStore jobs;
    private final ConnectionStore connections;

    public DeferJobProcessor(JobStore jobs, ConnectionStore connections) {
        this.jobs = jobs;
        this.connections = connections;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        RateLimitedException limited = (RateLimitedException) FailureReason.of(exchange);
        Duration wait = withJitter(limited.retryAfter());
        Instant until = Instant.now().plus(wait);
        JobMessage job = run.message();
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.DEFERRED,
                limited.getMessage() + "; runs again after " + until).deferredUntil(until));
        if (!job.dryRun()) {
            // a connection's status tells of its syncs; a dry run is not one
            connections.recordJob(job.userId(), job.connectionId(), job.dataType(), job.jobId(), JobState.DEFERRED);
        }
        long delaySeconds = Math.min(wait.toSeconds(), MAX_QUEUE_DELAY.toSeconds());
        LOG.info("job {} deferred {} s: {}", job.jobId(), wait.toSeconds(), limited.getMessage());
        exchange.getMessage().setHeader(Sqs2Constants.DELAY_HEADER, Math.toIntExact(delaySeconds));
        // the job message as queued, ids only (whatever the body held when the provider refused)
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(job));
        exchange.setProperty(QUEUE_PATH, job.path());
    }

    /** At least a second, plus up to a fifth more, so that deferred jobs do not all return in the same instant. */
    static Duration withJitter(Duration retryAfter) {
        long base = Math.max(1, retryAfter.toSeconds());
        return Duration.ofSeconds(base + ThreadLocalRandom.current().nextLong(base / 5 + 2));
    }
}
