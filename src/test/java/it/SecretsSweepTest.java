package it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import state.Tables;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.awaitFinished;
import static it.SyncScenario.requestSync;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs last, after the fault suite and every other test of the run: no access or refresh token the sandbox ever
 * issued, no JWT and none of the health values this test seeds appears in the logs (this JVM's and every process the
 * tests started), the messages left on the queues, the dead letters in the bucket (every stage) or the job records.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(SharedSyncWell.class)
class SecretsSweepTest {

    /** A JWT: three base64url parts, the first two JSON objects ("eyJ" is base64 for '{"'). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    /** Values no other test uses: a weight and a minute's steps, to be found nowhere but at the providers. */
    private static final String WEIGHT = "83.17";
    private static final int STEPS = 48_213;
    /**
     * The seeded values as whole numbers: not where the digits are part of a longer one, as in a timestamp's
     * nanoseconds, a UUID or a digest, where they turn up by chance.
     */
    private static final Pattern HEALTH_VALUES = Pattern.compile(
            "(?<![0-9A-Za-z.])(" + Pattern.quote(WEIGHT) + "|" + STEPS + ")(?![0-9A-Za-z])");

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void noTokenJwtOrHealthValueIsLeftInLogsQueuesDeadLettersOrJobRecords() throws Exception {
        syncOnceAndDeadLetterOnce();

        List<String> secrets = new ArrayList<>();
        JsonNode issued = app.sandbox().tokens();
        issued.get("accessTokens").forEach(t -> secrets.add(t.asText()));
        issued.get("refreshTokens").forEach(t -> secrets.add(t.asText()));
        assertThat(secrets).as("the suite linked accounts, so tokens were issued").hasSizeGreaterThan(10);

        Map<String, String> places = new java.util.LinkedHashMap<>();
        places.put("logs", logs());
        places.put("queue messages", queueMessages());
        places.put("dead letters", deadLetters());
        places.put("job records", jobRecords());
        assertThat(places.get("logs")).contains("SyncWell");
        assertThat(places.get("dead letters")).as("the dead letter this test made").contains("weight");
        assertThat(places.get("job records")).as("job records").contains("SUCCEEDED");

        for (Map.Entry<String, String> place : places.entrySet()) {
            String text = place.getValue();
            assertThat(secrets.stream().filter(text::contains).count()).as("provider tokens in the %s", place.getKey()).isZero();
            assertThat(JWT.matcher(text).results().map(m -> m.group().substring(0, 20) + "…").toList())
                    .as("JWTs in the %s", place.getKey()).isEmpty();
            assertThat(HEALTH_VALUES.matcher(text).results().map(MatchResult::group).toList())
                    .as("health values in the %s", place.getKey()).isEmpty();
        }
    }

    /** One sync that writes the seeded values, and one that fails at the destination and is dead-lettered. */
    private void syncOnceAndDeadLetterOnce() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS);
        app.sandbox().seedSteps("fitbit", user.providerUser("fitbit"), List.of(Map.of("start", minute.toString(),
                "end", minute.plus(1, ChronoUnit.MINUTES).toString(), "count", STEPS)));
        app.sandbox().seedWeight("fitbit", user.providerUser("fitbit"), List.of(Map.of("time", minute.toString(),
                "kg", Double.parseDouble(WEIGHT))));
        String steps = user.connect("fitbit", "googlefit", List.of("steps"));
        assertThat(awaitFinished(user, requestSync(user, steps).get(0)).path("state").asText()).isEqualTo("SUCCEEDED");
        String weight = user.connect("fitbit", "googlefit", List.of("weight"));
        app.sandbox().fault("googlefit", user.providerUser("googlefit"), Map.of("status", 400, "count", 1, "method", "PATCH"));
        assertThat(awaitFinished(user, requestSync(user, weight).get(0)).path("state").asText()).isEqualTo("MOVED_TO_DLQ");
    }

    /**
     * The logs this run wrote: this JVM's and those of the processes tests started (not dynalite's LevelDB journals,
     * which are files named .log too, and not logs left by earlier runs).
     */
    private static String logs() throws IOException {
        long runStarted = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("syncwell.test.dir", "target/it")))) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log") && !p.toString().contains("dynamodb")).toList()) {
                if (Files.getLastModifiedTime(log).toMillis() >= runStarted) {
                    all.append(new String(Files.readAllBytes(log), StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** What waits on every queue, looked at without taking it: received with no visibility timeout. */
    private String queueMessages() {
        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        StringBuilder all = new StringBuilder();
        for (String queueUrl : sqs.listQueues().queueUrls()) {
            for (int round = 0; round < 5; round++) {
                sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(0))
                        .messages().forEach(message -> all.append(message.body()).append('\n'));
            }
        }
        return all.toString();
    }

    private String deadLetters() {
        S3Client s3 = app.context().getRegistry().lookupByNameAndType("s3Client", S3Client.class);
        StringBuilder all = new StringBuilder();
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket("syncwell-dead-letters")).contents()) {
            if (object.key().endsWith(".json")) {
                all.append(s3.getObjectAsBytes(b -> b.bucket("syncwell-dead-letters").key(object.key())).asUtf8String()).append('\n');
            }
        }
        return all.toString();
    }

    private String jobRecords() {
        DynamoDbClient dynamo = app.dynamo();
        StringBuilder all = new StringBuilder();
        dynamo.scanPaginator(b -> b.tableName(Tables.withPrefix(app.settings().getProperty("syncwell.table-prefix", "syncwell-"))
                .jobs())).items().forEach(item -> all.append(item).append('\n'));
        return all.toString();
    }
}
