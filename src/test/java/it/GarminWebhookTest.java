package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Garmin's notifications (docs/providers/garmin.md §6) end to end: the sandbox's Garmin pings (or pushes to) the app's
 * {@code /v1/webhooks/garmin}, which queues hot jobs that pull the new summaries and deliver them to the destination.
 */
@Order(4)
@ExtendWith(SharedSyncWell.class)
class GarminWebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void aPingFromGarminSyncsTheChangedSummariesToTheDestination() {
        TestUser user = TestUser.linkedTo(app, "garmin", "googlefit");
        String garminUser = user.providerUser("garmin");
        String googleFitUser = user.providerUser("googlefit");
        app.sandbox().wipe("garmin", garminUser);
        app.sandbox().wipe("googlefit", googleFitUser);
        String connection = user.connect("garmin", "googlefit", List.of("steps", "weight", "heart_rate"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.HOURS);
        app.sandbox().seedWeight("garmin", garminUser, List.of(Map.of("time", at.plusSeconds(11).toString(), "kg", 66.6)));
        app.sandbox().seedSteps("garmin", garminUser, List.of(Map.of("start", at.toString(), "end", at.plusSeconds(60).toString(), "count", 77)));

        JsonNode sent = app.sandbox().garminNotify(garminUser, List.of("bodyComps", "epochs"), app.apiUrl() + "/v1/webhooks/garmin", false);

        assertThat(sent.get("status").asInt()).as("Garmin expects a quick 200").isEqualTo(200);
        JsonNode jobs = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                        list -> list.size() == 2 && allSucceeded(list));
        assertThat(field(jobs, "dataType")).as("only the pinged types").containsExactlyInAnyOrder("steps", "weight");
        assertThat(field(jobs, "trigger")).containsOnly("webhook");
        JsonNode weights = app.sandbox().weight("googlefit", googleFitUser);
        assertThat(weights).hasSize(1);
        assertThat(Instant.parse(weights.get(0).get("time").asText())).isEqualTo(at.plusSeconds(11));
        assertThat(weights.get(0).get("kg").asDouble()).isEqualTo(66.6);
        JsonNode steps = app.sandbox().steps("googlefit", googleFitUser);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).get("count").asLong()).isEqualTo(77);
        assertThat(Instant.parse(steps.get(0).get("start").asText())).isEqualTo(at);
    }

    @Test
    void pushedSummariesAreCheckedAndTriggerTheSameSync() {
        TestUser user = TestUser.linkedTo(app, "garmin", "googlefit");
        String garminUser = user.providerUser("garmin");
        app.sandbox().wipe("garmin", garminUser);
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String connection = user.connect("garmin", "googlefit", List.of("weight"));
        app.sandbox().seedWeight("garmin", garminUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS).toString(), "kg", 71.3)));

        JsonNode sent = app.sandbox().garminNotify(garminUser, List.of("bodyComps"), app.apiUrl() + "/v1/webhooks/garmin", true);

        assertThat(sent.get("status").asInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(), list -> list.size() == 1 && allSucceeded(list));
        assertThat(app.sandbox().weight("googlefit", user.providerUser("googlefit"))).hasSize(1);

        String malformed = "{\"bodyComps\":[{\"userId\":\"" + garminUser + "\",\"summaryId\":\"bc\",\"weightInGrams\":70000}]}";
        assertThat(anonymous.send("POST", "/v1/webhooks/garmin", malformed, "application/json").status())
                .as("a summary without its time").isEqualTo(400);
        assertThat(user.api.get("/v1/connections/" + connection + "/jobs").json()).as("nothing more queued").hasSize(1);
    }

    @Test
    void thereIsNoHandshakeAndUnknownUsersQueueNothing() {
        assertThat(anonymous.get("/v1/webhooks/garmin").status()).isEqualTo(404);
        String ping = "{\"dailies\":[{\"userId\":\"nobody-we-know\",\"callbackURL\":\"https://apis.garmin.com/wellness-api/rest/dailies"
                + "?uploadStartTimeInSeconds=1&uploadEndTimeInSeconds=2\"}]}";
        assertThat(anonymous.send("POST", "/v1/webhooks/garmin", ping, "application/json").status()).isEqualTo(200);
    }

    private static boolean allSucceeded(JsonNode jobs) {
        for (JsonNode job : jobs) {
            if (!job.get("state").asText().equals("SUCCEEDED")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> field(JsonNode jobs, String name) {
        List<String> values = new ArrayList<>();
        jobs.forEach(job -> values.add(job.get(name).asText()));
        return values;
    }
}
