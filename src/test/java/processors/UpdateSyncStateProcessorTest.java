package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.ConflictResolver;
import conflict.PlanSummary;
import conflict.SyncPlan;
import model.DataType;
import model.HealthRecord;
import model.JobState;
import model.Provenance;
import model.StepsRecord;
import model.TimeWindow;
import providers.spi.WriteOutcome;
import state.Backfill;
import state.Connection;
import state.DataTypeStatus;
import state.Job;
import state.JobCounts;
import state.JobStore;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static processors.ProcessorFixtures.messageOf;
import static processors.SyncFixtures.lastDetail;

/**
 * sync-update-state on the real stores, after a write that succeeded: a sync of fresh data moves the connection's
 * cursor to its window's end and gives the lease up in the same write, a cursor another job moved meanwhile is left
 * alone, a backfill window leaves the cursor and the type's last job as they are; the job is SUCCEEDED with its counts,
 * the reasons of its skips and the summary of its plan. A write that answered nothing changes nothing.
 */
@ExtendWith(SharedSyncWell.class)
class UpdateSyncStateProcessorTest {

    private static SyncFixtures fixtures;
    private static UpdateSyncStateProcessor processor;
    private static TestUser user;

    @BeforeAll
    static void processorOnTheRealStores() {
        fixtures = new SyncFixtures();
        processor = new UpdateSyncStateProcessor(fixtures.jobs, fixtures.connections, fixtures.leases);
        user = fixtures.user();
    }

    /** The job as sync-enrich leaves it: its type's lease taken, claimed IN_PROGRESS over {@code window}; its context. */
    private static SyncContext running(Job job, TimeWindow window) {
        Connection leased = fixtures.takeLease(fixtures.stored(job.userId(), job.connectionId()), job.dataType(), job.id(),
                job.path());
        assertThat(fixtures.jobs.claim(job.id(), JobStore.Transition.to(JobState.IN_PROGRESS, "attempt 1").attempts(1)
                .window(window), Instant.now().minus(fixtures.claimLease()), UUID.randomUUID().toString())).isTrue();
        return new SyncContext(leased, leased.statusOf(job.dataType()).lastSyncTime(), window,
                fixtures.providers.get(leased.source()), fixtures.providers.get(leased.destination()));
    }

