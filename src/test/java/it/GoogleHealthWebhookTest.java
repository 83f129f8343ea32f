package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
 * Google Health pushes to {@code /v1/webhooks/googlehealth} with the registered secret as the Authorization header and
 * names the user by the {@code healthUserId} that linking looked up ({@code users.getIdentity}): a weight change turns
 * into a webhook-triggered sync of that user's connections.
 */
@ExtendWith(SharedSyncWell.class)
class GoogleHealthWebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void aWeightNotificationSyncsTheUsersConnection() {
        TestUser user = TestUser.linkedTo(app, "googlehealth", "fitbit");
        String healthUser = user.providerUser("googlehealth");
        String fitbitUser = user.providerUser("fitbit");
        app.sandbox().wipe("googlehealth", healthUser);
        app.sandbox().wipe("fitbit", fitbitUser);
        String connection = user.connect("googlehealth", "fitbit", List.of("weight"));
        Instant weighed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        app.sandbox().seed("googlehealth", healthUser, "weight", List.of(Map.of("time", weighed.toString(), "kg", 68.3)));

        ApiClient.Answer answer = push(SyncWellInstance.GOOGLE_HEALTH_WEBHOOK_SECRET, """
                {"data":{"healthUserId":"%s","dataType":"weight","operation":"UPSERT",
                 "intervals":[{"startTime":"%s","endTime":"%s"}]}}""".formatted(healthUser, weighed, weighed.plusSeconds(1)));

        assertThat(answer.status()).as(answer.body()).isBetween(200, 204);
        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() == 1 && jobs.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
        assertThat(job.get("trigger").asText()).isEqualTo("webhook");
        JsonNode weights = app.sandbox().read("fitbit", fitbitUser, "weight");
        assertThat(weights).hasSize(1);
        assertThat(Instant.parse(weights.get(0).get("time").asText())).isEqualTo(weighed);
        assertThat(weights.get(0).get("kg").asDouble()).isEqualTo(68.3);
    }

    @Test
    void aPushWithoutTheRegisteredSecretIsRefused() {
        String body = "{\"data\":{\"healthUserId\":\"someone\",\"dataType\":\"weight\"}}";
        assertThat(push(null, body).status()).isEqualTo(401);
        assertThat(push("Bearer guessed", body).status()).isEqualTo(403);
    }

    private ApiClient.Answer push(String authorization, String body) {
        return anonymous.sendWithHeaders("POST", "/v1/webhooks/googlehealth", body, "application/json",
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }
}
