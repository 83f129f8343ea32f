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
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.ConsoleBrowser;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run command's first minute, as a new user meets it: local mode with the demo on links the demo user's sandbox
 * accounts through the real OAuth flow (link cookie included), creates the demo connections, syncs them once and prints
 * the console's link and how to use the API. On first sight every data type was written, one workout merged and one
 * record skipped with its reason — in the API and in the console the printed link opens; the printed token and "Sync
 * now" line then sync again. The demo prints bearer tokens by design, so its log lives outside {@code target/it}, whose
 * logs {@link SecretsSweepTest} reads for leaked tokens.
 */
@ExtendWith(ConsoleBrowser.class)
class DemoTest {

    private static final Pattern TOKEN = Pattern.compile("export TOKEN=(\\S+)");
    private static final Pattern CONSOLE = Pattern.compile("(http://\\S+)/console/#token=(\\S+)");
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
            assertThat(log).doesNotContain("demo set-up failed").contains("has Google Health, Google Fit and Strava sandbox accounts linked");
            assertThat(log.indexOf("/console/#token=")).as("the console's link comes first").isLessThan(log.indexOf("export TOKEN="));

            Matcher token = TOKEN.matcher(log);
            Matcher syncNow = SYNC_NOW.matcher(log);
            Matcher console = CONSOLE.matcher(log);
            assertThat(token.find()).as("the printed token").isTrue();
            assertThat(syncNow.find()).as("the printed Sync now line").isTrue();
            assertThat(console.find()).as("the printed console link").isTrue();
            ApiClient demoUser = ApiClient.withToken(syncNow.group(1), token.group(1));
            theFirstSyncShowsEachFeature(demoUser, syncNow.group(2));
            theConsoleLinkOpensOnIt(console.group(1), console.group(2), syncNow.group(2));
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

    /** Every type written by the demo's own first sync, the run merged, the weighing Google Fit holds skipped with why. */
    private static void theFirstSyncShowsEachFeature(ApiClient demoUser, String connection) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode job : demoUser.get("/v1/connections/" + connection + "/jobs").json()) {
            latest.putIfAbsent(job.get("dataType").asText(), job);
        }
        assertThat(latest.keySet()).containsExactlyInAnyOrder("steps", "heart_rate", "sleep", "weight", "activities");
        latest.forEach((type, job) -> {
            assertThat(job.get("state").asText()).as(type).isEqualTo("SUCCEEDED");
            assertThat(job.at("/counts/written").asInt()).as("%s written: %s", type, job.get("counts")).isPositive();
        });
        assertThat(latest.get("activities").at("/counts/merged").asInt()).as("the run merged").isEqualTo(1);
        assertThat(latest.get("weight").at("/counts/skipped").asInt()).as("the weighing Google Fit holds").isEqualTo(1);

        JsonNode merged = demoUser.get("/v1/connections/" + connection + "/records?outcome=merged").json();
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).get("kind").asText()).isEqualTo("RUN");
        // the track from the recording Strava's copy left in Google Fit, the heart rate from the watch's
        assertThat(merged.get(0).get("detail").asText()).contains("position", "from googlefit", "heartRate", "from googlehealth");
        JsonNode skipped = demoUser.get("/v1/connections/" + connection + "/records?outcome=skipped").json();
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("dataType").asText()).isEqualTo("weight");
        assertThat(skipped.get(0).get("detail").asText()).isEqualTo("destination has a different value it does not let us overwrite");
        assertThat(skipped.get(0).get("heldBy").asText()).contains("user_input");
    }

    /** The printed link signs the demo user in: both connections synced, and the records view finds the skip. */
    private static void theConsoleLinkOpensOnIt(String api, String consoleToken, String connection) {
        ConsoleBrowser.signIn(api, consoleToken, "connections");
        ConsoleBrowser.waitFor(d -> d.findElements(By.cssSelector("section.connection td.last-sync time")).size() == 6 ? true : null);
        assertThat(ConsoleBrowser.find("#connection-" + connection + " h2").getText()).isEqualTo("Google Health API → Google Fit");
        ConsoleBrowser.screenshots("demo-connections");
        ConsoleBrowser.find("#connection-" + connection + " a[href*=records]").click();
        new Select(ConsoleBrowser.find("#records-filter [name=outcome]")).selectByValue("skipped");
        ConsoleBrowser.find("#records-filter button[type=submit]").click();
        ConsoleBrowser.waitForText("#records-summary", "1 of 1 records");
        WebElement skip = ConsoleBrowser.find("#records li.record");
        assertThat(skip.getText()).contains("Weight", "skipped: destination has a different value it does not let us overwrite");
        ConsoleBrowser.screenshots("demo-records");
        assertThat(ConsoleBrowser.consoleMessages()).isEmpty();
    }
}
