package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import conflict.SyncPlan;
import jobs.JobMessage;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.Sport;
import model.StepsRecord;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.ProviderCall;
import providers.spi.WriteRequest;
import state.Connection;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bodies the worker's steps send to the provider routes, from what sync-enrich and sync-resolve set: both fetches
 * ask for the job's data type in the attempt's window, on behalf of the job's user at the source or the destination,
 * a cold job's within the cold share of the rate budget; the write carries the plan as the destination carries it out
 * (a merge as the replacement of its recording).
 */
@ExtendWith(SharedSyncWell.class)
class ProviderRequestsTest {

    private static SyncFixtures fixtures;
    private static Connection connection;
    private final ProviderRequests requests = new ProviderRequests();

    @BeforeAll
    static void aConnection() {
        fixtures = new SyncFixtures();
        connection = fixtures.connection(fixtures.user(), "steps", "activities");
    }

    private static JobMessage job(DataType type, String path, TimeWindow window) {
        return new JobMessage(UUID.randomUUID().toString(), connection.userId(), connection.id(), type, path, window,
                window == null ? "api" : "backfill", false);
    }

    /** After sync-enrich: the job and its attempt's context. */
    private static Exchange enriched(JobMessage job, TimeWindow window) {
        Exchange exchange = fixtures.exchange(job);
        exchange.setProperty(SyncExchange.CONTEXT, new SyncContext(connection, null, window,
                fixtures.providers.get(connection.source()), fixtures.providers.get(connection.destination())));
        return exchange;
    }

    private static TimeWindow lastWeek() {
        Instant now = Instant.now();
        return new TimeWindow(now.minus(Duration.ofDays(7)), now);
    }

    @Test
    void theSourceIsAskedForTheJobsTypeInTheAttemptsWindow() {
        TimeWindow window = lastWeek();
        JobMessage job = job(DataType.STEPS, "hot", null);

        FetchRequest request = requests.sourceFetch(enriched(job, window));

        assertThat(request).isEqualTo(new FetchRequest(new ProviderCall(connection.userId(), "fitbit", false),
                DataType.STEPS, window));
    }

    @Test
    void theDestinationIsAskedForWhatItHoldsInTheSameWindow() {
        TimeWindow window = lastWeek();
        JobMessage job = job(DataType.STEPS, "hot", null);

        FetchRequest request = requests.destinationFetch(enriched(job, window));

        assertThat(request).isEqualTo(new FetchRequest(new ProviderCall(connection.userId(), "googlefit", false),
                DataType.STEPS, window));
    }

    @Test
    void aColdJobsCallsKeepToTheColdShareOfTheRateBudget() {
        TimeWindow window = SyncFixtures.daysAgo(30, 29);
        JobMessage job = job(DataType.STEPS, "cold", window);
        Exchange exchange = enriched(job, window);

        assertThat(requests.sourceFetch(exchange).call()).isEqualTo(new ProviderCall(connection.userId(), "fitbit", true));
        assertThat(requests.destinationFetch(exchange).call())
                .isEqualTo(new ProviderCall(connection.userId(), "googlefit", true));
        assertThat(requests.sourceFetch(exchange).window()).isEqualTo(window);
    }

    @Test
    void theWriteCarriesThePlanToTheDestination() {
        TimeWindow window = lastWeek();
        JobMessage job = job(DataType.STEPS, "hot", null);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        HealthRecord create = new StepsRecord(minute, minute.plusSeconds(60), 40, ZoneOffset.UTC,
                new Provenance("fitbit", "f-1", null));
        HealthRecord replace = new StepsRecord(minute.plusSeconds(60), minute.plusSeconds(120), 41, ZoneOffset.UTC,
                new Provenance("fitbit", "f-2", null));
        HealthRecord existing = new StepsRecord(minute.plusSeconds(60), minute.plusSeconds(120), 12, ZoneOffset.UTC,
                new Provenance("googlefit", "g-2", "raw:com.google.step_count.delta:SyncWell"));
        SyncPlan plan = new SyncPlan(List.of(create), List.of(new SyncPlan.Replacement(replace, existing)), List.of());
        Exchange exchange = enriched(job, window);
        exchange.setProperty(SyncExchange.PLAN, plan);

        WriteRequest request = requests.write(exchange);

        assertThat(request).isEqualTo(new WriteRequest(new ProviderCall(connection.userId(), "googlefit", false),
                DataType.STEPS, plan));
    }

    @Test
    void aMergeIsWrittenAsTheReplacementOfTheDestinationsRecording() {
        TimeWindow window = lastWeek();
        JobMessage job = job(DataType.ACTIVITIES, "hot", null);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));
        ActivityRecord recording = new ActivityRecord(start, start.plus(Duration.ofMinutes(40)), Sport.RUN, "Run", 6000.0,
                400.0, List.of(), ZoneOffset.UTC, new Provenance("googlefit", "session-1", null));
        ActivityRecord merged = new ActivityRecord(start, start.plus(Duration.ofMinutes(40)), Sport.RUN, "Run", 6010.0,
                410.0, List.of(), ZoneOffset.UTC, new Provenance("fitbit", "a-1", null));
        SyncPlan.Merge merge = new SyncPlan.Merge(merged, recording, Map.of("distanceMetres", "fitbit:a-1"));
        SyncPlan plan = new SyncPlan(List.of(), List.of(), List.of(), List.of(merge));
        Exchange exchange = enriched(job, window);
        exchange.setProperty(SyncExchange.PLAN, plan);

        WriteRequest request = requests.write(exchange);

        assertThat(request.type()).isEqualTo(DataType.ACTIVITIES);
        assertThat(request.plan().merges()).isEmpty();
        assertThat(request.plan().replacements()).containsExactly(new SyncPlan.Replacement(merged, recording));
        assertThat(request.plan().writes()).isEqualTo(plan.writes());
    }
}
