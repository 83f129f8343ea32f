package providers.googlehealth;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import model.DataType;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google Health subscriber pushes as the discovery document describes them: verification POSTs
 * {@code {"type":"verification"}} with and without the registered Authorization secret, then notifications
 * {@code {"data":{"healthUserId","dataType","operation","intervals"}}}.
 */
class GoogleHealthSubscriptionsTest {

    private static final String SECRET = "Bearer 3f9c1d7e-webhook";

    private static int refusal(String body, Map<String, String> headers, String secret) {
        try {
            GoogleHealthSubscriptions.receive(body, headers, secret);
        } catch (PushReceiver.PushRejectedException e) {
            return e.status();
        }
        return 0;
    }

    @Test
    void theVerificationHandshakeNeedsTheSecret() {
        String verification = "{\"type\":\"verification\"}";
        assertThat(GoogleHealthSubscriptions.receive(verification, Map.of("authorization", SECRET), SECRET)).isEmpty();
        // the second verification POST comes without the header and must be refused with 401 or 403
        assertThat(refusal(verification, Map.of("Content-Type", "application/json"), SECRET)).isEqualTo(401);
        assertThat(refusal(verification, Map.of("Authorization", "Bearer guessed"), SECRET)).isEqualTo(403);
        // nothing configured: nothing is accepted
        assertThat(refusal(verification, Map.of("Authorization", SECRET), "")).isEqualTo(403);
    }

    @Test
    void aNotificationNamesTheHealthUserAndTheChangedType() {
        String body = """
                {"data":{"version":"1","clientProvidedSubscriptionName":"syncwell","healthUserId":"914329010096743245951",
                  "operation":"UPSERT","dataType":"sleep",
                  "intervals":[{"physicalTimeInterval":{"startTime":"2026-03-08T01:29:00Z","endTime":"2026-03-08T07:34:00Z"}}]}}""";
        assertThat(GoogleHealthSubscriptions.receive(body, Map.of("Authorization", SECRET), SECRET))
                .containsExactly(new PushNotification("914329010096743245951", Set.of(DataType.SLEEP), false));
        assertThat(GoogleHealthSubscriptions.types("heart-rate")).containsExactly(DataType.HEART_RATE);
        assertThat(GoogleHealthSubscriptions.types("exercise")).containsExactly(DataType.ACTIVITIES);
        assertThat(GoogleHealthSubscriptions.types("body_fat")).isEmpty();
    }

    @Test
    void anUnreadablePushIsABadRequest() {
        Map<String, String> headers = Map.of("Authorization", SECRET);
        assertThat(refusal("not json", headers, SECRET)).isEqualTo(400);
        assertThat(refusal("[]", headers, SECRET)).isEqualTo(400);
        assertThat(refusal("{\"data\":{\"dataType\":\"steps\"}}", headers, SECRET)).isEqualTo(400);
        assertThatThrownBy(() -> GoogleHealthSubscriptions.receive("{}", headers, SECRET))
                .isInstanceOf(PushReceiver.PushRejectedException.class).hasMessageNotContaining(SECRET);
    }
}
