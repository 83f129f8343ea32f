package providers.fitbit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.Json;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

/**
 * Fitbit's subscriber endpoint (docs/providers/fitbit.md §6): the verification handshake (204 for the configured code,
 * 404 otherwise) and notifications — a JSON array of {collectionType, date, ownerId, ...} — checked against
 * {@code X-Fitbit-Signature} = base64(HMAC-SHA1(body, client secret + "&")). A bad signature is answered 404,
 * as Fitbit asks, and nothing is processed.
 */
final class FitbitSubscriptions {

    static final String SIGNATURE_HEADER = "X-Fitbit-Signature";

    private FitbitSubscriptions() {
    }

    static int verify(Map<String, String> query, String verificationCode) {
        String offered = query.get("verify");
        boolean correct = verificationCode != null && !verificationCode.isBlank() && offered != null
                && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), verificationCode.getBytes(StandardCharsets.UTF_8));
        return correct ? 204 : 404;
    }

    static List<PushNotification> receive(String body, Map<String, String> headers, String clientSecret) {
        String signature = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(SIGNATURE_HEADER))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (signature == null || !MessageDigest.isEqual(signature.trim().getBytes(StandardCharsets.US_ASCII),
                signature(body, clientSecret).getBytes(StandardCharsets.US_ASCII))) {
            throw new PushReceiver.PushRejectedException(404, "fitbit notification without a valid " + SIGNATURE_HEADER);
        }
        JsonNode notifications;
        try {
            notifications = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PushReceiver.PushRejectedException(400, "fitbit notification is not JSON");
        }
        if (notifications == null || !notifications.isArray()) {
            throw new PushReceiver.PushRejectedException(400, "fitbit notification is not a JSON array");
        }
        List<PushNotification> result = new ArrayList<>();
        for (JsonNode notification : notifications) {
            String owner = notification.path("ownerId").asText("");
            if (owner.isEmpty()) {
                continue;
            }
            String collection = notification.path("collectionType").asText("");
            result.add(new PushNotification(owner, types(collection), collection.equals("userRevokedAccess")));
        }
        return result;
    }

    /** The data types a changed collection may hold. */
    private static Set<DataType> types(String collectionType) {
        return switch (collectionType) {
            case "activities" -> EnumSet.of(DataType.STEPS, DataType.HEART_RATE, DataType.ACTIVITIES);
            case "body" -> EnumSet.of(DataType.WEIGHT);
            case "sleep" -> EnumSet.of(DataType.SLEEP);
            default -> EnumSet.noneOf(DataType.class);
        };
    }

    static String signature(String body, String clientSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((clientSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from this JVM", e);
        }
    }
}
