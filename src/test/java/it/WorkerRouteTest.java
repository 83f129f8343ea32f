package it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import api.JobRequests;
import model.DataType;
import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import state.Connection;
import state.ConnectionStore;
import state.DueIndex;
import state.Job;
import state.JobStore;
import state.Tables;
import state.WaitingJobs;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker route as Camel Main starts it ({@code @CamelMainTest}: {@code application.properties}, its configuration
 * classes and YAML routes), in a context of its own beside the shared instance: only the hot worker, on a queue of its
 * own, against the shared local stack and sandbox. NotifyBuilder says which {@code sync-<step>} routes a job went
 * through; the job record and the destination say what they did. One context for the class's tests.
 */
@ExtendWith(SharedSyncWell.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(propertyPlaceholderLocations = {WorkerRouteTest.SETTINGS, "classpath:application.properties"})
class WorkerRouteTest {

    /** Where this context's settings are written before it starts; the first location wins over the app's defaults. */
    static final String SETTINGS = "file:target/it/worker-route-test.properties";
    private static final String HOT_QUEUE = "worker-route-test-hot";
    private static final List<String> WRITING_STEPS = List.of("sync-enrich", "sync-fetch-source", "sync-fetch-destination",
            "sync-resolve", "sync-write", "sync-update-state");

    @BeanInject
    CamelContext context;

    /** The shared instance's settings (its stack's ports, data dir and token key), as a hot worker on a queue of its own. */
    @BeforeAll
    static void settingsBesideTheSharedInstance() throws IOException {
        Properties settings = SharedSyncWell.instance().settings();
        settings.setProperty("camel.main.name", "worker-route-test");
        settings.setProperty("syncwell.roles", "hot-worker");
        settings.setProperty("syncwell.local.stack", "external");
        settings.setProperty("syncwell.sandbox.enabled", "false");
        settings.setProperty("syncwell.queue.hot", HOT_QUEUE);
        settings.setProperty("syncwell.queue.cold", "worker-route-test-cold");
        settings.setProperty("camel.server.port", Integer.toString(SyncWellProcess.freePort()));
        settings.setProperty("camel.management.port", Integer.toString(SyncWellProcess.freePort()));
        Path file = Path.of(SETTINGS.substring("file:".length()));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            settings.store(out, "WorkerRouteTest: the shared instance's settings, as a hot worker on a queue of its own");
        }
    }

    @Test
    void aJobGoesThroughEveryStepOnceAndItsDataArrives() {
        TestUser user = seededUser();
        String connectionId = user.connect("fitbit", "googlefit", List.of("steps"));
        List<NotifyBuilder> steps = WRITING_STEPS.stream().map(this::jobSentTo).toList();
        NotifyBuilder dryRunFinish = jobSentTo("sync-finish-dry-run");
        NotifyBuilder consumed = new NotifyBuilder(context).fromRoute("sync-worker-hot").whenCompleted(1).create();

        Job queued = jobs().requestHot(connection(user, connectionId), List.of(DataType.STEPS), "api",
                "queued by WorkerRouteTest", Duration.ZERO).get(0);

        assertThat(consumed.matches(30, TimeUnit.SECONDS)).as("the hot worker of this context took the job").isTrue();
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i).matches(0, TimeUnit.SECONDS)).as(WRITING_STEPS.get(i)).isTrue();
        }
        assertThat(dryRunFinish.matches(0, TimeUnit.SECONDS)).as("a sync does not finish as a dry run").isFalse();
        Job finished = jobStore().find(queued.id()).orElseThrow();
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.counts().written()).isEqualTo(3);
        assertThat(SharedSyncWell.instance().sandbox().steps("googlefit", user.providerUser("googlefit"))).hasSize(3);
    }

    @Test
    void aDryRunPlansOnTheConnectionAndNeverReachesTheWrite() {
        TestUser user = seededUser();
        String connectionId = user.connect("fitbit", "googlefit", List.of("steps"));
        NotifyBuilder planned = jobSentTo("sync-resolve");
        NotifyBuilder finishedAsDryRun = jobSentTo("sync-finish-dry-run");
        NotifyBuilder written = jobSentTo("sync-write");
        NotifyBuilder consumed = new NotifyBuilder(context).fromRoute("sync-worker-hot").whenCompleted(1).create();

        Job queued = jobs().requestDryRun(connection(user, connectionId), List.of(DataType.STEPS), "api",
                "dry run queued by WorkerRouteTest").get(0);

        assertThat(consumed.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(planned.matches(0, TimeUnit.SECONDS)).as("sync-resolve").isTrue();
        assertThat(finishedAsDryRun.matches(0, TimeUnit.SECONDS)).as("sync-finish-dry-run").isTrue();
        assertThat(written.matches(0, TimeUnit.SECONDS)).as("sync-write").isFalse();
        Job finished = jobStore().find(queued.id()).orElseThrow();
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.plan().path("create").asInt()).isEqualTo(3);
        assertThat(SharedSyncWell.instance().sandbox().steps("googlefit", user.providerUser("googlefit"))).isEmpty();
    }

    /** Matches once a job the hot worker took has been through the step's route ({@code direct:<step>}). */
    private NotifyBuilder jobSentTo(String step) {
        return new NotifyBuilder(context).fromRoute("sync-worker-hot").wereSentTo("direct:" + step).whenDone(1).create();
    }

    /** A Fitbit → Google Fit user with three minutes of steps at Fitbit and nothing at Google Fit. */
    private static TestUser seededUser() {
        SyncWellInstance app = SharedSyncWell.instance();
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.HOURS);
        app.sandbox().seedSteps("fitbit", user.providerUser("fitbit"), List.of(0, 1, 2).stream()
                .map(i -> Map.of("start", minute.plus(i, ChronoUnit.MINUTES).toString(),
                        "end", minute.plus(i + 1, ChronoUnit.MINUTES).toString(), "count", 40 + i)).toList());
        return user;
    }

    /** Jobs queued the way the API queues them, through this context's request routes: onto its own hot queue. */
    private JobRequests jobs() {
        DynamoDbClient dynamo = dynamo();
        return new JobRequests(jobStore(), new WaitingJobs(dynamo, tables(), jobStore()), context.createProducerTemplate(), Duration.ofDays(1));
    }

    private Connection connection(TestUser user, String connectionId) {
        int shards = Integer.parseInt(context.resolvePropertyPlaceholders("{{syncwell.scheduler.shards}}"));
        return await().atMost(Duration.ofSeconds(5)).until(() -> new ConnectionStore(dynamo(), tables(), new DueIndex(shards))
                .find(user.id, connectionId), found -> found.isPresent()).orElseThrow();
    }

    private JobStore jobStore() {
        return new JobStore(dynamo(), tables());
    }

    private Tables tables() {
        return Tables.withPrefix(context.resolvePropertyPlaceholders("{{syncwell.table-prefix}}"));
    }

    private DynamoDbClient dynamo() {
        return context.getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
    }
}
