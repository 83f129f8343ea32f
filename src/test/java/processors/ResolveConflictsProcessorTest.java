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

import conflict.ConflictResolver;
import conflict.SyncPlan;
import jobs.JobMessage;
import model.ConflictStrategy;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.StepsRecord;
import model.TimeWindow;
import state.Connection;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * sync-resolve with the real providers and connections made through the API: what the source holds against what the
 * destination holds, under the strategy the connection sets for the job's data type — new records are created, a
 * different value the destination lets us overwrite is replaced, one it does not is skipped, what is already there is
 * skipped (a re-run writes nothing), SyncWell's own echo is never sent back, and PRIORITIZE_DESTINATION keeps the
 * destination's.
 */
@ExtendWith(SharedSyncWell.class)
class ResolveConflictsProcessorTest {

    /** How Google Fit names the data stream SyncWell writes to: records in it are ours to overwrite. */
    private static final String OUR_GOOGLE_FIT_STREAM = "raw:com.google.step_count.delta:SyncWell";
    /** A stream of the user's phone: not ours to overwrite. */
    private static final String PHONE_STREAM = "raw:com.google.step_count.delta:com.google.android.gms:phone";

    private static SyncFixtures fixtures;
    private static TestUser user;
    private final ResolveConflictsProcessor processor = new ResolveConflictsProcessor();
    private final Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));

    @BeforeAll
    static void aUser() {
        fixtures = new SyncFixtures();
        user = fixtures.user();
    }

    private StepsRecord atFitbit(int minuteOfHour, long count) {
        Instant start = minute.plus(Duration.ofMinutes(minuteOfHour));
        return new StepsRecord(start, start.plusSeconds(60), count, ZoneOffset.UTC,
                new Provenance("fitbit", "fitbit-" + minuteOfHour, null));
    }

    private StepsRecord atGoogleFit(int minuteOfHour, long count, String stream) {
        Instant start = minute.plus(Duration.ofMinutes(minuteOfHour));
        return new StepsRecord(start, start.plusSeconds(60), count, ZoneOffset.UTC,
                new Provenance("googlefit", "googlefit-" + minuteOfHour, stream));
    }

    /** After both fetches: the job, its context on the connection, and what each side holds. */
    private static Exchange fetched(Connection connection, List<HealthRecord> source, List<HealthRecord> destination) {
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(now.minus(Duration.ofDays(1)), now);
        Exchange exchange = fixtures.exchange(new JobMessage(UUID.randomUUID().toString(), connection.userId(),
                connection.id(), DataType.STEPS, "hot", null, "api", false));
        exchange.setProperty(SyncExchange.CONTEXT, new SyncContext(connection, null, window,
                fixtures.providers.get(connection.source()), fixtures.providers.get(connection.destination())));
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, source);
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, destination);
        return exchange;
    }

    @Test
    void whatTheDestinationLacksIsCreated() {
        Connection connection = fixtures.connection(user, "steps");
        StepsRecord first = atFitbit(0, 40);
        StepsRecord second = atFitbit(1, 41);
        Exchange exchange = fetched(connection, List.of(first, second), List.of());

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.creates()).containsExactly(first, second);
        assertThat(plan.replacements()).isEmpty();
        assertThat(plan.skips()).isEmpty();
    }

    @Test
    void whatTheDestinationAlreadyHoldsIsNotWrittenAgain() {
        Connection connection = fixtures.connection(user, "steps");
        Exchange exchange = fetched(connection, List.of(atFitbit(0, 40), atFitbit(1, 41)),
                List.of(atGoogleFit(0, 40, OUR_GOOGLE_FIT_STREAM), atGoogleFit(1, 41, PHONE_STREAM)));

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.isEmpty()).as("a re-run writes nothing").isTrue();
        assertThat(plan.skips()).extracting(SyncPlan.Skip::reason)
                .containsExactly(ConflictResolver.ALREADY_PRESENT, ConflictResolver.ALREADY_PRESENT);
    }

    @Test
    void aDifferentValueIsReplacedWhereTheDestinationLetsUsAndSkippedWhereItDoesNot() {
        Connection connection = fixtures.connection(user, "steps");
        StepsRecord ours = atFitbit(0, 40);
        StepsRecord theirs = atFitbit(1, 41);
        StepsRecord writtenByUs = atGoogleFit(0, 12, OUR_GOOGLE_FIT_STREAM);
        StepsRecord countedByThePhone = atGoogleFit(1, 13, PHONE_STREAM);
        Exchange exchange = fetched(connection, List.of(ours, theirs), List.of(writtenByUs, countedByThePhone));

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.creates()).isEmpty();
        assertThat(plan.replacements()).containsExactly(new SyncPlan.Replacement(ours, writtenByUs));
        assertThat(plan.skips()).extracting(SyncPlan.Skip::source, SyncPlan.Skip::reason)
                .containsExactly(tuple(theirs, ConflictResolver.CANNOT_REPLACE));
    }

    @Test
    void theConnectionsStrategyForTheDataTypeDecides() {
        Connection connection = fixtures.connection(user, Map.of("conflictStrategy", "PRIORITIZE_SOURCE",
                "conflictStrategies", Map.of("steps", "PRIORITIZE_DESTINATION")));
        assertThat(connection.strategyFor(DataType.STEPS)).isEqualTo(ConflictStrategy.PRIORITIZE_DESTINATION);
        StepsRecord different = atFitbit(0, 40);
        StepsRecord fresh = atFitbit(1, 41);
        Exchange exchange = fetched(connection, List.of(different, fresh), List.of(atGoogleFit(0, 12, OUR_GOOGLE_FIT_STREAM)));

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.creates()).containsExactly(fresh);
        assertThat(plan.replacements()).as("the destination's value is kept, even where we could overwrite it").isEmpty();
        assertThat(plan.skips()).extracting(SyncPlan.Skip::source, SyncPlan.Skip::reason)
                .containsExactly(tuple(different, ConflictResolver.DESTINATION_KEPT));
    }

    @Test
    void aRecordSyncWellWroteAtTheSourceIsNeverSentBack() {
        Connection connection = fixtures.connection(user, "steps");
        Instant start = minute;
        StepsRecord echo = new StepsRecord(start, start.plusSeconds(60), 40, ZoneOffset.UTC,
                new Provenance("fitbit", "fitbit-echo", null).withSyncId("sw-" + UUID.randomUUID()));
        Exchange exchange = fetched(connection, List.of(echo), List.of());

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.WRITTEN_BY_SYNCWELL);
    }

    @Test
    void nothingAtTheSourcePlansNothing() {
        Connection connection = fixtures.connection(user, "steps");
        Exchange exchange = fetched(connection, List.of(), List.of(atGoogleFit(0, 12, PHONE_STREAM)));

        processor.process(exchange);

        SyncPlan plan = SyncExchange.plan(exchange);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.skips()).isEmpty();
    }
}
