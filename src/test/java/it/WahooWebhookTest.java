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
 * Wahoo's {@code workout_summary} webhook (docs/providers/wahoo.md §6) against the running app: checked by its
 * {@code webhook_token}, answered 200 at once, and turned into a hot activities job for the connections reading
 * Wahoo, which delivers the new workout (with its FIT streams) to the destination, Strava.
 */
@Order(4)
@ExtendWith(SharedSyncWell.class)
class WahooWebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void thereIsNoVerificationHandshake() {
        assertThat(anonymous.get("/v1/webhooks/wahoo").status()).isEqualTo(404);
        assertThat(anonymous.get("/v1/webhooks/wahoo?webhook_token=" + SyncWellInstance.WAHOO_WEBHOOK_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void aWorkoutSummaryEventSyncsTheNewWorkout() {
        // Strava keeps a workout's streams (a FIT upload), so the whole ride can be compared at the destination
        String destination = "strava";
        TestUser user = TestUser.linkedTo(app, "wahoo", destination);
        String wahooUser = user.providerUser("wahoo");
        String destinationUser = user.providerUser(destination);
        app.sandbox().wipe("wahoo", wahooUser);
        app.sandbox().wipe(destination, destinationUser);
        String connection = user.connect("wahoo", destination, List.of("activities"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS);
        app.sandbox().seed("wahoo", wahooUser, "activities", List.of(ride(start)));

        ApiClient.Answer answer = push(event(wahooUser, SyncWellInstance.WAHOO_WEBHOOK_TOKEN));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() == 1 && jobs.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
        assertThat(job.get("dataType").asText()).isEqualTo("activities");
        assertThat(job.get("trigger").asText()).isEqualTo("webhook");
        JsonNode delivered = app.sandbox().read(destination, destinationUser, "activities");
        assertThat(delivered).hasSize(1);
        assertThat(Instant.parse(delivered.get(0).get("start").asText())).isEqualTo(start);
        assertThat(Instant.parse(delivered.get(0).get("end").asText())).isEqualTo(start.plusSeconds(2400));
        assertThat(delivered.get(0).get("sport").asText()).isEqualTo("ride");
        assertThat(delivered.get(0).get("samples")).as("the FIT streams came along").hasSize(241);
        assertThat(delivered.get(0).get("samples").get(120).get("heartRate").asDouble()).isEqualTo(150.0);
        assertThat(delivered.get(0).get("utcOffset")).as("the ride's own offset, not the Strava athlete's").isNotNull()
                .isEqualTo(app.sandbox().read("wahoo", wahooUser, "activities").get(0).get("utcOffset"));
    }

    @Test
    void anEventWithoutTheConfiguredTokenIsRefusedAndQueuesNothing() {
        TestUser user = TestUser.linkedTo(app, "wahoo");
        String wahooUser = user.providerUser("wahoo");

        assertThat(push(event(wahooUser, "guessed-token")).status()).isEqualTo(403);
        assertThat(push(event(wahooUser, null)).status()).isEqualTo(403);
        assertThat(push("not json").status()).isEqualTo(400);
    }

    private ApiClient.Answer push(String body) {
        return anonymous.send("POST", "/v1/webhooks/wahoo", body, "application/json");
    }

    /** What Wahoo sends when a workout's summary is ready (derived AsyncAPI), summary numbers as strings. */
    private static String event(String wahooUser, String token) {
        return "{\"event\":\"workout_summary\",\"user\":{\"id\":\"" + wahooUser + "\"},"
                + (token == null ? "" : "\"webhook_token\":\"" + token + "\",")
                + "\"workout_summary\":{\"id\":1,\"distance_accum\":\"12000.0\",\"duration_total_accum\":\"2400\",\"file\":null}}";
    }

    /** A 40-minute ride with GPS, heart rate, altitude, cadence and power every 10 s. */
    private static Map<String, Object> ride(Instant start) {
        List<Map<String, Object>> track = new ArrayList<>();
        for (int s = 0; s <= 2400; s += 10) {
            track.add(Map.of("time", start.plusSeconds(s).toString(), "latitude", 52.5145 + s * 0.00003,
                    "longitude", 13.3501 + s * 0.00002, "altitudeMetres", 40.0 + (s % 300) / 60, "heartRate", 130.0 + Math.min(25, s / 60),
                    "distanceMetres", s * 5.0, "cadence", 88.0, "powerWatts", 190.0));
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(2400).toString(), "sport", "ride",
                "name", "Webhook Ride", "distanceMetres", 12000.0, "kilocalories", 480.0, "samples", track);
    }
}
