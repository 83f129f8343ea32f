package it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run command's first minute, as a new user meets it: local mode with the demo on links the demo user's sandbox
 * accounts through the real OAuth flow (link cookie included), creates the demo connection and prints how to use it;
 * the printed token and "Sync now" line then sync data. The demo prints bearer tokens by design, so its log lives
 * outside {@code target/it}, whose logs {@link SecretsSweepTest} reads for leaked tokens.
 */
class DemoTest {

    private static final Pattern TOKEN = Pattern.compile("export TOKEN=(\\S+)");
    private static final Pattern SYNC_NOW = Pattern.compile("curl -s -X POST -H \"Authorization: Bearer \\$TOKEN\" (\\S+)/v1/connections/(\\S+)/sync");

    @Test
    void theDemoLinksItsAccountsAndItsPrintedSyncLineSyncs() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String port : List.of("CAMEL_SERVER_PORT", "CAMEL_MANAGEMENT_PORT", "SYNCWELL_SANDBOX_PORT", "SYNCWELL_LOCAL_SQS_PORT",
                "SYNCWELL_LOCAL_S3_PORT", "SYNCWELL_LOCAL_DYNAMODB_PORT", "SYNCWELL_HAWTIO_PORT")) {
            environment.put(port, Integer.toString(SyncWellProcess.freePort()));
        }
        Path dir = Path.of("target/demo-run-" + java.util.UUID.randomUUID());
        environment.put("SYNCWELL_DATA_DIR", dir.resolve("data").toAbsolutePath().toString());
        environment.put("SYNCWELL_DEMO_ENABLED", "true");

        try (SyncWellProcess app = SyncWellProcess.startWithEnvironment("demo", dir, environment,
                Integer.parseInt(environment.get("CAMEL_MANAGEMENT_PORT"))).awaitStarted()) {
            String log = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(app.log()), text -> text.contains("==== SyncWell demo ====")
                            || text.contains("demo set-up failed"));
            assertThat(log).doesNotContain("demo set-up failed").contains("has Google Health and Google Fit sandbox accounts linked");

            Matcher token = TOKEN.matcher(log);
            Matcher syncNow = SYNC_NOW.matcher(log);
            assertThat(token.find()).as("the printed token").isTrue();
            assertThat(syncNow.find()).as("the printed Sync now line").isTrue();
            ApiClient demoUser = ApiClient.withToken(syncNow.group(1), token.group(1));
            ApiClient.Answer accepted = demoUser.post("/v1/connections/" + syncNow.group(2) + "/sync", null);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

            for (JsonNode queued : accepted.json().get("jobs")) {
                JsonNode job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> demoUser.get("/v1/jobs/" + queued.get("id").asText()).json(),
                                answer -> List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(answer.get("state").asText()));
                assertThat(job.get("state").asText()).as("the %s job", job.get("dataType").asText()).isEqualTo("SUCCEEDED");
            }
            JsonNode steps = demoUser.get("/v1/connections/" + syncNow.group(2)).json().path("status").path("steps");
            assertThat(steps.path("lastSyncTime").asText()).as("the steps cursor the demo's sync set").isNotEmpty();
        }
    }
}
