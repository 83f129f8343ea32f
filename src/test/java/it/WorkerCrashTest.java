package it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import state.JobStore;
import state.Tables;
import support.ApiClient;
import support.DynamoDbFaultProxy;
import support.GcLog;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers die, stop and lose DynamoDB mid-job: an API-only instance (it runs the local stack and the sandbox) with
 * its workers in a separate OS process, so that process can be killed with SIGKILL or stopped with SIGTERM while a
 * job is in flight (the source is made slow for that). Whatever happens, the job ends SUCCEEDED once a worker runs
 * again, and the destination holds exactly the source's data. A worker in the pod's heap whose consumers all receive
 * huge provider answers at once lives on.
 */
@Order(4)
class WorkerCrashTest {

    /** Short, so a message whose worker died comes back quickly; the worker extends it while a job runs. */
    private static final String VISIBILITY_SECONDS = "5";
    /** A worker pod's consumers: five hot and two cold, all on the hot queue here so that they run at once. */
    private static final int LARGE_ANSWER_CONSUMERS = 7;
    /** The largest answer a provider call takes (ProviderHttp.MAX_BODY_BYTES). */
    private static final int LARGE_ANSWER_BYTES = 32 * 1024 * 1024;

    private static Path dir;
    private static SyncWellInstance app;
    private static final AtomicInteger WORKERS = new AtomicInteger();
    private final List<SyncWellProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startApiOnly() {
        dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("worker-crash-" + System.currentTimeMillis());
        app = new SyncWellInstance("syncwell-api-only", dir.resolve("data"), Map.of("syncwell.roles", "api")).start();
    }

    @AfterAll
    static void stopApi() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void noWorkerLeftBehind() {
        workers.forEach(SyncWellProcess::close);
    }

