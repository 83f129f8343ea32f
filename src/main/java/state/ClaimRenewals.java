package state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the claims of running jobs fresh ({@link JobStore#renewClaim}) a few times per lease, the way the SQS consumer
 * keeps their messages hidden: a job that runs longer than the visibility timeout is then neither taken over by a late
 * copy of its message nor run twice at once. A renewal stops when its job is released (finished, retrying, handed
 * back) or taken over; one that DynamoDB cannot answer is tried again at the next beat.
 */
public final class ClaimRenewals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimRenewals.class);

    private final Duration every;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "claim-renewals");
        thread.setDaemon(true);
        return thread;
    });

    /** @param lease how long a claim holds without renewal (the visibility timeout); it is renewed three times as often */
    public ClaimRenewals(Duration lease) {
        Duration third = lease.dividedBy(3);
        this.every = third.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : third;
    }

    /** A renewal to stop once the job is done with, whatever the outcome. */
    public interface Renewal {
        void stop();
    }

    /**
     * Runs {@code beat} a few times per lease until it answers false (the job is no longer this delivery's) or the
     * renewal is stopped: the job's claim ({@link JobStore#renewClaim}) and whatever else the job holds.
     */
    public Renewal renew(String jobId, BooleanSupplier beat) {
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(beats.scheduleAtFixedRate(() -> {
            try {
                if (!beat.getAsBoolean()) {
                    self.get().cancel(false);
                }
            } catch (RuntimeException unreachable) {
                // the job's own steps meet the same outage and hand the message back; keep trying until then
                LOG.warn("could not renew the claim of job {}: {}", jobId, unreachable.getClass().getSimpleName());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
        return () -> self.get().cancel(false);
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }
}
