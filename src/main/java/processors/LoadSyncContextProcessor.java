package processors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.ConnectionBusyException;
import failures.JobHeldElsewhereException;
import failures.PermanentSyncException;
import failures.RateLimitedException;
import jobs.JobMessage;
import model.JobState;
import model.TimeWindow;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import state.Backfill;
import state.ClaimRenewals;
import state.Connection;
import state.ConnectionLeases;
import state.Job;
import state.JobEvent;
import state.JobStore;

/**
 * sync-enrich, once the route has read the job's record (and its backfill, or for a dry run the connection) through
 * camel-aws2-ddb ({@link EnrichReads}): takes its data type's lease on the connection (one job per connection and type
 * at a time; the lease answers the connection as it is now, cursor included), fixes the window and marks the job
 * IN_PROGRESS. A job that already finished, or that another copy of its message holds (a duplicate delivery), is not
 * run again; a window of a cancelled backfill is cancelled; a job whose type another job holds waits on its queue.
 * Sets the attempt's {@link SyncContext}.
 */
public class LoadSyncContextProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(LoadSyncContextProcessor.class);
    /** Exchange property the worker route tests to stop a duplicate delivery of a finished job. */
    public static final String ALREADY_FINISHED = "alreadyFinished";
    /** How a waiting job's history note begins (it is written once, not on every return). */
    static final String WAITS_FOR = "waits for ";

    private final JobStore jobs;
    private final ConnectionLeases leases;
    private final ProviderRegistry providers;
    private final Duration initialWindow;
    private final Duration claimLease;
    private final ClaimRenewals claimRenewals;

    /**
     * @param claimLease    how long a job IN_PROGRESS (and its data type's lease) is taken to be held by the delivery that
     *                      claimed it: the queue's visibility timeout, after which a dead holder's message is delivered again
     * @param claimRenewals keeps a claim and its lease fresh while the job runs, however long
     */
    public LoadSyncContextProcessor(JobStore jobs, ConnectionLeases leases, ProviderRegistry providers, Duration initialWindow,
                                    Duration claimLease, ClaimRenewals claimRenewals) {
        this.jobs = jobs;
        this.leases = leases;
        this.providers = providers;
        this.initialWindow = initialWindow;
        this.claimLease = claimLease;
        this.claimRenewals = claimRenewals;
    }

    @Override
    public void process(Exchange exchange) {
        JobMessage message = SyncExchange.job(exchange);
        Job job = SyncExchange.jobRecord(exchange);
        // the record, written by the API for the caller's own connection, is what the job is; a message naming another
        // user or connection (forged on the queue, or corrupted) runs nothing, and its dead letter concerns the
        // record's connection only, never the one the message named
        if (!job.userId().equals(message.userId()) || !job.connectionId().equals(message.connectionId())
                || job.dataType() != message.dataType()) {
            exchange.setProperty(SyncExchange.JOB, new JobMessage(job.id(), job.userId(), job.connectionId(),
                    job.dataType(), job.path(), job.window(), job.trigger(), job.dryRun()));
            throw new PermanentSyncException("the job message does not match job " + job.id()
                    + "'s record (user, connection or data type): nothing was run");
        }
        if (job.state().isFinished()) {
            LOG.info("job {} already {}: duplicate delivery, nothing to do", job.id(), job.state());
            exchange.setProperty(ALREADY_FINISHED, true);
            return;
        }
        if (job.deferredUntil() != null && job.deferredUntil().isAfter(Instant.now())) {
            // a deferral longer than SQS's longest delay brings the message back early: defer the rest
            throw new RateLimitedException("still rate limited until " + job.deferredUntil(),
                    Duration.between(Instant.now(), job.deferredUntil()));
        }
        Backfill backfill = SyncExchange.backfill(exchange);
        if (backfill != null && backfill.cancelled() && jobs.cancel(job.id(), "backfill " + job.backfillId() + " was cancelled")) {
            LOG.info("job {}: its backfill {} was cancelled", job.id(), job.backfillId());
            exchange.setProperty(ALREADY_FINISHED, true);
            return;
        }
        Connection connection = message.dryRun() ? connectionToPlan(exchange, message) : leaseOfType(message, job);
        // the versions the connection pinned; one no longer served ends the job with a reason that says what to do
        HealthProvider source = providers.pinned(connection.source(), connection.sourceVersion());
        HealthProvider destination = providers.pinned(connection.destination(), connection.destinationVersion());
        Instant cursor = connection.statusOf(message.dataType()).lastSyncTime();
        TimeWindow window = message.window() != null ? message.window() : hotWindow(cursor, source.lookback());
        exchange.setProperty(SyncExchange.CONTEXT, new SyncContext(connection, cursor, window, source, destination));
        exchange.setProperty(SyncExchange.SOURCE, source.id());
        exchange.setProperty(SyncExchange.DESTINATION, destination.id());
        exchange.setProperty(SyncExchange.SOURCE_ROUTES, source.routes());
        exchange.setProperty(SyncExchange.DESTINATION_ROUTES, destination.routes());
        exchange.setProperty(SyncExchange.DRY_RUN, message.dryRun());
        int attempt = job.attempts() + 1;
        // this delivery's name in the job record, for renewing its claim (a fresh one for each attempt)
        String holder = UUID.randomUUID().toString();
        boolean claimed = jobs.claim(job.id(), JobStore.Transition.to(JobState.IN_PROGRESS,
                        (message.dryRun() ? "dry run, attempt " : "attempt ") + attempt + ": " + named(source)
                                + " -> " + named(destination) + ", " + window.from() + " .. " + window.to()
                                + ", " + connection.strategyFor(message.dataType()))
                .attempts(attempt).window(window), Instant.now().minus(claimLease), holder);
        if (!claimed) {
            if (jobs.find(job.id()).map(held -> held.state().isFinished()).orElse(true)) {
                LOG.info("job {} finished meanwhile: duplicate delivery, nothing to do", job.id());
                if (!message.dryRun()) {
                    leases.release(message.userId(), message.connectionId(), message.dataType(), job.id());
                }
                exchange.setProperty(ALREADY_FINISHED, true);
                return;
            }
            // another copy of the message runs the job. This copy is not dropped: should that holder die, this one
            // must still be there to finish the job
            throw new JobHeldElsewhereException("job " + job.id() + " is held by another delivery of its message");
        }
        ClaimRenewals.Renewal renewal = claimRenewals.renew(job.id(), () -> {
            if (!message.dryRun()) {
                leases.renew(message.userId(), message.connectionId(), message.dataType(), job.id(),
                        Instant.now().plus(claimLease));
            }
            return jobs.renewClaim(job.id(), holder);
        });
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                renewal.stop();
            }
        });
    }

    /** A dry run writes nothing, so it runs beside other jobs of its type: the connection as it is. */
    private static Connection connectionToPlan(Exchange exchange, JobMessage message) {
        Connection connection = SyncExchange.connectionToPlan(exchange);
        if (connection == null) {
            throw new PermanentSyncException("connection " + message.connectionId() + " no longer exists");
        }
        connection.unavailableFor(message.dataType()).ifPresent(reason -> {
            throw new PermanentSyncException(reason);
        });
        return connection;
    }

    /** The data type's lease for this job, with the connection as it is once taken; or the reason it waits or fails. */
    private Connection leaseOfType(JobMessage message, Job job) {
        ConnectionLeases.Outcome outcome = leases.acquire(message.userId(), message.connectionId(), message.dataType(),
                job.id(), message.path() == null ? "hot" : message.path(), Instant.now(), claimLease);
        if (outcome instanceof ConnectionLeases.Acquired acquired) {
            return acquired.connection();
        }
        if (outcome instanceof ConnectionLeases.Unavailable unavailable) {
            throw new PermanentSyncException(unavailable.reason());
        }
        ConnectionLeases.Busy busy = (ConnectionLeases.Busy) outcome;
        String reason = busy.holderJobId() == null
                ? WAITS_FOR + "a fresh sync of " + message.dataType() + " to go first"
                : WAITS_FOR + "job " + busy.holderJobId() + " of the same connection and data type to finish";
        throw new ConnectionBusyException(reason, lastDetail(job).startsWith(WAITS_FOR));
    }

    private static String lastDetail(Job job) {
        List<JobEvent> history = job.history();
        return history == null || history.isEmpty() || history.get(history.size() - 1).detail() == null ? ""
                : history.get(history.size() - 1).detail();
    }

    /** From the cursor minus the source's lookback (late data), or the initial window for a first sync; up to now. */
    private TimeWindow hotWindow(Instant cursor, Duration lookback) {
        Instant now = Instant.now();
        Instant from = cursor == null ? now.minus(initialWindow) : cursor.minus(lookback);
        // a cursor ahead of this clock (skew between hosts) still gives a valid, tiny window
        return new TimeWindow(from.isBefore(now) ? from : now.minusMillis(1), now);
    }

    /** A provider as the job's history names it: its id and the version the connection pinned. */
    private static String named(HealthProvider provider) {
        return provider.id() + " " + provider.info().version();
    }
}
