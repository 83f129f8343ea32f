package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
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
 * The whole pipeline through the HTTP API against the running app: SQS, DynamoDB, S3 and the provider
 * sandbox are real servers. Each test has its own user, with the sandbox data wiped and seeded so that
 * the expected destination content is known exactly.
 */
@Order(1)
@ExtendWith(SharedSyncWell.class)
class SyncPipelineTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private TestUser user;
    private String fitbitUser;
    private String googleUser;

    @BeforeEach
    void linkedUserWithKnownData() {
        user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        fitbitUser = user.providerUser("fitbit");
        googleUser = user.providerUser("googlefit");
    }

    @Test
    void syncDeliversExactlyTheSourceDataInTheDestinationsFormat() {
        Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.DAYS);
        List<Map<String, Object>> steps = Samples.minutes(twoDaysAgo, 54, 61, 0, 112, 97);
        sandbox.seedSteps("fitbit", fitbitUser, steps);
        sandbox.seedWeight("fitbit", fitbitUser, List.of(
                Map.of("time", twoDaysAgo.plusSeconds(3 * 3600 + 11).toString(), "kg", 72.4),
                Map.of("time", twoDaysAgo.plus(1, ChronoUnit.DAYS).plusSeconds(17).toString(), "kg", 72.1)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));

        Map<String, JsonNode> jobs = syncAndWait(user, connection);

        assertThat(jobs.get("steps").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(jobs.get("weight").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(states(jobs.get("steps"))).containsSubsequence("QUEUED", "IN_PROGRESS", "SUCCEEDED");
        assertThat(jobs.get("steps").get("counts").get("written").asInt()).isEqualTo(4);
        assertThat(jobs.get("weight").get("counts").get("written").asInt()).isEqualTo(2);

        // Google Fit now holds the same steps, minute by minute, in our own raw data source
        JsonNode delivered = sandbox.steps("googlefit", googleUser);
        assertThat(Samples.stepTriples(delivered)).containsExactlyElementsOf(Samples.stepTriples(sandbox.steps("fitbit", fitbitUser)));
        delivered.forEach(point -> assertThat(point.get("source").asText()).startsWith("raw:com.google.step_count.delta:")
                .endsWith(":SyncWell"));
        JsonNode weights = sandbox.weight("googlefit", googleUser);
        assertThat(weights).hasSize(2);
        assertThat(weights.get(0).get("time").asText()).isEqualTo(twoDaysAgo.plusSeconds(3 * 3600 + 11).toString());
        assertThat(weights.get(0).get("kg").asDouble()).isEqualTo(72.4);
        assertThat(weights.get(1).get("kg").asDouble()).isEqualTo(72.1);

        JsonNode status = user.api.get("/v1/connections/" + connection).json().get("status");
        for (String type : List.of("steps", "weight")) {
            assertThat(Instant.parse(status.get(type).get("lastSyncTime").asText())).isAfter(twoDaysAgo);
            assertThat(status.get(type).get("lastJobState").asText()).isEqualTo("SUCCEEDED");
            assertThat(status.get(type).get("lastJobId").asText()).isEqualTo(jobs.get(type).get("id").asText());
        }
    }

    @Test
    void secondSyncFetchesOnlyTheDelta() {
        Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.DAYS);
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(twoDaysAgo, 40, 50, 60));
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", twoDaysAgo.plusSeconds(5).toString(), "kg", 80.0)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        Map<String, JsonNode> first = syncAndWait(user, connection);
        assertThat(first.get("steps").get("counts").get("fetched").asInt()).isEqualTo(3);
        Instant cursor = Instant.parse(user.api.get("/v1/connections/" + connection).json()
                .get("status").get("weight").get("lastSyncTime").asText());

        // new data arrives after the first sync: one minute of steps and one weighing
        Instant newMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        await().until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(cursor));
        Instant weighedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(newMinute, 77));
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", weighedAt.toString(), "kg", 79.6)));

        Map<String, JsonNode> second = syncAndWait(user, connection);

        assertThat(second.get("steps").get("counts").get("fetched").asInt()).isEqualTo(1);
        assertThat(second.get("steps").get("counts").get("written").asInt()).isEqualTo(1);
        assertThat(second.get("weight").get("counts").get("fetched").asInt()).isEqualTo(1);
        assertThat(second.get("weight").get("counts").get("written").asInt()).isEqualTo(1);
        assertThat(Instant.parse(second.get("weight").get("window").get("from").asText())).isAfter(twoDaysAgo);
        assertThat(Samples.stepTriples(sandbox.steps("googlefit", googleUser))).containsExactlyElementsOf(
                Samples.stepTriples(sandbox.steps("fitbit", fitbitUser)));
        assertThat(sandbox.weight("googlefit", googleUser)).hasSize(2);
    }

    @Test
    void rerunningWritesNothingNew() throws Exception {
        Instant halfAnHourAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(halfAnHourAgo, 30, 31, 32));
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", halfAnHourAgo.plusSeconds(7).toString(), "kg", 65.3)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        Map<String, JsonNode> first = syncAndWait(user, connection);
        JsonNode stepsBefore = sandbox.steps("googlefit", googleUser);
        JsonNode weightBefore = sandbox.weight("googlefit", googleUser);
        assertThat(stepsBefore).hasSize(3);

        // the same job message delivered again (SQS is at-least-once): the finished job is not run again
        String jobId = first.get("steps").get("id").asText();
        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot")).queueUrl();
        String duplicate = SyncScenario.copyOfJobMessage(jobId, user.id, connection, "steps");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(duplicate));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> SyncScenario.queueIsDrained(sqs, queueUrl));
        JsonNode jobAfter = user.api.get("/v1/jobs/" + jobId).json();
        assertThat(jobAfter.get("history")).hasSize(first.get("steps").get("history").size());

        // a new sync over the same period (the lookback reaches back over it) finds it all already there
        Map<String, JsonNode> again = syncAndWait(user, connection);
        assertThat(again.get("steps").get("counts").get("fetched").asInt()).isEqualTo(3);
        assertThat(again.get("steps").get("counts").get("written").asInt()).isZero();
        assertThat(again.get("steps").get("counts").get("skipped").asInt()).isEqualTo(3);
        assertThat(again.get("weight").get("counts").get("written").asInt()).isZero();
        assertThat(sandbox.steps("googlefit", googleUser)).isEqualTo(stepsBefore);
        assertThat(sandbox.weight("googlefit", googleUser)).isEqualTo(weightBefore);
    }

    @Test
    void transientProviderErrorsAreRetriedUntilTheJobSucceeds() {
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS).toString(), "kg", 70.2)));
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        sandbox.fault("fitbit", fitbitUser, Map.of("status", 503, "count", 2));

        JsonNode job = syncAndWait(user, connection).get("weight");

        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(states(job)).containsSubsequence("IN_PROGRESS", "RETRYING", "IN_PROGRESS", "SUCCEEDED");
        assertThat(job.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(sandbox.weight("googlefit", googleUser)).hasSize(1);
    }

    @Test
    void aRateLimitedJobIsDeferredAndFinishesByItselfAfterTheWindow() {
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.HOURS).toString(), "kg", 81.3)));
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        // Fitbit's window is the clock hour; a 2-second one keeps the test short, the headers stay Fitbit's
        sandbox.rateLimit("fitbit", Map.of("windowSeconds", 2));
        try {
            sandbox.fault("fitbit", fitbitUser, Map.of("status", 429, "count", 1));

            JsonNode job = syncAndWait(user, connection).get("weight");

            assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(states(job)).containsSubsequence("IN_PROGRESS", "DEFERRED", "IN_PROGRESS", "SUCCEEDED")
                    .doesNotContain("RETRYING", "FAILED");
            assertThat(sandbox.weight("googlefit", googleUser)).hasSize(1);
        } finally {
            sandbox.rateLimit("fitbit", Map.of("windowSeconds", 0));
        }
    }

    @Test
    void permanentFailureEndsInTheDeadLettersWithTheCursorUnchanged() throws Exception {
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS).toString(), "kg", 91.0)));
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        sandbox.fault("googlefit", googleUser, Map.of("status", 400, "count", 1, "method", "PATCH"));

        String jobId = requestSync(user, connection).get(0);
        JsonNode job = awaitFinished(user, jobId);

        assertThat(job.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(states(job)).containsSubsequence("IN_PROGRESS", "FAILED", "MOVED_TO_DLQ").doesNotContain("RETRYING");
        assertThat(job.get("error").asText()).contains("googlefit answered 400 to PATCH");
        JsonNode weight = user.api.get("/v1/connections/" + connection).json().get("status").get("weight");
        assertThat(weight.get("lastSyncTime").isNull()).as("cursor unchanged: %s", weight).isTrue();
        assertThat(weight.get("lastJobState").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(sandbox.weight("googlefit", googleUser)).isEmpty();

        JsonNode envelope = deadLetterOf(jobId);
        assertThat(envelope.get("reason").asText()).contains("400");
        assertThat(envelope.get("failedStep").asText()).isEqualTo("write");
        assertThat(envelope.get("queue").asText()).isEqualTo("hot");
        assertThat(envelope.get("originalMessage").get("jobId").asText()).isEqualTo(jobId);
        assertThat(envelope.toString()).doesNotContain("91.0").doesNotContainIgnoringCase("token\":");
    }

    @Test
    void aMalformedProviderAnswerIsADeadLetterWithItsReason() throws Exception {
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        sandbox.fault("fitbit", fitbitUser, Map.of("malformed", true, "count", 1, "method", "GET"));

        JsonNode job = awaitFinished(user, requestSync(user, connection).get(0));

        assertThat(job.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(job.get("error").asText()).contains("fitbit").contains("not valid JSON");
        assertThat(deadLetterOf(job.get("id").asText()).get("failedStep").asText()).isEqualTo("fetch-source");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndTheRotatedTokenKept() {
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS).toString(), "kg", 75.5)));
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        sandbox.expireTokens("fitbit", fitbitUser);

        assertThat(syncAndWait(user, connection).get("weight").get("state").asText()).isEqualTo("SUCCEEDED");

        // Fitbit rotated the refresh token on that refresh: a second expiry only works if the new one was saved
        sandbox.expireTokens("fitbit", fitbitUser);
        JsonNode second = syncAndWait(user, connection).get("weight");
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(user.api.get("/v1/accounts").json()).extracting(a -> a.get("status").asText()).containsOnly("linked");
        assertThat(sandbox.weight("googlefit", googleUser)).hasSize(1);
    }

    private JsonNode deadLetterOf(String jobId) throws Exception {
        S3Client s3 = app.context().getRegistry().lookupByNameAndType("s3Client", S3Client.class);
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket("syncwell-dead-letters").prefix("dead-letters/")).contents()) {
            JsonNode envelope = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket("syncwell-dead-letters")
                    .key(object.key())).asByteArray());
            if (jobId.equals(envelope.path("jobId").asText())) {
                return envelope;
            }
        }
        throw new AssertionError("no dead letter for job " + jobId + " in S3");
    }
}
