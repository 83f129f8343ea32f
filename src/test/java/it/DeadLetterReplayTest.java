package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import state.Job;
import state.JobCounts;
import state.JobEvent;
import state.JobStore;
import state.Tables;
import support.ApiClient;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.awaitFinished;
import static it.SyncScenario.requestSync;
import static it.SyncScenario.states;
import static it.SyncScenario.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters end to end: a permanent failure and a message SQS redrove to the -dlq both land in S3 as an
 * envelope, an operator lists them and replays them (API or the Hawtio route) once the cause is fixed, and the
 * replayed job delivers its data exactly once; a dead letter is never replayed twice. Also: a 401 that a token
 * refresh does not cure ends in needs_reauth and a dead letter saying so, without a token in it.
 */
@Order(5)
@ExtendWith(SharedSyncWell.class)
class DeadLetterReplayTest {

    private static final String BUCKET = "syncwell-dead-letters";

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private final ApiClient admin = ApiClient.forAdmin(app.apiUrl(), "operator-" + UUID.randomUUID());

    @Test
    void replayOfADeadLetterAfterItsCauseIsFixedDeliversItsDataExactlyOnce() throws Exception {
        Failed failed = deadLetteredWeightSync();
        String id = failed.deadLetter.get("id").asText();
        assertThat(failed.deadLetter.get("queue").asText()).isEqualTo("hot");
        assertThat(failed.deadLetter.get("reason").asText()).contains("googlefit answered 400 to PATCH");
        assertThat(failed.deadLetter.get("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(failed.deadLetter.get("failedAt").asText())).isBefore(Instant.now());

        // only an admin sees or replays dead letters
        for (ApiClient.Answer refused : List.of(failed.user.api.get("/v1/admin/dead-letters"),
                failed.user.api.post("/v1/admin/dead-letters/" + id + "/replay", null),
                failed.user.api.post("/v1/admin/dead-letters/replay", null))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        ApiClient.Answer unknown = admin.post("/v1/admin/dead-letters/" + UUID.randomUUID() + "/replay", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        // the cause is gone (the fault was armed for one call): replay
        ApiClient.Answer replayed = admin.post("/v1/admin/dead-letters/" + id + "/replay", null);
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
        assertThat(replayed.json().get("jobId").asText()).isEqualTo(failed.jobId);

        JsonNode job = awaitState(failed.user, failed.jobId, "SUCCEEDED");
        assertThat(states(job)).containsSubsequence("IN_PROGRESS", "FAILED", "MOVED_TO_DLQ", "QUEUED", "IN_PROGRESS",
                "SUCCEEDED");
        assertThat(job.get("history").toString()).contains("replayed from dead letter " + id);
        assertThat(job.has("error")).as("the old error is cleared: %s", job).isFalse();
        assertThat(weights(failed.user, "googlefit")).containsExactlyElementsOf(weights(failed.user, "fitbit"));
        JsonNode status = failed.user.api.get("/v1/connections/" + failed.connection).json().get("status").get("weight");
        assertThat(status.get("lastJobState").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.get("lastSyncTime").isNull()).isFalse();

        // the envelope is kept, moved aside: never listed or replayed again
        assertThat(keysOf(id)).singleElement().asString().startsWith("replayed/").endsWith("/" + id + ".json");
        assertThat(listedIds(admin)).doesNotContain(id);
        ApiClient.Answer again = admin.post("/v1/admin/dead-letters/" + id + "/replay", null);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("already replayed");
        assertThat(awaitState(failed.user, failed.jobId, "SUCCEEDED").get("history")).hasSize(job.get("history").size());

        // and a new sync over the same period finds everything there: nothing twice
        JsonNode rerun = syncAndWait(failed.user, failed.connection).get("weight");
        assertThat(rerun.get("counts").get("written").asInt()).isZero();
        assertThat(weights(failed.user, "googlefit")).containsExactlyElementsOf(weights(failed.user, "fitbit"));
    }

    @Test
    void replayAllPutsEveryWaitingDeadLetterBack() throws Exception {
        Failed first = deadLetteredWeightSync();
        Failed second = deadLetteredWeightSync();

        ApiClient.Answer replayed = admin.post("/v1/admin/dead-letters/replay", null);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
        // other test classes' dead letters may be waiting too
        assertThat(replayed.json().get("count").asInt()).isGreaterThanOrEqualTo(2);
        for (Failed failed : List.of(first, second)) {
            awaitState(failed.user, failed.jobId, "SUCCEEDED");
            assertThat(weights(failed.user, "googlefit")).containsExactlyElementsOf(weights(failed.user, "fitbit"));
            assertThat(keysOf(failed.deadLetter.get("id").asText())).singleElement().asString().startsWith("replayed/");
        }
        assertThat(listedIds(admin))
                .doesNotContain(first.deadLetter.get("id").asText(), second.deadLetter.get("id").asText());
    }

    @Test
    void theReplayAllRouteAnOperatorStartsReplaysAndStopsItself() throws Exception {
        Failed failed = deadLetteredWeightSync();
        assertThat(app.context().getRouteController().getRouteStatus("dead-letter-replay-all"))
                .isEqualTo(ServiceStatus.Stopped);

        // what Hawtio's Start does, through JMX
        app.context().getRouteController().startRoute("dead-letter-replay-all");

        awaitState(failed.user, failed.jobId, "SUCCEEDED");
        assertThat(weights(failed.user, "googlefit")).containsExactlyElementsOf(weights(failed.user, "fitbit"));
        await().atMost(Duration.ofSeconds(60)).until(() -> keysOf(failed.deadLetter.get("id").asText()).stream()
                .allMatch(key -> key.startsWith("replayed/")));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                app.context().getRouteController().getRouteStatus("dead-letter-replay-all") == ServiceStatus.Stopped);
    }

    @Test
    void aMessageRedrivenToTheDeadLetterQueueIsArchivedDeletedAndReplayable() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        // a job whose message crashed the worker mid-run until SQS gave up on it: its last claim is long stale
        Instant crashed = Instant.now().minus(5, ChronoUnit.MINUTES);
        String jobId = jobRecord(user, connection, JobState.IN_PROGRESS, crashed, "attempt 5");
        String message = jobMessage(user, connection, jobId);

        SqsClient sqs = sqs();
        String dlq = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot-dlq")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(message));
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody("{not a job"));

        JsonNode job = awaitState(user, jobId, "MOVED_TO_DLQ");
        await().atMost(Duration.ofSeconds(30)).until(() -> SyncScenario.queueIsDrained(sqs, dlq));
        assertThat(states(job)).containsSubsequence("IN_PROGRESS", "FAILED", "MOVED_TO_DLQ");
        assertThat(job.get("error").asText()).contains("SQS redrive");
        JsonNode envelope = envelopeOfJob(jobId).orElseThrow();
        assertThat(envelope.get("reason").asText()).matches("the worker failed on this message \\d+ times? \\(SQS redrive\\)");
        assertThat(envelope.get("queue").asText()).isEqualTo("hot");
        assertThat(envelope.get("failedStep").asText()).isEqualTo("sqs-redrive");
        assertThat(envelope.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(Json.MAPPER.readTree(message)).isEqualTo(envelope.get("originalMessage"));
        String id = envelope.get("id").asText();
        assertThat(listedIds(admin)).contains(id);
        // the unreadable one is archived too (bounded, as text), but there is nothing to put back
        JsonNode garbage = envelopeWhere(e -> "{not a job".equals(e.path("unreadableMessage").asText())).orElseThrow();
        ApiClient.Answer refused = admin.post("/v1/admin/dead-letters/" + garbage.get("id").asText() + "/replay", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);

        ApiClient.Answer replayed = admin.post("/v1/admin/dead-letters/" + id + "/replay", null);
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
        awaitState(user, jobId, "SUCCEEDED");
        assertThat(weights(user, "googlefit")).containsExactlyElementsOf(weights(user, "fitbit"));
    }

    @Test
    void theDrainLeavesTheCopyOfARunningJobsMessageAloneAndDropsTheCopyOfAFinishedOne() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        SqsClient sqs = sqs();
        String dlq = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot-dlq")).queueUrl();

        // a job a worker holds now (its claim is fresh): a copy of its message that SQS redrove meanwhile
        String running = jobRecord(user, connection, JobState.IN_PROGRESS, Instant.now(), "attempt 1 (a live worker)");
        String copyOfRunning = jobMessage(user, connection, running);
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(copyOfRunning));
        // the drain received it and handed it back: it waits on the -dlq (not visible), the job untouched
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight(sqs, dlq) >= 1);
        JsonNode held = user.api.get("/v1/jobs/" + running).json();
        assertThat(held.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(states(held)).containsExactly("IN_PROGRESS");
        assertThat(envelopeOfJob(running)).isEmpty();

        // a job that finished: the copy of its message is deleted, no dead letter for a job that succeeded
        String finished = syncAndWait(user, connection).get("weight").get("id").asText();
        String copyOfFinished = jobMessage(user, connection, finished);
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(copyOfFinished));
        await().atMost(Duration.ofSeconds(30)).until(() -> visible(sqs, dlq) == 0 && inFlight(sqs, dlq) <= 1);
        JsonNode done = user.api.get("/v1/jobs/" + finished).json();
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(states(done)).doesNotContain("FAILED", "MOVED_TO_DLQ");
        assertThat(envelopeOfJob(finished)).isEmpty();
        assertThat(envelopeOfJob(running)).isEmpty();
        // the simulated worker finishes its job: when the copy comes back to the drain, it is dropped
        jobStore().transition(running, JobStore.Transition.to(JobState.SUCCEEDED, "finished by the simulated worker"));
    }

    @Test
    void aTokenRefusedAgainAfterRefreshNeedsReauthAndADeadLetterSayingSo() throws Exception {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String fitbitUser = user.providerUser("fitbit");
        seedWeights(user);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        // the access token is refused, and the refreshed one too
        sandbox.expireTokens("fitbit", fitbitUser);
        sandbox.fault("fitbit", fitbitUser, Map.of("status", 401, "count", 1, "method", "GET"));

        JsonNode job = awaitFinished(user, requestSync(user, connection).get(0));

        assertThat(job.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(states(job)).doesNotContain("RETRYING");
        assertThat(job.get("error").asText()).contains("fitbit").contains("must be linked again");
        JsonNode accounts = user.api.get("/v1/accounts").json();
        for (JsonNode account : accounts) {
            boolean refused = account.get("provider").asText().equals("fitbit");
            assertThat(account.get("status").asText()).isEqualTo(refused ? "needs_reauth" : "linked");
            // the console shows why beside the account
            assertThat(account.path("reauthReason").asText()).isEqualTo(refused
                    ? "fitbit refused SyncWell's access even with fresh tokens: it was withdrawn there" : "");
        }
        JsonNode envelope = envelopeOfJob(job.get("id").asText()).orElseThrow();
        assertThat(envelope.get("reason").asText()).contains("must be linked again");
        String archived = envelope.toString();
        JsonNode issued = sandbox.tokens();
        for (String kind : List.of("accessTokens", "refreshTokens")) {
            issued.get(kind).forEach(token -> assertThat(archived).doesNotContain(token.asText()));
        }
        assertThat(archived).doesNotContainIgnoringCase("token\":").doesNotContain("Bearer");
    }

    /** A weight sync of a new user that a one-off 400 on the destination's write sends to the dead letters. */
    private Failed deadLetteredWeightSync() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        sandbox.fault("googlefit", user.providerUser("googlefit"), Map.of("status", 400, "count", 1, "method", "PATCH"));
        String jobId = requestSync(user, connection).get(0);
        JsonNode job = awaitFinished(user, jobId);
        assertThat(job.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(weights(user, "googlefit")).isEmpty();
        assertThat(job.get("plan").get("create").asInt()).as("the failed job keeps what it was about to write: %s", job.get("plan"))
                .isPositive();
        JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> listedFor(jobId), Optional::isPresent).orElseThrow();
        return new Failed(user, connection, jobId, listed);
    }

    private record Failed(TestUser user, String connection, String jobId, JsonNode deadLetter) {
    }

    /** A job record of the connection's weight, in {@code state} since {@code at} (its claim as fresh as that). */
    private String jobRecord(TestUser user, String connection, JobState state, Instant at, String detail) {
        JobStore jobs = jobStore();
        String jobId = UUID.randomUUID().toString();
        jobs.create(new Job(jobId, user.id, connection, DataType.WEIGHT, "hot", "api", false, null, state, 1,
                List.of(new JobEvent(state, at, detail)), JobCounts.none(), null, null, null, at, at,
                at.plus(1, ChronoUnit.DAYS).getEpochSecond(), null));
        return jobId;
    }

    private static String jobMessage(TestUser user, String connection, String jobId) {
        try {
            return Json.MAPPER.writeValueAsString(new JobMessage(jobId, user.id, connection, DataType.WEIGHT, "hot", null,
                    "api", false));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobStore jobStore() {
        return new JobStore(app.dynamo(), Tables.withPrefix("syncwell-"));
    }

    private SqsClient sqs() {
        return app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
    }

    private static int inFlight(SqsClient sqs, String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static int visible(SqsClient sqs, String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private Optional<JsonNode> listedFor(String jobId) {
        String next = "/v1/admin/dead-letters?limit=1000";
        while (next != null) {
            ApiClient.Answer page = admin.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode letter : page.json()) {
                if (jobId.equals(letter.path("jobId").asText())) {
                    return Optional.of(letter);
                }
            }
            next = page.raw().headers().firstValue("Link").map(link -> link.replaceAll("^<([^>]+)>.*$", "$1")).orElse(null);
        }
        return Optional.empty();
    }

    private void seedWeights(TestUser user) {
        Instant dayAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
        sandbox.seedWeight("fitbit", user.providerUser("fitbit"), List.of(
                Map.of("time", dayAgo.toString(), "kg", 68.4),
                Map.of("time", dayAgo.plus(2, ChronoUnit.HOURS).toString(), "kg", 68.1)));
    }

    private List<String> weights(TestUser user, String provider) {
        List<String> weights = new ArrayList<>();
        sandbox.weight(provider, user.providerUser(provider))
                .forEach(w -> weights.add(w.get("time").asText() + "=" + w.get("kg").asDouble()));
        return weights;
    }

    private static JsonNode awaitState(TestUser user, String jobId, String state) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.api.get("/v1/jobs/" + jobId).json(), job -> state.equals(job.get("state").asText()));
    }

    @Test
    void theListComesAPageAtATimeAndAReplayGoesStraightToItsEnvelope() throws Exception {
        ApiClient admin = ApiClient.forAdmin(app.apiUrl(), "operator");
        // five envelopes of a day long past: the first ones waiting, whatever else the bucket holds
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "20010101-" + UUID.randomUUID();
            mine.add(id);
            String envelope = Json.MAPPER.writeValueAsString(Map.of("id", id, "queue", "hot", "reason", "seeded for paging",
                    "failedStep", "consume", "attempts", 1, "failedAt", "2001-01-01T00:00:0" + i + "Z",
                    "unreadableMessage", "{}"));
            s3().putObject(b -> b.bucket(BUCKET).key("dead-letters/2001-01-01/" + id + ".json").contentType("application/json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(envelope));
        }
        List<String> listed = new ArrayList<>();
        String next = "/v1/admin/dead-letters?limit=3";
        while (next != null && !listed.containsAll(mine)) {
            ApiClient.Answer page = admin.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(3);
            listed.addAll(ids(page.json()));
            next = page.raw().headers().firstValue("Link").map(link -> link.replaceAll("^<([^>]+)>.*$", "$1")).orElse(null);
        }
        assertThat(listed).containsAll(mine).doesNotHaveDuplicates();
        assertThat(admin.get("/v1/admin/dead-letters?cursor=" + java.util.Base64.getUrlEncoder()
                .encodeToString("replayed/2001-01-01/x.json".getBytes(java.nio.charset.StandardCharsets.UTF_8))).status())
                .as("a cursor into replayed/").isEqualTo(400);

        // its day in the id: replaying it reads that day's keys, and a second replay finds it under replayed/
        ApiClient.Answer replayed = admin.post("/v1/admin/dead-letters/" + mine.get(0) + "/replay", null);
        assertThat(replayed.status()).as("no job message to put back: %s", replayed.body()).isEqualTo(409);
        assertThat(admin.post("/v1/admin/dead-letters/20010101-" + UUID.randomUUID() + "/replay", null).status()).isEqualTo(404);
    }

    /** Every dead letter the list shows, page after page. */
    private static List<String> listedIds(ApiClient admin) {
        List<String> listed = new ArrayList<>();
        String next = "/v1/admin/dead-letters?limit=1000";
        while (next != null) {
            ApiClient.Answer page = admin.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            listed.addAll(ids(page.json()));
            next = page.raw().headers().firstValue("Link").map(link -> link.replaceAll("^<([^>]+)>.*$", "$1")).orElse(null);
        }
        return listed;
    }

    private static List<String> ids(JsonNode deadLetters) {
        List<String> ids = new ArrayList<>();
        deadLetters.forEach(letter -> ids.add(letter.get("id").asText()));
        return ids;
    }

    private S3Client s3() {
        return app.context().getRegistry().lookupByNameAndType("s3Client", S3Client.class);
    }

    /** Every key of the bucket that holds dead letter {@code id}, whatever its stage. */
    private List<String> keysOf(String id) {
        List<String> keys = new ArrayList<>();
        s3().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(object -> {
            if (object.key().endsWith("/" + id + ".json")) {
                keys.add(object.key());
            }
        });
        return keys;
    }

    private Optional<JsonNode> envelopeOfJob(String jobId) throws Exception {
        return envelopeWhere(envelope -> jobId.equals(envelope.path("jobId").asText()));
    }

    private Optional<JsonNode> envelopeWhere(java.util.function.Predicate<JsonNode> wanted) throws Exception {
        S3Client s3 = s3();
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("dead-letters/")).contents()) {
            JsonNode envelope = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(object.key())).asByteArray());
            if (wanted.test(envelope)) {
                return Optional.of(envelope);
            }
        }
        return Optional.empty();
    }
}
