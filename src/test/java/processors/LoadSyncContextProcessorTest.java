package processors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.EnumSource;

import failures.ConnectionBusyException;
import failures.JobHeldElsewhereException;
import failures.PermanentSyncException;
import failures.RateLimitedException;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import state.Backfill;
import state.ClaimRenewals;
import state.Connection;
import state.ConnectionLeases;
import state.Job;
import state.JobStore;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static processors.ProcessorFixtures.messageOf;
import static processors.SyncFixtures.daysAgo;
import static processors.SyncFixtures.lastDetail;
import static processors.SyncFixtures.withState;

/**
 * sync-enrich's last step on the real stores: after {@link EnrichReads} set the job's record, its backfill and a dry
 * run's connection, the processor takes the data type's lease, fixes the window (first sync, from the cursor, a
 * backfill's own) and claims the job IN_PROGRESS, setting the attempt's context. Covers what it refuses or skips: a
 * finished job, a message that does not match its record, a deferral still running, a cancelled backfill's window, a
 * deleted or disabled connection, a lease held by another job (the job waits), a job another delivery holds, and a
 * job finished meanwhile.
 */
@ExtendWith(SharedSyncWell.class)
class LoadSyncContextProcessorTest {

    private static SyncFixtures fixtures;
    private static ClaimRenewals claimRenewals;
    private static LoadSyncContextProcessor processor;
    private static TestUser owner;
    private static TestUser other;

    @BeforeAll
    static void processorOnTheRealStores() {
        fixtures = new SyncFixtures();
        claimRenewals = new ClaimRenewals(fixtures.claimLease());
        processor = new LoadSyncContextProcessor(fixtures.jobs, fixtures.leases, fixtures.providers,
                fixtures.initialWindow(), fixtures.claimLease(), claimRenewals);
        owner = fixtures.user();
        other = fixtures.user();
    }

    @AfterAll
    static void stopRenewingClaims() {
        if (claimRenewals != null) {
            claimRenewals.close();
        }
    }

    /** An exchange for the job's own message, through sync-enrich's reads. */
    private static Exchange enriched(Job job) {
        return enriched(messageOf(job));
    }

    private static Exchange enriched(JobMessage message) {
        Exchange exchange = fixtures.exchange(message);
        fixtures.enrich(exchange);
        return exchange;
    }

    // --- the job runs -----------------------------------------------------------------------------------------------

    @Test
    void aFirstSyncTakesTheLeaseAndRunsOverTheInitialWindow() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.hotJob(connection);
        Exchange exchange = enriched(job);
        Instant before = Instant.now();

        processor.process(exchange);

