package providers.strava;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.Json;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

/**
 * Strava's webhook callback (docs/providers/strava.md §6). The subscription is validated with a GET carrying
 * {@code hub.mode=subscribe}, {@code hub.verify_token} (the token we gave when subscribing) and {@code hub.challenge},
 * answered 200 with {@code {"hub.challenge": …}}. Events are one JSON object per POST: an activity created or updated
 * means new activity data for {@code owner_id}; an athlete update with {@code updates.authorized == "false"} means
 * the athlete revoked our access.
 *
 * <p>Strava does not sign events, so a push cannot be authenticated. That is acceptable because an event only queues
 * a sync for a linked athlete — the data itself is then read from Strava with the athlete's token — so a forged event
 * can at most cause an extra sync, and a forged deauthorization only asks the user to link again. Deletions are ignored:
 * the engine never deletes at a destination because a source did.
 */
final class StravaPushEvents {

    private StravaPushEvents() {
    }

    /** 200 for a subscription validation with our verify token, 403 otherwise (also when no token is configured). */
    static int verify(Map<String, String> query, String verifyToken) {
        String offered = query.get("hub.verify_token");
        String challenge = query.get("hub.challenge");
        boolean correct = verifyToken != null && !verifyToken.isBlank() && offered != null
                && "subscribe".equals(query.get("hub.mode")) && challenge != null && !challenge.isEmpty()
                && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), verifyToken.getBytes(StandardCharsets.UTF_8));
        return correct ? 200 : 403;
    }

    /** The echo Strava expects: {@code {"hub.challenge": "<challenge>"}}. */
    static Map<String, String> verificationBody(Map<String, String> query) {
        return Map.of("hub.challenge", query.getOrDefault("hub.challenge", ""));
    }

    static List<PushNotification> receive(String body) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PushReceiver.PushRejectedException(400, "strava event is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new PushReceiver.PushRejectedException(400, "strava event is not a JSON object");
        }
        JsonNode ownerNode = event.get("owner_id");
        String owner = ownerNode == null || ownerNode.isNull() || !ownerNode.isValueNode() ? "" : ownerNode.asText().trim();
        if (owner.isEmpty()) {
            return List.of();
        }
        String objectType = event.path("object_type").asText("");
        String aspect = event.path("aspect_type").asText("");
        if (objectType.equals("activity") && (aspect.equals("create") || aspect.equals("update"))) {
            return List.of(new PushNotification(owner, EnumSet.of(DataType.ACTIVITIES), false));
        }
        if (objectType.equals("athlete") && "false".equals(event.path("updates").path("authorized").asText(null))) {
            return List.of(new PushNotification(owner, EnumSet.noneOf(DataType.class), true));
        }
        return List.of();
    }
}
