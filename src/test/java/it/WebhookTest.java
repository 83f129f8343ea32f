package it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * Fitbit's subscription pushes (docs/providers/fitbit.md §6) against the running app: the verification handshake,
 * signed notifications that turn into hot jobs and deliver the new data, refused forgeries.
 */
@Order(4)
@ExtendWith(SharedSyncWell.class)
class WebhookTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void theVerificationHandshakeAcceptsOnlyTheConfiguredCode() {
        assertThat(anonymous.get("/v1/webhooks/fitbit?verify=" + SyncWellInstance.FITBIT_VERIFICATION_CODE).status()).isEqualTo(204);
        assertThat(anonymous.get("/v1/webhooks/fitbit?verify=wrong-code").status()).isEqualTo(404);
        assertThat(anonymous.get("/v1/webhooks/nokia?verify=x").status()).isEqualTo(404);
    }

    @Test
    void aSignedNotificationSyncsTheChangedCollection() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String fitbitUser = user.providerUser("fitbit");
        app.sandbox().wipe("fitbit", fitbitUser);
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        app.sandbox().seedWeight("fitbit", fitbitUser, List.of(Map.of("time",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS).toString(), "kg", 66.6)));

        String body = "[{\"collectionType\":\"body\",\"date\":\"" + java.time.LocalDate.now() + "\",\"ownerId\":\"" + fitbitUser
                + "\",\"ownerType\":\"user\",\"subscriptionId\":\"" + user.id + "-body\"}]";
        ApiClient.Answer answer = anonymous.sendWithHeaders("POST", "/v1/webhooks/fitbit", body, "application/json",
                Map.of("X-Fitbit-Signature", sign(body)));

        assertThat(answer.status()).isEqualTo(204);
        JsonNode job = await().atMost(Duration.ofSeconds(30)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() == 1 && jobs.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
        assertThat(job.get("dataType").asText()).as("only the changed collection").isEqualTo("weight");
        assertThat(job.get("trigger").asText()).isEqualTo("webhook");
        assertThat(app.sandbox().weight("googlefit", user.providerUser("googlefit"))).hasSize(1);

        // issue 11, hole 4: the same signed notification replayed (Fitbit signs the body only) does no more than the first
        for (int replay = 0; replay < 5; replay++) {
            assertThat(anonymous.sendWithHeaders("POST", "/v1/webhooks/fitbit", body, "application/json",
                    Map.of("X-Fitbit-Signature", sign(body))).status()).isEqualTo(204);
        }
        JsonNode all = await().atMost(Duration.ofSeconds(30)).until(() -> user.api.get("/v1/connections/" + connection + "/jobs").json(),
                jobs -> jobs.size() > 1 && java.util.stream.StreamSupport.stream(jobs.spliterator(), false)
                        .allMatch(j -> j.get("state").asText().equals("SUCCEEDED")));
        assertThat(all.size()).as("five replays sent at once join one waiting job at most each").isBetween(2, 6);
        int written = 0;
        for (JsonNode replayed : all) {
            written += replayed.at("/counts/written").asInt();
        }
        assertThat(written).as("only the first job wrote").isEqualTo(1);
        assertThat(app.sandbox().weight("googlefit", user.providerUser("googlefit"))).hasSize(1);
    }

    @Test
    void aNotificationWithoutAValidSignatureIsRefusedAndQueuesNothing() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        String body = "[{\"collectionType\":\"body\",\"date\":\"2026-11-25\",\"ownerId\":\"" + user.providerUser("fitbit")
                + "\",\"ownerType\":\"user\",\"subscriptionId\":\"s\"}]";

        assertThat(anonymous.sendWithHeaders("POST", "/v1/webhooks/fitbit", body, "application/json",
                Map.of("X-Fitbit-Signature", sign(body + " "))).status()).isEqualTo(404);
        assertThat(anonymous.send("POST", "/v1/webhooks/fitbit", body, "application/json").status()).isEqualTo(404);
        assertThat(user.api.get("/v1/connections/" + connection + "/jobs").json()).isEmpty();
    }

    @Test
    void aRevokedAccessMarksTheAccountForRelinking() {
        TestUser user = TestUser.linkedTo(app, "fitbit");
        // the user removed the app at Fitbit: its tokens stop working, and Fitbit says so
        app.sandbox().revokeTokens("fitbit", user.providerUser("fitbit"));
        String body = "[{\"collectionType\":\"userRevokedAccess\",\"date\":\"2026-11-25\",\"ownerId\":\"" + user.providerUser("fitbit")
                + "\",\"ownerType\":\"user\",\"subscriptionId\":\"s\"}]";
        assertThat(anonymous.sendWithHeaders("POST", "/v1/webhooks/fitbit", body, "application/json",
                Map.of("X-Fitbit-Signature", sign(body))).status()).isEqualTo(204);
        // confirmed by a call with the account's token after the push was answered
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.api.get("/v1/accounts").json().get(0).get("status").asText(), "needs_reauth"::equals);
    }

    /** What Fitbit sends: base64(HMAC-SHA1(body, client secret + "&")). */
    private static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((SyncWellInstance.SANDBOX_CLIENT_SECRET + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
