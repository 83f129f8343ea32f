package processors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import conflict.SyncPlan;
import jobs.JobMessage;
import model.ConflictStrategy;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.StepsRecord;
import model.TimeWindow;
import state.Backfill;
import state.Connection;
import state.DataTypeStatus;
import state.Job;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange properties the worker's steps hand each other: each accessor answers what its step set (and null
 * before), an attempt starts without what an earlier attempt left but keeps its job, the step an attempt failed in
 * falls back when it failed before any step, and the worker route names the properties as the steps do.
 */
@ExtendWith(SharedSyncWell.class)
class SyncExchangeTest {

    private static final List<String> ALL = List.of(SyncExchange.JOB, SyncExchange.JOB_RECORD, SyncExchange.BACKFILL,
            SyncExchange.CONNECTION_TO_PLAN, SyncExchange.CONTEXT, SyncExchange.SOURCE_RECORDS,
            SyncExchange.DESTINATION_RECORDS, SyncExchange.PLAN, SyncExchange.SOURCE, SyncExchange.DESTINATION,
            SyncExchange.SOURCE_ROUTES, SyncExchange.DESTINATION_ROUTES,
            SyncExchange.DRY_RUN, SyncExchange.FAILED_STEP, SyncExchange.OUTCOME);

    private static SyncWellInstance app;
    private static SyncFixtures fixtures;

    private final Instant now = Instant.now();
    private final TimeWindow window = new TimeWindow(now.minus(Duration.ofDays(1)), now);
    private final String userId = "user-" + UUID.randomUUID();
    private final Connection connection = new Connection(userId, UUID.randomUUID().toString(), "fitbit", "googlefit", "v1", "v1",
            List.of(DataType.STEPS), ConflictStrategy.PRIORITIZE_SOURCE, null, null, true, now, now, 1,
            java.util.Map.of("steps", DataTypeStatus.never()), null, null, null);
    private final Job record = SyncFixtures.newJob(connection, DataType.STEPS, "hot", "api", false, null, null);

    @BeforeAll
    static void theSharedInstance() {
        app = SharedSyncWell.instance();
        fixtures = new SyncFixtures();
    }

    private Exchange exchange() {
        return new DefaultExchange(app.context());
    }

    @Test
    void nothingIsThereBeforeAStepSetsIt() {
        Exchange exchange = exchange();

        assertThat(SyncExchange.job(exchange)).as("a message that could not be read").isNull();
        assertThat(SyncExchange.jobRecord(exchange)).isNull();
        assertThat(SyncExchange.backfill(exchange)).isNull();
        assertThat(SyncExchange.connectionToPlan(exchange)).isNull();
        assertThat(SyncExchange.context(exchange)).isNull();
        assertThat(SyncExchange.sourceRecords(exchange)).isNull();
        assertThat(SyncExchange.destinationRecords(exchange)).isNull();
        assertThat(SyncExchange.plan(exchange)).as("the attempt did not get that far").isNull();
    }