    @Test
    void aJobWhoseWorkerWasKilledIsRedeliveredAndFinishesOnce() {
        Sync sync = slowWeightSync(Duration.ofSeconds(8));
        SyncWellProcess first = worker(Map.of());
        String jobId = sync.request();
        awaitInProgress(sync, jobId);

        first.killHard();
        assertThat(state(sync, jobId)).as("a killed worker finishes nothing").isEqualTo("IN_PROGRESS");
        worker(Map.of());

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).as("redelivered after the visibility timeout").isGreaterThanOrEqualTo(2);
        sync.assertDestinationHoldsExactlyTheSource();
    }

    /**
     * The worker dies after the destination applied the write but before the cursor moved (the sandbox applies a write
     * and then holds its answer): the redelivered job finds the weights there, writes nothing again and moves the cursor.
     */
    @Test
    void aCrashBetweenTheWriteAndTheCursorUpdateLeavesEachPointOnce() {
        Sync sync = weightSync();
        String googleUser = sync.user.providerUser("googlefit");
        app.sandbox().fault("googlefit", googleUser, Map.of("delayMillis", 8000, "count", 1, "method", "PATCH"));
        SyncWellProcess first = worker(Map.of());
        String jobId = sync.request();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> app.sandbox().weight("googlefit", googleUser).size() == sync.seeded().size());

        first.killHard();
        assertThat(state(sync, jobId)).as("written, but the job never got to update-state").isEqualTo("IN_PROGRESS");
        worker(Map.of());

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("counts").get("written").asInt()).as("the second attempt finds the weights there").isZero();
        sync.assertDestinationHoldsExactlyTheSource();
        JsonNode weight = sync.user.api.get("/v1/connections/" + sync.connection()).json().get("status").get("weight");
        assertThat(weight.get("lastSyncTime").isNull()).as("cursor moved: %s", weight).isFalse();
    }

    /**
     * A job running three visibility timeouts keeps its claim (the worker renews it as it extends the message), so a
     * copy of its message delivered meanwhile is handed back instead of running the job a second time at once.
     */
    @Test
    void aJobRunningLongerThanTheVisibilityTimeoutIsNotTakenOverByACopyOfItsMessage() throws Exception {
        Sync sync = slowWeightSync(Duration.ofSeconds(15));
        SyncWellProcess worker = worker(Map.of());
        String jobId = sync.request();
        awaitInProgress(sync, jobId);
        JobStore jobs = new JobStore(app.context().getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class),
                Tables.withPrefix("syncwell-"));
        Instant claimedAt = jobs.find(jobId).orElseThrow().history().stream()
                .filter(event -> event.state() == JobState.IN_PROGRESS).reduce((first, second) -> second).orElseThrow().at();
        Duration lease = Duration.ofSeconds(Long.parseLong(VISIBILITY_SECONDS));
        // past the lease the job was claimed with: from here on an unrenewed claim counts as a dead holder's
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(claimedAt.plus(lease).plusSeconds(1)));
        assertThat(state(sync, jobId)).as("still running").isEqualTo("IN_PROGRESS");
        // the job record's updatedAt is what a claim's age is judged by (the API does not show it)
        assertThat(jobs.find(jobId).orElseThrow().updatedAt()).as("the claim was renewed").isAfter(claimedAt.plus(lease.dividedBy(3)));

        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot")).queueUrl();
        String copy = SyncScenario.copyOfJobMessage(jobId, sync.user.id, sync.connection, "weight");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(copy));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(worker.log()).contains("job " + jobId + " is held by another delivery"));

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).as("run once").isEqualTo(1);
        List<String> runs = new ArrayList<>();
        job.get("history").forEach(event -> {
            if (event.get("state").asText().equals("IN_PROGRESS")) {
                runs.add(event.get("detail").asText());
            }
        });
        assertThat(runs).as("one delivery ran the job").hasSize(1);
        sync.assertDestinationHoldsExactlyTheSource();
    }

    /**
     * DynamoDB goes down between Fitbit rotating the account's refresh token and the worker storing the new one (the
     * sandbox holds its token answer meanwhile): the worker keeps offering the rotated tokens until DynamoDB is back, so
     * the account stays linked — losing them would leave only the retired refresh token, and the account to re-link.
     */
    @Test
    void rotatedTokensOutliveADynamoDbRestartInTheMiddleOfTheirRefresh() throws Exception {
        Sync sync = weightSync();
        String fitbitUser = sync.user.providerUser("fitbit");
        app.sandbox().expireTokens("fitbit", fitbitUser);
        // the answer is held long enough for dynalite to be stopped before it arrives, however busy the machine
        app.sandbox().fault("fitbit", fitbitUser, Map.of("delayMillis", 6000, "count", 1, "method", "POST", "pathContains", "token"));
        int refreshTokensIssued = app.sandbox().tokens().get("refreshTokens").size();
        SyncWellProcess worker = worker(Map.of());
        String jobId = sync.request();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> app.sandbox().tokens().get("refreshTokens").size() > refreshTokensIssued);
        app.localStack().stopDynamoDb();
        try {
            // the token answer arrives while DynamoDB is down: the worker cannot store it yet (it says so, or gives the
            // job back to the queue, which would lose the rotated tokens)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String log = Files.readString(worker.log());
                return log.contains("storing the rotated fitbit tokens of a user failed")
                        || log.contains("job " + jobId + " at fetch-source: a backing service is unreachable");
            });
        } finally {
            app.localStack().startDynamoDb();
        }

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        sync.assertDestinationHoldsExactlyTheSource();
        assertThat(SyncScenario.awaitFinished(sync.user, sync.request()).get("state").asText())
                .as("the next sync runs on the stored rotated tokens").isEqualTo("SUCCEEDED");
    }

    @Test
    void sigtermLetsTheJobInFlightFinishWithinTheGracePeriod() {
        Sync sync = slowWeightSync(Duration.ofSeconds(4));
        SyncWellProcess worker = worker(Map.of("camel.main.shutdown-timeout", "30"));
        String jobId = sync.request();
        awaitInProgress(sync, jobId);

        worker.stop(Duration.ofSeconds(40));
        assertThat(state(sync, jobId)).as("finished before the process exited").isEqualTo("SUCCEEDED");
        sync.assertDestinationHoldsExactlyTheSource();
    }

    @Test
    void sigtermPastTheGracePeriodHandsTheJobBackToTheQueue() {
        // the job would hold the worker for 25 s; a shutdown well under that did not wait for it (the margin is
        // for a busy 2-core machine, where closing Camel and the JVM itself takes seconds)
        Sync sync = slowWeightSync(Duration.ofSeconds(25));
        SyncWellProcess worker = worker(Map.of("camel.main.shutdown-timeout", "2"));
        String jobId = sync.request();
        awaitInProgress(sync, jobId);

        Instant stopped = Instant.now();
        worker.stop(Duration.ofSeconds(40));
        assertThat(Duration.between(stopped, Instant.now())).as("the grace period bounds the shutdown")
                .isLessThan(Duration.ofSeconds(18));
        assertThat(state(sync, jobId)).isEqualTo("IN_PROGRESS");
        worker(Map.of());

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).as("never stuck IN_PROGRESS").isEqualTo("SUCCEEDED");
        sync.assertDestinationHoldsExactlyTheSource();
    }

    @Test
    void whileDynamoDbIsDownTheApiAnswers503AndJobsInFlightFinishOnceItIsBack() throws Exception {
        // slow enough that the job is still in flight when dynalite goes down, however busy the machine
        Sync sync = slowWeightSync(Duration.ofSeconds(8));
        SyncWellProcess worker = worker(Map.of());
        String jobId = sync.request();
        awaitInProgress(sync, jobId);

        app.localStack().stopDynamoDb();
        try {
            for (ApiClient.Answer answer : List.of(sync.user.api.post("/v1/connections/" + sync.connection + "/sync", null),
                    sync.user.api.get("/v1/jobs/" + jobId))) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
            // the job in flight meets the outage and hands its message back to the queue, neither FAILED nor dead-lettered
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(worker.log()).contains("job " + jobId + " at "));
        } finally {
            app.localStack().startDynamoDb();
        }

        JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        sync.assertDestinationHoldsExactlyTheSource();
        // and the API takes requests again
        String next = sync.request();
        assertThat(SyncScenario.awaitFinished(sync.user, next).get("state").asText()).isEqualTo("SUCCEEDED");
        sync.assertDestinationHoldsExactlyTheSource();
    }

    /**
     * DynamoDB throttles ({@code ProvisionedThroughputExceededException}) or fails on its side (HTTP 500) past the SDK's
     * own retries: our infrastructure's hiccup, not the job's failure — its message goes back to the queue (no retry in
     * the worker, no dead letter), and the job finishes once DynamoDB answers again.
     */
    @ParameterizedTest
    @EnumSource(DynamoDbFaultProxy.Fault.class)
    void aThrottledOrFailingDynamoDbHandsTheJobBackInsteadOfDeadLetteringIt(DynamoDbFaultProxy.Fault fault) throws Exception {
        Sync sync = weightSync();
        try (DynamoDbFaultProxy dynamoDb = DynamoDbFaultProxy.inFrontOf(app.ports().dynamoDb())) {
            // the worker's DynamoDB calls go through the proxy; two SDK attempts each keep the test short
            SyncWellProcess worker = worker(Map.of("syncwell.local.dynamodb-port", Integer.toString(dynamoDb.port()),
                    "syncwell.aws.max-attempts", "2"));
            dynamoDb.arm("UpdateItem", fault);
            String jobId = sync.request();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(worker.log()).contains("job " + jobId + " at enrich: a backing service is unreachable, throttled or failing"));
            dynamoDb.disarm();
            assertThat(dynamoDb.refused()).isPositive();

            JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
            assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
            assertThat(SyncScenario.states(job)).as("never failed, never retried in the worker")
                    .doesNotContain("FAILED", "MOVED_TO_DLQ", "RETRYING");
            sync.assertDestinationHoldsExactlyTheSource();
        }
    }

    /**
     * Issue 11, hole 9: a worker in the pod's heap (768 MiB, 75 % of its 1 GiB limit) whose seven consumers each receive a
     * 32 MiB answer at once — a Fitbit intraday answer repeating its heart-rate dataset over a million points, held back
     * three seconds so that all seven arrive together — reads them as streams: each job ends with exactly the source's
     * heart rate at the destination, and the worker lives on. Read whole, as text and then as a tree, one such answer
     * took some 400 MB and the seven ended the process ({@code ExitOnOutOfMemoryError}, as in the pod).
     */
    @Test
    void sevenConsumersReceiving32MiBAnswersAtOnceStayWithinThePodsHeap() throws Exception {
        List<HeartRateSync> syncs = new ArrayList<>();
        for (int i = 0; i < LARGE_ANSWER_CONSUMERS; i++) {
            HeartRateSync sync = heartRateSync();
            app.sandbox().fault("fitbit", sync.user.providerUser("fitbit"), Map.of("inflateTo", LARGE_ANSWER_BYTES,
                    "pathContains", "/activities/heart/date/", "delayMillis", 3000, "count", 1));
            syncs.add(sync);
        }
        Path gcLog = dir.resolve("large-answers-gc.log").toAbsolutePath();
        // one message per receive: each consumer takes one of the seven jobs, none runs two one after another
        SyncWellProcess worker = worker(Map.of("syncwell.worker.hot.consumers", Integer.toString(LARGE_ANSWER_CONSUMERS),
                        "syncwell.worker.messages-per-poll", "1"),
                List.of("-Xmx768m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog));
        Map<HeartRateSync, String> jobs = new java.util.LinkedHashMap<>();
        syncs.forEach(sync -> jobs.put(sync, SyncScenario.requestSync(sync.user, sync.connection).get(0)));

        jobs.forEach((sync, jobId) -> {
            JsonNode job = SyncScenario.awaitFinished(sync.user, jobId);
            assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
            sync.assertDestinationHoldsExactlyTheSource();
        });
        assertThat(worker.isAlive()).as("the worker outlived seven 32 MiB answers, see " + worker.log()).isTrue();
        String sandboxLog = Files.readString(Path.of(System.getProperty("syncwell.test.dir", "target/it"), "test-run.log"));
        for (HeartRateSync sync : syncs) {
            assertThat(sandboxLog).as("the answer to %s was inflated", sync.user.providerUser("fitbit"))
                    .contains("of user " + sync.user.providerUser("fitbit") + " to " + LARGE_ANSWER_BYTES + " bytes");
        }
        GcLog.Peaks heap = GcLog.peaks(gcLog);
        System.out.printf("7 consumers x 32 MiB answers at once: heap at most %d MiB in use before a collection, %d MiB"
                + " live after one (limit 768 MiB, %d collections)%n", heap.beforeCollectionMiB(), heap.afterCollectionMiB(),
                heap.collections());
        assertThat(heap.collections()).as("the GC log was read").isPositive();
        assertThat(heap.afterCollectionMiB()).as("live heap after a collection").isLessThan(768);
    }

    /**
     * A Fitbit → Google Fit heart-rate connection, a reading every hour of the week its first sync reads: each day's
     * intraday answer has a dataset, which is what an inflated answer repeats.
     */
    private static HeartRateSync heartRateSync() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(7, ChronoUnit.DAYS).plus(30, ChronoUnit.MINUTES);
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < 7 * 24; i++) {
            readings.add(Map.of("time", base.plus(i, ChronoUnit.HOURS).toString(), "bpm", 52 + (i * 7) % 90));
        }
        app.sandbox().seed("fitbit", user.providerUser("fitbit"), "heart_rate", readings);
        return new HeartRateSync(user, user.connect("fitbit", "googlefit", List.of("heart_rate")));
    }

    private record HeartRateSync(TestUser user, String connection) {

        void assertDestinationHoldsExactlyTheSource() {
            assertThat(ProviderMatrixTest.values("heart_rate", app.sandbox().read("googlefit", user.providerUser("googlefit"),
                    "heart_rate"), true)).as("no duplicates, nothing missing").containsExactlyElementsOf(ProviderMatrixTest.values(
                    "heart_rate", app.sandbox().read("fitbit", user.providerUser("fitbit"), "heart_rate"), true));
        }
    }

    private SyncWellProcess worker(Map<String, String> overrides) {
        return worker(overrides, SyncWellProcess.DEFAULT_JVM_OPTIONS);
    }

    private SyncWellProcess worker(Map<String, String> overrides, List<String> jvmOptions) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("syncwell.worker.visibility-timeout", VISIBILITY_SECONDS));
        settings.putAll(overrides);
        SyncWellProcess worker = SyncWellProcess.start(app, "worker-" + WORKERS.incrementAndGet(), dir, settings, jvmOptions);
        workers.add(worker);
        return worker.awaitStarted();
    }

    /** A Fitbit → Google Fit weight connection whose next Fitbit call answers only after {@code slowness}. */
    private static Sync slowWeightSync(Duration slowness) {
        Sync sync = weightSync();
        app.sandbox().fault("fitbit", sync.user.providerUser("fitbit"), Map.of("delayMillis", slowness.toMillis(), "count", 1));
        return sync;
    }

    private static Sync weightSync() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        String fitbitUser = user.providerUser("fitbit");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
        List<Map<String, Object>> seeded = List.of(
                Map.of("time", base.toString(), "kg", 70.2),
                Map.of("time", base.plus(1, ChronoUnit.DAYS).toString(), "kg", 70.0),
                Map.of("time", base.plus(36, ChronoUnit.HOURS).toString(), "kg", 69.7));
        app.sandbox().seedWeight("fitbit", fitbitUser, seeded);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        return new Sync(user, connection, seeded);
    }

    private static void awaitInProgress(Sync sync, String jobId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> state(sync, jobId), "IN_PROGRESS"::equals);
    }

    private static String state(Sync sync, String jobId) {
        return sync.user.api.get("/v1/jobs/" + jobId).json().get("state").asText();
    }

    private record Sync(TestUser user, String connection, List<Map<String, Object>> seeded) {

        String request() {
            List<String> jobs = SyncScenario.requestSync(user, connection);
            assertThat(jobs).hasSize(1);
            return jobs.get(0);
        }

        void assertDestinationHoldsExactlyTheSource() {
            JsonNode weights = app.sandbox().weight("googlefit", user.providerUser("googlefit"));
            List<String> held = new ArrayList<>();
            weights.forEach(w -> held.add(Instant.parse(w.get("time").asText()) + " " + w.get("kg").asDouble()));
            List<String> sent = seeded.stream().map(w -> Instant.parse((String) w.get("time")) + " " + w.get("kg")).toList();
            assertThat(held).as("no duplicates, nothing missing").containsExactlyInAnyOrderElementsOf(sent);
        }
    }
}