        Instant after = Instant.now();
        SyncContext context = SyncExchange.context(exchange);
        assertThat(context.connection().id()).isEqualTo(connection.id());
        assertThat(context.cursor()).as("never synced").isNull();
        assertThat(context.window().to()).isBetween(before, after);
        assertThat(Duration.between(context.window().from(), context.window().to())).isEqualTo(fixtures.initialWindow());
        assertThat(context.source().id()).isEqualTo("fitbit");
        assertThat(context.destination().id()).isEqualTo("googlefit");
        assertThat(exchange.getProperty(SyncExchange.SOURCE, String.class)).isEqualTo("fitbit");
        assertThat(exchange.getProperty(SyncExchange.SOURCE_ROUTES, String.class)).as("fitbit-fetch, fitbit-write").isEqualTo("fitbit");
        assertThat(exchange.getProperty(SyncExchange.DESTINATION, String.class)).isEqualTo("googlefit");
        assertThat(exchange.getProperty(SyncExchange.DRY_RUN, Boolean.class)).isFalse();
        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED)).isNull();

        Job running = fixtures.job(job.id());
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.window()).isEqualTo(context.window());
        assertThat(running.history()).hasSize(2);
        assertThat(lastDetail(running)).isEqualTo("attempt 1: fitbit v1 -> googlefit v1, " + context.window().from() + " .. "
                + context.window().to() + ", PRIORITIZE_SOURCE");
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("the job holds its type's lease").contains(job.id());
    }

    @Test
    void aSyncResumesFromTheCursorLessTheSourcesLookback() {
        Connection connection = fixtures.connection(owner, "steps");
        Instant cursor = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, cursor,
                UUID.randomUUID().toString(), JobState.SUCCEEDED)).isTrue();
        Job job = fixtures.hotJob(connection);
        Exchange exchange = enriched(job);

        processor.process(exchange);

        SyncContext context = SyncExchange.context(exchange);
        assertThat(context.cursor()).isEqualTo(cursor);
        assertThat(context.connection().statusOf(DataType.STEPS).lastSyncTime()).as("the connection as the lease answered it")
                .isEqualTo(cursor);
        assertThat(context.window().from()).isEqualTo(cursor.minus(fixtures.providers.get("fitbit").lookback()));
        assertThat(fixtures.job(job.id()).window()).isEqualTo(context.window());
    }

    @Test
    void aCursorAheadOfThisClockStillGivesAValidWindow() {
        Connection connection = fixtures.connection(owner, "steps");
        // further ahead than the source's lookback reaches back
        Instant ahead = Instant.now().plus(fixtures.providers.get("fitbit").lookback()).plus(Duration.ofHours(1));
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, ahead,
                UUID.randomUUID().toString(), JobState.SUCCEEDED)).isTrue();
        Exchange exchange = enriched(fixtures.hotJob(connection));

        processor.process(exchange);

        TimeWindow window = SyncExchange.context(exchange).window();
        assertThat(Duration.between(window.from(), window.to())).isEqualTo(Duration.ofMillis(1));
        assertThat(window.to()).isBefore(ahead);
    }

    @Test
    void aBackfillWindowRunsOverItsOwnWindowOnTheColdPath() {
        Connection connection = fixtures.connection(owner, "steps");
        TimeWindow window = daysAgo(20, 19);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        Exchange exchange = enriched(job);
        assertThat(SyncExchange.backfill(exchange).id()).isEqualTo(backfill.id());

        processor.process(exchange);

        assertThat(SyncExchange.context(exchange).window()).isEqualTo(window);
        Job running = fixtures.job(job.id());
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(running.window()).isEqualTo(window);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).contains(job.id());
    }

    @Test
    void aWindowWhoseBackfillIsGoneRunsAsItIs() {
        Connection connection = fixtures.connection(owner, "steps");
        TimeWindow window = daysAgo(30, 29);
        Job job = fixtures.backfillWindow(connection, UUID.randomUUID().toString(), window);
        Exchange exchange = enriched(job);
        assertThat(SyncExchange.backfill(exchange)).isNull();

        processor.process(exchange);

        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED)).isNull();
        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.IN_PROGRESS);
    }

    @Test
    void aJobWhoseDeferralHasPassedRunsItsNextAttempt() {
        Connection connection = fixtures.connection(owner, "steps");
        Instant deferredAt = Instant.now().minus(Duration.ofMinutes(3));
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                JobState.DEFERRED, 1, "rate limited", deferredAt.plus(Duration.ofMinutes(1)), deferredAt));
        Exchange exchange = enriched(job);

        processor.process(exchange);

        Job running = fixtures.job(job.id());
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(running.attempts()).isEqualTo(2);
        assertThat(lastDetail(running)).startsWith("attempt 2: fitbit v1 -> googlefit v1, ");
    }

    @Test
    void aJobWhoseHolderStoppedRenewingItsClaimIsTakenOver() {
        Connection connection = fixtures.connection(owner, "steps");
        Instant longAgo = Instant.now().minus(fixtures.claimLease().multipliedBy(3));
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                JobState.IN_PROGRESS, 1, "attempt 1 of a worker that died", null, longAgo));
        Exchange exchange = enriched(job);

        processor.process(exchange);

        Job running = fixtures.job(job.id());
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(running.attempts()).isEqualTo(2);
        assertThat(running.updatedAt()).isAfter(longAgo);
        assertThat(lastDetail(running)).startsWith("attempt 2: ");
    }

    @Test
    void aDryRunPlansOnTheConnectionAsItIsBesideAJobHoldingTheLease() {
        Connection connection = fixtures.connection(owner, "steps");
        String holder = UUID.randomUUID().toString();
        fixtures.takeLease(connection, DataType.STEPS, holder, "hot");
        Job job = fixtures.dryRunJob(connection);
        Exchange exchange = enriched(job);
        assertThat(SyncExchange.connectionToPlan(exchange).id()).isEqualTo(connection.id());

        processor.process(exchange);

        SyncContext context = SyncExchange.context(exchange);
        assertThat(context.connection().id()).isEqualTo(connection.id());
        assertThat(exchange.getProperty(SyncExchange.DRY_RUN, Boolean.class)).isTrue();
        Job running = fixtures.job(job.id());
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(lastDetail(running)).startsWith("dry run, attempt 1: fitbit v1 -> googlefit v1, ");
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("a dry run takes no lease").contains(holder);
    }

    // --- the job is not run again, or not now ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"SUCCEEDED", "MOVED_TO_DLQ", "CANCELLED"})
    void aFinishedJobIsNotRunAgain(JobState finished) {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                finished, 1, "finished earlier", null, Instant.now()));
        Exchange exchange = enriched(job);

        processor.process(exchange);

        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED, Boolean.class)).isTrue();
        assertThat(SyncExchange.context(exchange)).isNull();
        Job after = fixtures.job(job.id());
        assertThat(after.state()).isEqualTo(finished);
        assertThat(after.history()).hasSize(2);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).isEmpty();
    }

    @Test
    void theRouteStopsAFinishedJobByThePropertyThisStepSets() throws IOException {
        try (InputStream routes = getClass().getClassLoader().getResourceAsStream("camel/sync-worker.camel.yaml")) {
            assertThat(routes).isNotNull();
            assertThat(new String(routes.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("${exchangeProperty." + LoadSyncContextProcessor.ALREADY_FINISHED + "} == true");
        }
    }

    @Test
    void aJobMessageNamingAnotherUsersConnectionIsRefused() {
        Connection owners = fixtures.connection(owner, "steps");
        Connection others = fixtures.connection(other, "steps");
        Job job = fixtures.hotJob(owners);
        JobMessage forged = new JobMessage(job.id(), other.id, others.id(), DataType.STEPS, "hot", null, "api", false);
        Exchange exchange = enriched(forged);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("the job message does not match job " + job.id()
                        + "'s record (user, connection or data type): nothing was run");

        assertThat(SyncExchange.job(exchange)).as("the dead letter concerns the record's connection")
                .isEqualTo(messageOf(job));
        assertThat(SyncExchange.context(exchange)).isNull();
        Job after = fixtures.job(job.id());
        assertThat(after.state()).isEqualTo(JobState.QUEUED);
        assertThat(after.history()).hasSize(1);
        assertThat(fixtures.leaseHolder(others, DataType.STEPS)).as("nothing taken on the named connection").isEmpty();
        assertThat(fixtures.stored(others).statusOf(DataType.STEPS).lastJobId()).isNull();
    }

    @Test
    void aJobMessageNamingAnotherDataTypeIsRefused() {
        Connection connection = fixtures.connection(owner, "steps", "weight");
        Job job = fixtures.hotJob(connection);
        JobMessage message = messageOf(job);
        Exchange exchange = enriched(new JobMessage(message.jobId(), message.userId(), message.connectionId(),
                DataType.WEIGHT, message.path(), null, message.trigger(), false));

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessageContaining("does not match job " + job.id());

        assertThat(SyncExchange.job(exchange).dataType()).isEqualTo(DataType.STEPS);
        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.QUEUED);
        assertThat(fixtures.leaseHolder(connection, DataType.WEIGHT)).isEmpty();
    }

    @Test
    void aJobStillDeferredIsDeferredForTheRestOfItsWait() {
        Connection connection = fixtures.connection(owner, "steps");
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                JobState.DEFERRED, 1, "rate limited", until, Instant.now()));
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOfSatisfying(RateLimitedException.class, limited -> {
                    assertThat(limited.retryAfter()).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
                    assertThat(limited.getMessage()).startsWith("still rate limited until ");
                });

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.DEFERRED);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).isEmpty();
    }

    @Test
    void aWindowOfACancelledBackfillIsCancelled() {
        Connection connection = fixtures.connection(owner, "steps");
        TimeWindow window = daysAgo(40, 39);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        assertThat(fixtures.backfills.cancel(backfill.id(), Instant.now())).isTrue();
        Exchange exchange = enriched(job);

        processor.process(exchange);

        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED, Boolean.class)).isTrue();
        assertThat(SyncExchange.context(exchange)).isNull();
        Job cancelled = fixtures.job(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(lastDetail(cancelled)).isEqualTo("backfill " + backfill.id() + " was cancelled");
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).isEmpty();
    }

    @Test
    void aRunningWindowOfACancelledBackfillIsLeftToTheDeliveryRunningIt() {
        Connection connection = fixtures.connection(owner, "steps");
        TimeWindow window = daysAgo(50, 49);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "cold", "backfill", false, window,
                backfill.id()), JobState.IN_PROGRESS, 1, "attempt 1", null, Instant.now()));
        fixtures.takeLease(connection, DataType.STEPS, job.id(), "cold");
        assertThat(fixtures.backfills.cancel(backfill.id(), Instant.now())).isTrue();
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange)).isInstanceOf(JobHeldElsewhereException.class);

        assertThat(fixtures.job(job.id()).state()).as("a job running now finishes").isEqualTo(JobState.IN_PROGRESS);
    }

    @Test
    void aDryRunOfADeletedConnectionFails() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.dryRunJob(connection);
        fixtures.delete(owner, connection);
        Exchange exchange = enriched(job);
        assertThat(SyncExchange.connectionToPlan(exchange)).isNull();

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("connection " + connection.id() + " no longer exists");

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.QUEUED);
    }

    /** Whether it plans (reading the connection as it is) or syncs (through the data type's lease). */
    @ParameterizedTest(name = "dry run: {0}")
    @ValueSource(booleans = {true, false})
    void aJobOfADisabledConnectionFails(boolean dryRun) {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = dryRun ? fixtures.dryRunJob(connection) : fixtures.hotJob(connection);
        fixtures.patch(owner, connection, Map.of("enabled", false));
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("connection " + connection.id() + " is disabled");

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aDryRunOfADataTypeTheConnectionNoLongerSyncsFails() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.dryRunJob(connection);
        fixtures.patch(owner, connection, Map.of("dataTypes", List.of("weight")));
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("connection " + connection.id() + " no longer syncs steps");
    }

    @Test
    void aSyncOfADeletedConnectionFails() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.hotJob(connection);
        fixtures.delete(owner, connection);
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("connection " + connection.id() + " no longer exists");

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.QUEUED);
        assertThat(fixtures.connections.find(connection.userId(), connection.id())).as("not made again by the lease").isEmpty();
    }

    @Test
    void aJobWhoseTypeIsHeldByAnotherJobWaits() {
        Connection connection = fixtures.connection(owner, "steps");
        String holder = UUID.randomUUID().toString();
        fixtures.takeLease(connection, DataType.STEPS, holder, "hot");
        Job job = fixtures.hotJob(connection);
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOfSatisfying(ConnectionBusyException.class, busy -> {
                    assertThat(busy.getMessage()).isEqualTo(LoadSyncContextProcessor.WAITS_FOR + "job " + holder
                            + " of the same connection and data type to finish");
                    assertThat(busy.noted()).as("its history does not say it waits yet").isFalse();
                });

        Job waiting = fixtures.job(job.id());
        assertThat(waiting.state()).isEqualTo(JobState.QUEUED);
        assertThat(waiting.history()).hasSize(1);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).contains(holder);
    }

    @Test
    void aJobWhoseHistoryAlreadySaysItWaitsIsNotNotedAgain() {
        Connection connection = fixtures.connection(owner, "steps");
        String holder = UUID.randomUUID().toString();
        fixtures.takeLease(connection, DataType.STEPS, holder, "hot");
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                JobState.QUEUED, 0, LoadSyncContextProcessor.WAITS_FOR + "job " + holder
                        + " of the same connection and data type to finish", null, Instant.now()));
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOfSatisfying(ConnectionBusyException.class, busy -> assertThat(busy.noted()).isTrue());
    }

    @Test
    void aColdJobWaitsForAFreshSyncToGoFirst() {
        Connection connection = fixtures.connection(owner, "steps");
        // a cold job holds the type; a hot job asking for it marks that it waits; the cold job then gives it up
        String coldHolder = UUID.randomUUID().toString();
        fixtures.takeLease(connection, DataType.STEPS, coldHolder, "cold");
        ConnectionLeases.Outcome hot = fixtures.leases.acquire(connection.userId(), connection.id(), DataType.STEPS,
                UUID.randomUUID().toString(), "hot", Instant.now(), fixtures.claimLease());
        assertThat(hot).isEqualTo(new ConnectionLeases.Busy(coldHolder, "cold"));
        fixtures.leases.release(connection.userId(), connection.id(), DataType.STEPS, coldHolder);
        TimeWindow window = daysAgo(60, 59);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(ConnectionBusyException.class)
                .hasMessage(LoadSyncContextProcessor.WAITS_FOR + "a fresh sync of steps to go first");

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aJobAnotherDeliveryHoldsIsNotRunTwice() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.store(withState(SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null),
                JobState.IN_PROGRESS, 1, "attempt 1 of another delivery", null, Instant.now()));
        fixtures.takeLease(connection, DataType.STEPS, job.id(), "hot");
        Exchange exchange = enriched(job);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(JobHeldElsewhereException.class)
                .hasMessage("job " + job.id() + " is held by another delivery of its message");

        Job held = fixtures.job(job.id());
        assertThat(held.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(held.attempts()).isEqualTo(1);
        assertThat(held.history()).hasSize(2);
        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED)).isNull();
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("the holder keeps the lease").contains(job.id());
    }

    @Test
    void aJobFinishedMeanwhileGivesTheLeaseItTookBack() {
        Connection connection = fixtures.connection(owner, "steps");
        Job job = fixtures.hotJob(connection);
        Exchange exchange = enriched(job);
        // another delivery finishes the job after this one read its record
        fixtures.jobs.transition(job.id(), JobStore.Transition.to(JobState.SUCCEEDED, "finished by another delivery"));

        processor.process(exchange);

        assertThat(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED, Boolean.class)).isTrue();
        Job finished = fixtures.job(job.id());
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(lastDetail(finished)).isEqualTo("finished by another delivery");
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).isEmpty();
    }
}
