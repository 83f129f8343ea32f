package processors;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.RateLimitedException;
import jobs.JobMessage;
import model.JobState;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.JobStore;

/**
 * A provider said "too many requests": the job is DEFERRED until the provider's window resets, gives its data type's
 * lease up meanwhile, and its message goes back on its queue with that delay ({@code direct:requeue-job}). A wait
 * longer than SQS's longest delay is finished by the next delivery, which defers again.
 */
public class DeferJobProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeferJobProcessor.class);

    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ConnectionLeases leases;

    public DeferJobProcessor(JobStore jobs, ConnectionStore connections, ConnectionLeases leases) {
        this.jobs = jobs;
        this.connections = connections;
        this.leases = leases;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RateLimitedException limited = (RateLimitedException) FailureReason.of(exchange);
        Duration wait = withJitter(limited.retryAfter());
        Instant until = Instant.now().plus(wait);
        JobMessage job = SyncExchange.job(exchange);
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.DEFERRED,
                limited.getMessage() + "; runs again after " + until).deferredUntil(until));
        JobOnConnection.stopped(connections, leases, job, JobState.DEFERRED);
        LOG.info("job {} deferred {} s: {}", job.jobId(), wait.toSeconds(), limited.getMessage());
        JobRequeue.prepare(exchange, job, wait);
        exchange.setProperty(SyncExchange.OUTCOME, "deferred");
    }

    /** At least a second, plus up to a fifth more, so that deferred jobs do not all return in the same instant. */
    static Duration withJitter(Duration retryAfter) {
        long base = Math.max(1, retryAfter.toSeconds());
        return Duration.ofSeconds(base + ThreadLocalRandom.current().nextLong(base / 5 + 2));
    }
}
