package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 * sync-finish-dry-run on the real stores: a dry run that planned is SUCCEEDED with its plan's summary and counts
 * (nothing written), while the connection's cursor and last job stay as they were, so the real sync after it plans
 * the same. A dry run whose job record is gone cannot be finished.
 */
@ExtendWith(SharedSyncWell.class)
class FinishDryRunProcessorTest {

    private static SyncFixtures fixtures;
    private static FinishDryRunProcessor processor;
    private static TestUser user;

    @BeforeAll
    static void processorOnTheRealStores() {
        fixtures = new SyncFixtures();
        processor = new FinishDryRunProcessor(fixtures.jobs);
        user = fixtures.user();
    }

    /** A dry run as sync-resolve leaves it: claimed IN_PROGRESS, its context, what both sides hold and the plan. */
    private static Exchange planned(Job job, List<HealthRecord> source, List<HealthRecord> destination, SyncPlan plan) {
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(now.minus(fixtures.initialWindow()), now);
        assertThat(fixtures.jobs.claim(job.id(), JobStore.Transition.to(JobState.IN_PROGRESS, "dry run, attempt 1")
                .attempts(1).window(window), now.minus(fixtures.claimLease()), UUID.randomUUID().toString())).isTrue();
        Connection connection = fixtures.stored(job.userId(), job.connectionId());
        Exchange exchange = fixtures.exchange(messageOf(job));
        exchange.setProperty(SyncExchange.CONTEXT, new SyncContext(connection, null, window,
                fixtures.providers.get(connection.source()), fixtures.providers.get(connection.destination())));
        exchange.setProperty(SyncExchange.DRY_RUN, true);
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, source);
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, destination);
        exchange.setProperty(SyncExchange.PLAN, plan);
        return exchange;
    }

    private static StepsRecord steps(Instant start, long count, String provider) {
        return new StepsRecord(start, start.plusSeconds(60), count, ZoneOffset.UTC, new Provenance(provider,
                provider + "-" + start.getEpochSecond(), null));
    }

    @Test
    void aDryRunKeepsItsPlanAndSucceedsWithNothingWritten() {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.dryRunJob(connection);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        StepsRecord first = steps(minute, 40, "fitbit");
        StepsRecord second = steps(minute.plusSeconds(60), 41, "fitbit");
        StepsRecord third = steps(minute.plusSeconds(120), 42, "fitbit");
        StepsRecord alreadyThere = steps(minute.plusSeconds(120), 42, "googlefit");
        SyncPlan plan = new SyncPlan(List.of(first, second), List.of(),
                List.of(new SyncPlan.Skip(third, ConflictResolver.ALREADY_PRESENT)));
        Exchange exchange = planned(job, List.of(first, second, third), List.of(alreadyThere), plan);

        processor.process(exchange);

        assertThat(exchange.getProperty(SyncExchange.OUTCOME, String.class)).isEqualTo("dry_run");
        Job finished = fixtures.job(job.id());
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(lastDetail(finished)).isEqualTo(FinishDryRunProcessor.DETAIL);
        assertThat(finished.counts()).as("nothing written").isEqualTo(new JobCounts(3, 1, 0, 1, 0));
        JsonNode summary = finished.plan();
        assertThat(summary.path("create").asInt()).isEqualTo(2);
        assertThat(summary.path("skip").asInt()).isEqualTo(1);
        assertThat(summary.path("items").size()).isEqualTo(3);
        assertThat(summary.path("digest").asText()).as("comparable with the real run's plan")
                .isEqualTo(PlanSummary.of(plan).digest());

        DataTypeStatus status = fixtures.stored(connection).statusOf(DataType.STEPS);
        assertThat(status.lastSyncTime()).as("the cursor stays where it is").isNull();
        assertThat(status.lastJobId()).as("a dry run is no sync").isNull();
    }

    @Test
    void aDryRunThatFoundNothingToDoSucceedsWithAnEmptyPlan() {
        Connection connection = fixtures.connection(user, "steps");
        Instant cursor = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);
        String lastSync = UUID.randomUUID().toString();
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, cursor,
                lastSync, JobState.SUCCEEDED)).isTrue();
        Job job = fixtures.dryRunJob(connection);
        Exchange exchange = planned(job, List.of(), List.of(), new SyncPlan(List.of(), List.of(), List.of()));

        processor.process(exchange);

        Job finished = fixtures.job(job.id());
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.counts()).isEqualTo(JobCounts.none());
        assertThat(finished.plan().path("create").asInt()).isZero();
        assertThat(finished.plan().path("items").size()).isZero();
        DataTypeStatus status = fixtures.stored(connection).statusOf(DataType.STEPS);
        assertThat(status.lastSyncTime()).isEqualTo(cursor);
        assertThat(status.lastJobId()).isEqualTo(lastSync);
    }

    @Test
    void aDryRunWhoseJobRecordIsGoneCannotBeFinished() {
        Connection connection = fixtures.connection(user, "steps");
        Job never = SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", true, null, null);
        Instant now = Instant.now();
        Exchange exchange = fixtures.exchange(messageOf(never));
        exchange.setProperty(SyncExchange.CONTEXT, new SyncContext(connection, null,
                new TimeWindow(now.minus(Duration.ofDays(1)), now), fixtures.providers.get(connection.source()),
                fixtures.providers.get(connection.destination())));
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, List.of());
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, List.of());
        exchange.setProperty(SyncExchange.PLAN, new SyncPlan(List.of(), List.of(), List.of()));

        assertThatThrownBy(() -> processor.process(exchange)).isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(fixtures.jobs.find(never.id())).as("not made by finishing it").isEmpty();
    }
}
