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
 * Strava's webhook (docs/providers/strava.md §6) against the running app: the subscription validation echoes
 * {@code hub.challenge} only for our verify token; an activity event queues a hot job for the connections that read
 * activities from Strava, which delivers the new activity; a deauthorization marks the account for relinking. Strava
 * does not sign its events, so there is no forgery to refuse, only bodies that are not events.
 */
@Order(4)
@ExtendWith(SharedSyncWell.class)
class StravaWebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void theSubscriptionValidationEchoesTheChallengeForOurVerifyTokenOnly() {
        ApiClient.Answer valid = anonymous.get("/v1/webhooks/strava?hub.mode=subscribe&hub.verify_token="
                + SyncWellInstance.STRAVA_VERIFY_TOKEN + "&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3");
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.json().get("hub.challenge").asText()).isEqualTo("15f7d1a91c1f40f8a748fd134752feb3");

        assertThat(anonymous.get("/v1/webhooks/strava?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=x").status())
                .isEqualTo(403);
        assertThat(anonymous.get("/v1/webhooks/strava?hub.mode=unsubscribe&hub.verify_token="
                + SyncWellInstance.STRAVA_VERIFY_TOKEN + "&hub.challenge=x").status()).isEqualTo(403);
    }

    @Test
    void anActivityEventSyncsTheNewActivityToTheDestination() {
        // Wahoo keeps a workout's streams (a FIT upload), so the whole run can be compared at the destination
        String to = "wahoo";
        TestUser user = TestUser.linkedTo(app, "strava", to);
        String athlete = user.providerUser("strava");
        app.sandbox().wipe("strava", athlete);
        app.sandbox().wipe(to, user.providerUser(to));
        String connection = user.connect("strava", to, List.of("activities"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS);
        app.sandbox().seed("strava", athlete, "activities", List.of(run(start)));
        String activityId = app.sandbox().read("strava", athlete, "activities").get(0).get("id").asText();

        ApiClient.Answer answer = anonymous.send("POST", "/v1/webhooks/strava", event("activity", activityId, "create", "{}", athlete),
                "application/json");

        assertThat(answer.status()).as("Strava wants a 200 within 2 s").isEqualTo(200);
        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() == 1 && jobs.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
        assertThat(job.get("dataType").asText()).isEqualTo("activities");
        assertThat(job.get("trigger").asText()).isEqualTo("webhook");
        JsonNode delivered = app.sandbox().read(to, user.providerUser(to), "activities");
        assertThat(delivered).hasSize(1);
        assertThat(Instant.parse(delivered.get(0).get("start").asText())).isEqualTo(start);
    }

    @Test
    void anEventForAnAthleteWithoutConnectionsIsAcceptedAndQueuesNothing() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        assertThat(anonymous.send("POST", "/v1/webhooks/strava", event("activity", "1", "update", "{\"title\":\"Evening Run\"}", athlete),
                "application/json").status()).isEqualTo(200);
        assertThat(anonymous.send("POST", "/v1/webhooks/strava", event("activity", "1", "delete", "{}", athlete),
                "application/json").status()).isEqualTo(200);
        assertThat(user.api.get("/v1/connections").json()).isEmpty();
        assertThat(user.api.get("/v1/accounts").json().get(0).get("status").asText()).isEqualTo("linked");
        assertThat(anonymous.send("POST", "/v1/webhooks/strava", "not an event", "application/json").status()).isEqualTo(400);
    }

    @Test
    void aDeauthorizationMarksTheAccountForRelinking() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        // the athlete withdrew our access at Strava: the tokens stop working, and Strava posts the event
        app.sandbox().revokeTokens("strava", athlete);
        assertThat(anonymous.send("POST", "/v1/webhooks/strava", event("athlete", athlete, "update", "{\"authorized\":\"false\"}", athlete),
                "application/json").status()).isEqualTo(200);
        // confirmed by a call with the account's token after the event was answered (ForgedPushTest: one that is not)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.api.get("/v1/accounts").json().get(0).get("status").asText(), "needs_reauth"::equals);
    }

    /** An event as Strava posts it; test athletes have readable ids, real ones are numbers. */
    private static String event(String objectType, String objectId, String aspect, String updates, String owner) {
        String id = objectId.matches("\\d+") ? objectId : "\"" + objectId + "\"";
        return "{\"object_type\":\"" + objectType + "\",\"object_id\":" + id + ",\"aspect_type\":\"" + aspect
                + "\",\"updates\":" + updates + ",\"owner_id\":\"" + owner + "\",\"subscription_id\":120475,\"event_time\":"
                + Instant.now().getEpochSecond() + "}";
    }

    private static Map<String, Object> run(Instant start) {
        List<Map<String, Object>> track = new ArrayList<>();
        for (int s = 0; s <= 1200; s += 5) {
            track.add(Map.of("time", start.plusSeconds(s).toString(), "latitude", 52.5145 + s * 0.00002,
                    "longitude", 13.3501 + s * 0.00001, "altitudeMetres", 34.0, "heartRate", 130.0, "distanceMetres", s * 3.0));
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(1200).toString(), "sport", "run",
                "name", "Pushed Run", "distanceMetres", 3600.0, "kilocalories", 240.0, "samples", track);
    }
}
