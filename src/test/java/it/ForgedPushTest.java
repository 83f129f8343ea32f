package it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.PrometheusText;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, hole 4: Strava signs nothing, so anyone who knows a public athlete id can post its events. A burst of 1,000
 * forged activity events queues one job for the connection and type (it waits {@code syncwell.webhooks.start-delay}
 * before it runs, and the rest of the burst joins it), and a forged deauthorization leaves the account linked: one call
 * with the account's own token shows access holds. A real one — the athlete withdrew access, the token answers 401 even
 * after a refresh — marks the account for linking again. The API process here runs with the production defaults.
 */
@ExtendWith(SharedSyncWell.class)
class ForgedPushTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FORGED_EVENTS = 1_000;

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void forgedEventsQueueOneJobAndForgedDeauthorizationsChangeNothing() throws Exception {
        int apiPort = SyncWellProcess.freePort();
        int managementPort = SyncWellProcess.freePort();
        try (SyncWellProcess api = SyncWellProcess.start(app, "forged-push-api", Path.of("target/it/forged-push"), Map.of(
                "syncwell.roles", "api", "camel.server.port", Integer.toString(apiPort),
                "camel.management.port", Integer.toString(managementPort),
                "syncwell.webhooks.start-delay", "PT30S", "syncwell.webhooks.deauthorization-check-interval", "PT1M"))) {
            api.awaitStarted();
            String webhook = "http://localhost:" + apiPort + "/v1/webhooks/strava";
            TestUser victim = TestUser.linkedTo(app, "strava", "fitbit");
            String athlete = victim.providerUser("strava");
            String connection = victim.connect("strava", "fitbit", List.of("activities"));

            ExecutorService attackers = Executors.newFixedThreadPool(16);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < FORGED_EVENTS; i++) {
                String event = event("activity", Integer.toString(900_000 + i), "create", "{}", athlete);
                answers.add(attackers.submit(() -> post(webhook, event)));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            attackers.shutdown();
            JsonNode jobs = victim.api.get("/v1/connections/" + connection + "/jobs?limit=100").json();
            assertThat(jobs).as("one job for %d events", FORGED_EVENTS).hasSize(1);
            assertThat(jobs.get(0).path("state").asText()).isEqualTo("QUEUED");

            // a forged deauthorization: checked with the athlete's token, which still works
            assertThat(post(webhook, deauthorization(athlete))).isEqualTo(200);
            await("the access check").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> athleteCalls(managementPort) >= 1);
            assertThat(status(victim)).isEqualTo("linked");
            for (int i = 0; i < 100; i++) {
                assertThat(post(webhook, deauthorization(athlete))).isEqualTo(200);
            }

            // a real one: the athlete withdrew our access at Strava
            TestUser leaver = TestUser.linkedTo(app, "strava");
            app.sandbox().revokeTokens("strava", leaver.providerUser("strava"));
            assertThat(post(webhook, deauthorization(leaver.providerUser("strava")))).isEqualTo(200);
            await("the real deauthorization confirmed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(leaver), "needs_reauth"::equals);
            // checks run one after another: had the 100 forged ones queued any, it would have run before this one
            assertThat(athleteCalls(managementPort)).as("one check for the forged ones, one for the real one").isEqualTo(2);
            assertThat(status(victim)).isEqualTo("linked");
        }
    }

    private static String status(TestUser user) {
        return user.api.get("/v1/accounts").json().get(0).path("status").asText();
    }

    private static double athleteCalls(int managementPort) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new PrometheusText(metrics).sum("syncwell_provider_calls_seconds_count",
                labels -> "strava".equals(labels.get("provider")) && labels.getOrDefault("operation", "").endsWith("/athlete"));
    }

    private static int post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String deauthorization(String athlete) {
        return event("athlete", athlete, "update", "{\"authorized\":\"false\"}", athlete);
    }

    /** An event as Strava posts it; test athletes have readable ids, real ones are numbers. */
    private static String event(String objectType, String objectId, String aspect, String updates, String owner) {
        String id = objectId.matches("\\d+") ? objectId : "\"" + objectId + "\"";
        return "{\"object_type\":\"" + objectType + "\",\"object_id\":" + id + ",\"aspect_type\":\"" + aspect
                + "\",\"updates\":" + updates + ",\"owner_id\":\"" + owner + "\",\"subscription_id\":120475,\"event_time\":"
                + Instant.now().getEpochSecond() + "}";
    }
}