    /** After sync-write: what both sides held, the plan, and the destination's answer as the body. */
    private static Exchange written(Job job, SyncContext context, List<HealthRecord> source, List<HealthRecord> destination,
                                    SyncPlan plan, WriteOutcome outcome) {
        Exchange exchange = fixtures.exchange(messageOf(job));
        exchange.setProperty(SyncExchange.CONTEXT, context);
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, source);
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, destination);
        exchange.setProperty(SyncExchange.PLAN, plan);
        exchange.getMessage().setBody(outcome);
        return exchange;
    }

    private static StepsRecord steps(Instant start, long count, String provider) {
        return new StepsRecord(start, start.plusSeconds(60), count, ZoneOffset.UTC, new Provenance(provider,
                provider + "-" + start.getEpochSecond(), null));
    }

    private static TimeWindow upToNow() {
        Instant now = Instant.now();
        return new TimeWindow(now.minus(Duration.ofDays(7)), now);
    }

    @Test
    void aSyncMovesTheCursorToItsWindowsEndAndSucceedsWithItsCounts() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.hotJob(connection);
        TimeWindow window = upToNow();
        SyncContext context = running(job, window);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        StepsRecord first = steps(minute, 40, "fitbit");
        StepsRecord second = steps(minute.plusSeconds(60), 41, "fitbit");
        StepsRecord third = steps(minute.plusSeconds(120), 42, "fitbit");
        StepsRecord alreadyThere = steps(minute.plusSeconds(120), 42, "googlefit");
        SyncPlan plan = new SyncPlan(List.of(first, second), List.of(),
                List.of(new SyncPlan.Skip(third, ConflictResolver.ALREADY_PRESENT)));
        Exchange exchange = written(job, context, List.of(first, second, third), List.of(alreadyThere), plan,
                new WriteOutcome(2, 0));

        processor.process(exchange);

        assertThat(exchange.getProperty(SyncExchange.OUTCOME, String.class)).isEqualTo("succeeded");
        DataTypeStatus status = fixtures.stored(connection).statusOf(DataType.STEPS);
        assertThat(status.lastSyncTime()).isEqualTo(window.to());
        assertThat(status.lastJobId()).isEqualTo(job.id());
        assertThat(status.lastJobState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("the lease is given up").isEmpty();

        Job succeeded = fixtures.job(job.id());
        assertThat(succeeded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(succeeded.counts()).isEqualTo(new JobCounts(3, 1, 2, 1, 0));
        assertThat(lastDetail(succeeded)).isEqualTo("fetched 3, written 2, skipped 1 {" + ConflictResolver.ALREADY_PRESENT
                + "=1}; cursor now " + window.to());
        JsonNode summary = succeeded.plan();
        assertThat(summary.path("create").asInt()).isEqualTo(2);
        assertThat(summary.path("skip").asInt()).isEqualTo(1);
        assertThat(summary.path("skipReasons").path(ConflictResolver.ALREADY_PRESENT).asInt()).isEqualTo(1);
        assertThat(summary.path("digest").asText()).isEqualTo(PlanSummary.of(plan).digest());
    }

    @Test
    void aSyncThatWroteNothingStillMovesTheCursor() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        Instant cursor = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, cursor,
                UUID.randomUUID().toString(), JobState.SUCCEEDED)).isTrue();
        Job job = fixtures.hotJob(connection);
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(cursor.minus(Duration.ofHours(1)), now);
        SyncContext context = running(job, window);
        assertThat(context.cursor()).isEqualTo(cursor);
        Exchange exchange = written(job, context, List.of(), List.of(), new SyncPlan(List.of(), List.of(), List.of()),
                new WriteOutcome(0, 0));

        processor.process(exchange);

        assertThat(fixtures.stored(connection).statusOf(DataType.STEPS).lastSyncTime()).isEqualTo(window.to());
        Job succeeded = fixtures.job(job.id());
        assertThat(succeeded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(succeeded.counts()).isEqualTo(JobCounts.none());
        assertThat(lastDetail(succeeded)).isEqualTo("fetched 0, written 0; cursor now " + window.to());
    }

    @Test
    void aCursorAnotherJobMovedMeanwhileIsLeftAlone() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.hotJob(connection);
        TimeWindow window = upToNow();
        SyncContext context = running(job, window);
        assertThat(context.cursor()).as("never synced when this job started").isNull();
        Instant movedTo = window.to().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String otherJob = UUID.randomUUID().toString();
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, movedTo,
                otherJob, JobState.SUCCEEDED)).isTrue();
        Exchange exchange = written(job, context, List.of(), List.of(), new SyncPlan(List.of(), List.of(), List.of()),
                new WriteOutcome(0, 0));

        processor.process(exchange);

        DataTypeStatus status = fixtures.stored(connection).statusOf(DataType.STEPS);
        assertThat(status.lastSyncTime()).isEqualTo(movedTo);
        assertThat(status.lastJobId()).as("still recorded as the type's last job").isEqualTo(job.id());
        assertThat(status.lastJobState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).isEmpty();
        Job succeeded = fixtures.job(job.id());
        assertThat(succeeded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(lastDetail(succeeded)).endsWith("; cursor left alone: another job moved it meanwhile");
    }

    @Test
    void aBackfillWindowLeavesTheCursorAndTheTypesLastJobAlone() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        TimeWindow window = SyncFixtures.daysAgo(20, 19);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        SyncContext context = running(job, window);
        StepsRecord old = steps(window.from().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(1)), 40, "fitbit");
        Exchange exchange = written(job, context, List.of(old), List.of(), new SyncPlan(List.of(old), List.of(), List.of()),
                new WriteOutcome(1, 0));

        processor.process(exchange);

        DataTypeStatus status = fixtures.stored(connection).statusOf(DataType.STEPS);
        assertThat(status.lastSyncTime()).as("history does not move the cursor").isNull();
        assertThat(status.lastJobId()).as("nor count as the type's last sync").isNull();
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("the lease is given up").isEmpty();
        Job succeeded = fixtures.job(job.id());
        assertThat(succeeded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(succeeded.counts()).isEqualTo(new JobCounts(1, 0, 1, 0, 0));
        assertThat(lastDetail(succeeded)).isEqualTo("fetched 1, written 1; window of the backfill, cursor unchanged");
        assertThat(exchange.getProperty(SyncExchange.OUTCOME, String.class)).isEqualTo("succeeded");
    }

    @Test
    void aReplacementCountsAsWritten() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.hotJob(connection);
        TimeWindow window = upToNow();
        SyncContext context = running(job, window);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        StepsRecord fresh = steps(minute, 40, "fitbit");
        StepsRecord corrected = steps(minute.plusSeconds(60), 41, "fitbit");
        StepsRecord stale = steps(minute.plusSeconds(60), 12, "googlefit");
        SyncPlan plan = new SyncPlan(List.of(fresh), List.of(new SyncPlan.Replacement(corrected, stale)), List.of());
        Exchange exchange = written(job, context, List.of(fresh, corrected), List.of(stale), plan, new WriteOutcome(1, 1));

        processor.process(exchange);

        Job succeeded = fixtures.job(job.id());
        assertThat(succeeded.counts()).isEqualTo(new JobCounts(2, 1, 2, 0, 0));
        assertThat(succeeded.plan().path("replace").asInt()).isEqualTo(1);
    }

    @Test
    void aWriteThatAnsweredNothingChangesNothing() throws Exception {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.hotJob(connection);
        TimeWindow window = upToNow();
        SyncContext context = running(job, window);
        Exchange exchange = written(job, context, List.of(), List.of(), new SyncPlan(List.of(), List.of(), List.of()), null);

        assertThatThrownBy(() -> processor.process(exchange)).isInstanceOf(InvalidPayloadException.class);

        assertThat(fixtures.job(job.id()).state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(fixtures.stored(connection).statusOf(DataType.STEPS).lastSyncTime()).isNull();
        assertThat(fixtures.leaseHolder(connection, DataType.STEPS)).as("still the job's").contains(job.id());
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isNull();
    }
}
