package providers.wahoo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.Json;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

/**
 * Wahoo's {@code workout_summary} webhook (docs/providers/wahoo.md §6, derived AsyncAPI):
 * {@code {event:"workout_summary", user:{id}, webhook_token, workout_summary:{...}}}. Wahoo signs nothing; the
 * {@code webhook_token} it echoes is the shared secret set in its developer portal, compared in constant time with
 * {@code syncwell.provider.wahoo.webhook-token}.
 *
 * <ul>
 * <li>A wrong or missing token is answered 403: the secret travels in the body, not in an HTTP authentication scheme,
 *     so there is no {@code WWW-Authenticate} challenge a 401 would require (RFC 9110 §15.5.2); 403 says "refused,
 *     do not authenticate again". An empty configured token refuses every push.</li>
 * <li>There is no verification handshake: a GET is answered 404, as for providers that never push. 405 would
 *     need an {@code Allow} header and tells a prober that the POST endpoint exists.</li>
 * <li>Events other than {@code workout_summary} are accepted (200) and ignored, so Wahoo does not retry them.</li>
 * </ul>
 */
final class WahooWebhooks {

    static final String WORKOUT_SUMMARY = "workout_summary";

    private WahooWebhooks() {
    }

    static int verify() {
        return 404;
    }

    static List<PushNotification> receive(String body, String webhookToken) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PushReceiver.PushRejectedException(400, "wahoo webhook body is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new PushReceiver.PushRejectedException(400, "wahoo webhook body is not a JSON object");
        }
        JsonNode offered = event.get("webhook_token");
        boolean valid = webhookToken != null && !webhookToken.isBlank() && offered != null && offered.isTextual()
                && MessageDigest.isEqual(offered.asText().getBytes(StandardCharsets.UTF_8), webhookToken.getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            throw new PushReceiver.PushRejectedException(403, "wahoo webhook without the configured webhook_token");
        }
        if (!WORKOUT_SUMMARY.equals(event.path("event").asText(""))) {
            return List.of();
        }
        JsonNode user = event.path("user").path("id");
        if (!(user.isIntegralNumber() || (user.isTextual() && !user.asText().isBlank()))) {
            throw new PushReceiver.PushRejectedException(400, "wahoo workout_summary event names no user id");
        }
        return List.of(new PushNotification(user.asText(), EnumSet.of(DataType.ACTIVITIES), false));
    }
}
