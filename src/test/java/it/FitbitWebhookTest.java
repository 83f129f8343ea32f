package it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fitbit's push path end to end: linking an account subscribes to its collections at Fitbit, and a notification Fitbit
 * sends for that subscription (signed by the sandbox as Fitbit signs them) syncs the changed collection.
 */
@Order(4)
@ExtendWith(SharedSyncWell.class)
class FitbitWebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void linkingSubscribesAndAFitbitNotificationSyncsTheChangedCollection() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String fitbitUser = user.providerUser("fitbit");
        JsonNode subscriptions = app.sandbox().fitbitSubscriptions(fitbitUser);
        assertThat(subscriptions).as("one subscription to all collections").hasSize(1);
        assertThat(subscriptions.get(0).get("collectionType").asText()).isEqualTo("user");
        assertThat(subscriptions.get(0).get("subscriptionId").asText()).startsWith("syncwell-").doesNotContain(user.id);

        app.sandbox().wipe("fitbit", fitbitUser);
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        Instant weighedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        app.sandbox().seedWeight("fitbit", fitbitUser, List.of(Map.of("time", weighedAt.toString(), "kg", 71.3)));

        JsonNode sent = app.sandbox().fitbitNotify(fitbitUser, Map.of("collectionType", "body",
                "date", LocalDate.now(ZoneOffset.UTC).toString(), "url", app.apiUrl() + "/v1/webhooks/fitbit"));

        assertThat(sent.get("subscriberStatus").asInt()).as("our subscriber accepts the signature").isEqualTo(204);
        JsonNode job = await().atMost(Duration.ofSeconds(30)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() == 1 && jobs.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
        assertThat(job.get("dataType").asText()).as("only the changed collection").isEqualTo("weight");
        assertThat(job.get("trigger").asText()).isEqualTo("webhook");
        JsonNode delivered = app.sandbox().weight("googlefit", user.providerUser("googlefit"));
        assertThat(delivered).hasSize(1);
        assertThat(Instant.parse(delivered.get(0).get("time").asText())).isEqualTo(weighedAt);
    }

    @Test
    void theSandboxNotifiesOnlyLoopbackSubscribers() throws Exception {
        TestUser user = TestUser.linkedTo(app, "fitbit");
        String body = "{\"collectionType\":\"sleep\",\"date\":\"2024-03-02\",\"url\":\"http://example.com/v1/webhooks/fitbit\"}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(app.sandboxUrl() + "/_sandbox/fitbit/users/" + user.providerUser("fitbit") + "/notify"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    }
}