    @Test
    void eachStepFindsWhatTheStepBeforeItSet() {
        Exchange exchange = exchange();
        JobMessage message = ProcessorFixtures.messageOf(record);
        Backfill backfill = new Backfill(UUID.randomUUID().toString(), userId, connection.id(), window.from(), window.to(),
                List.of(DataType.STEPS), Backfill.RUNNING, 1, now, null, null);
        SyncContext context = new SyncContext(connection, null, window, fixtures.providers.get("fitbit"),
                fixtures.providers.get("googlefit"));
        List<HealthRecord> source = List.of(new StepsRecord(now.minusSeconds(120), now.minusSeconds(60), 40, ZoneOffset.UTC,
                new Provenance("fitbit", "f-1", null)));
        List<HealthRecord> destination = List.of();
        SyncPlan plan = new SyncPlan(source, List.of(), List.of());

        exchange.setProperty(SyncExchange.JOB, message);
        exchange.setProperty(SyncExchange.JOB_RECORD, record);
        exchange.setProperty(SyncExchange.BACKFILL, backfill);
        exchange.setProperty(SyncExchange.CONNECTION_TO_PLAN, connection);
        exchange.setProperty(SyncExchange.CONTEXT, context);
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, source);
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, destination);
        exchange.setProperty(SyncExchange.PLAN, plan);

        assertThat(SyncExchange.job(exchange)).isSameAs(message);
        assertThat(SyncExchange.jobRecord(exchange)).isSameAs(record);
        assertThat(SyncExchange.backfill(exchange)).isSameAs(backfill);
        assertThat(SyncExchange.connectionToPlan(exchange)).isSameAs(connection);
        assertThat(SyncExchange.context(exchange)).isSameAs(context);
        assertThat(SyncExchange.sourceRecords(exchange)).isSameAs(source);
        assertThat(SyncExchange.destinationRecords(exchange)).isSameAs(destination);
        assertThat(SyncExchange.plan(exchange)).isSameAs(plan);
    }

    @Test
    void anAttemptStartsAfreshButKeepsItsJob() {
        Exchange exchange = exchange();
        JobMessage message = ProcessorFixtures.messageOf(record);
        exchange.setProperty(SyncExchange.JOB, message);
        exchange.setProperty(SyncExchange.JOB_RECORD, record);
        exchange.setProperty(SyncExchange.CONNECTION_TO_PLAN, connection);
        exchange.setProperty(SyncExchange.SOURCE_RECORDS, List.of());
        exchange.setProperty(SyncExchange.DESTINATION_RECORDS, List.of());
        exchange.setProperty(SyncExchange.PLAN, new SyncPlan(List.of(), List.of(), List.of()));
        exchange.setProperty(SyncExchange.FAILED_STEP, "fetch-source");
        exchange.setProperty(SyncExchange.OUTCOME, "requeued");

        SyncExchange.startAttempt(exchange);

        assertThat(SyncExchange.job(exchange)).isSameAs(message);
        assertThat(SyncExchange.jobRecord(exchange)).isNull();
        assertThat(SyncExchange.connectionToPlan(exchange)).isNull();
        assertThat(SyncExchange.sourceRecords(exchange)).isNull();
        assertThat(SyncExchange.destinationRecords(exchange)).isNull();
        assertThat(SyncExchange.plan(exchange)).isNull();
        assertThat(SyncExchange.failedStep(exchange, "read-job-message")).isEqualTo("read-job-message");
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isNull();
    }

    @Test
    void theFailedStepFallsBackWhenTheAttemptFailedBeforeAnyStep() {
        Exchange exchange = exchange();

        assertThat(SyncExchange.failedStep(exchange, "read-job-message")).isEqualTo("read-job-message");

        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        assertThat(SyncExchange.failedStep(exchange, "read-job-message")).isEqualTo("write");
    }

    @Test
    void everyPropertyHasANameOfItsOwn() {
        assertThat(ALL).doesNotHaveDuplicates().allSatisfy(name -> assertThat(name).startsWith("SyncWell"));
    }

    @Test
    void theWorkerRouteNamesThePropertiesAsTheStepsDo() throws IOException {
        String routes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("camel/sync-worker.camel.yaml")) {
            assertThat(in).isNotNull();
            routes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        for (String setByTheRoute : List.of(SyncExchange.JOB_RECORD, SyncExchange.BACKFILL, SyncExchange.CONNECTION_TO_PLAN,
                SyncExchange.SOURCE_RECORDS, SyncExchange.DESTINATION_RECORDS)) {
            assertThat(routes).contains("name: " + setByTheRoute);
        }
        for (String readByTheRoute : List.of(SyncExchange.SOURCE_ROUTES, SyncExchange.DESTINATION_ROUTES, SyncExchange.DRY_RUN)) {
            assertThat(routes).contains("${exchangeProperty." + readByTheRoute + "}");
        }
    }
}
