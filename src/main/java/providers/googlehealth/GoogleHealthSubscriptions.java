package providers.googlehealth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.Json;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

/**
 * The Google Health subscriber endpoint (docs/providers/googlehealth.md §6). Google sends the secret we
 * registered as {@code endpointAuthorization.secret} as the whole {@code Authorization} header of every POST: first
 * two verification POSTs {@code {"type":"verification"}} (with the header: 201; without: 401), then notifications
 * {@code {"data":{"healthUserId","dataType","operation","intervals",...}}}. The header is compared in constant time
 * with {@code syncwell.provider.googlehealth.webhook-token}; an empty setting refuses every push. The ECDSA
 * signature Google adds ({@code X-HEALTHAPI-SIGNATURE}) is not checked: its public key is fetched from Google.
 */
final class GoogleHealthSubscriptions {

    static final String AUTHORIZATION = "Authorization";

    private GoogleHealthSubscriptions() {
    }

    /** The notifications of a push: none for a verification, one for a data change. */
    static List<PushNotification> receive(String body, Map<String, String> headers, String secret) {
        String offered = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(AUTHORIZATION))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (offered == null || offered.isBlank()) {
            throw new PushReceiver.PushRejectedException(401, "googlehealth push without an Authorization header");
        }
        if (secret == null || secret.isBlank() || !MessageDigest.isEqual(offered.trim().getBytes(StandardCharsets.UTF_8),
                secret.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new PushReceiver.PushRejectedException(403, "googlehealth push with the wrong Authorization");
        }
        JsonNode push;
        try {
            push = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PushReceiver.PushRejectedException(400, "googlehealth push is not JSON");
        }
        if (push == null || !push.isObject()) {
            throw new PushReceiver.PushRejectedException(400, "googlehealth push is not a JSON object");
        }
        if ("verification".equals(push.path("type").asText())) {
            return List.of();
        }
        JsonNode data = push.path("data");
        String user = data.path("healthUserId").asText("");
        if (!data.isObject() || user.isEmpty()) {
            throw new PushReceiver.PushRejectedException(400, "googlehealth notification without data.healthUserId");
        }
        return List.of(new PushNotification(user, types(data.path("dataType").asText("")), false));
    }

    /** Our data types behind a Google Health data type id (kebab-case; snake_case accepted too). */
    static Set<DataType> types(String dataType) {
        return switch (dataType.replace('_', '-')) {
            case "steps" -> EnumSet.of(DataType.STEPS);
            case "heart-rate" -> EnumSet.of(DataType.HEART_RATE);
            case "weight" -> EnumSet.of(DataType.WEIGHT);
            case "sleep" -> EnumSet.of(DataType.SLEEP);
            case "exercise" -> EnumSet.of(DataType.ACTIVITIES);
            default -> EnumSet.noneOf(DataType.class);
        };
    }
}
