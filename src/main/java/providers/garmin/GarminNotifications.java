package providers.garmin;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.DataType;
import model.Json;
import providers.garmin.GarminMapper.SummaryType;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

/**
 * What Garmin POSTs to {@code /v1/webhooks/garmin} (docs/providers/garmin.md §6): a ping {@code {"<summaryType>":[{"userId",
 * "callbackURL"}]}} or a push of the summaries themselves {@code {"<summaryType>":[{"userId","summaryId",…}]}}. Both
 * become one notification per user with the data types of the summary types present; the job then reads through
 * the pull endpoints, so pushed summaries are checked (malformed → 400) but not kept: one read path.
 *
 * <p>No way to verify that a request comes from Garmin is documented (docs/providers/garmin.md §6: not found): there is no signature to
 * check, so only notifications for users with a linked account lead anywhere (the webhook API ignores others), and
 * all a forged one can do is make us pull that user's data once more. Summary types we do not read are ignored.
 */
final class GarminNotifications {

    private GarminNotifications() {
    }

    static List<PushNotification> receive(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PushReceiver.PushRejectedException(400, "garmin notification is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PushReceiver.PushRejectedException(400, "garmin notification is not a JSON object");
        }
        Map<String, Set<DataType>> typesByUser = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray()) {
                throw new PushReceiver.PushRejectedException(400, "garmin notification's " + field.getKey() + " is not a list");
            }
            Set<DataType> types = SummaryType.byKey(field.getKey()).map(GarminNotifications::dataTypes)
                    .orElse(EnumSet.noneOf(DataType.class));
            for (JsonNode entry : field.getValue()) {
                String userId = entry.isObject() ? entry.path("userId").asText("") : "";
                if (userId.isBlank()) {
                    throw new PushReceiver.PushRejectedException(400, "garmin notification entry without a userId");
                }
                if (!types.isEmpty()) {
                    check(SummaryType.byKey(field.getKey()).orElseThrow(), entry);
                }
                typesByUser.computeIfAbsent(userId, id -> EnumSet.noneOf(DataType.class)).addAll(types);
            }
        }
        return typesByUser.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new PushNotification(e.getKey(), e.getValue(), false)).toList();
    }

    /** A ping names where to pull ({@code callbackURL}); anything else must be a summary we could read. */
    private static void check(SummaryType type, JsonNode entry) {
        if (entry.hasNonNull("callbackURL")) {
            if (!entry.get("callbackURL").isTextual() || entry.get("callbackURL").asText().isBlank()) {
                throw new PushReceiver.PushRejectedException(400, "garmin ping for " + type.key + " with an unusable callbackURL");
            }
            return;
        }
        try {
            List<JsonNode> one = List.of(entry);
            switch (type) {
                case EPOCHS -> GarminMapper.epochSteps(one, null);
                case DAILIES -> GarminMapper.dailyHeartRates(one, null);
                case SLEEPS -> GarminMapper.sleeps(one, null);
                case BODY_COMPS -> GarminMapper.bodyComps(one, null);
                case ACTIVITIES -> GarminActivityMapper.activities(one, List.of(), null);
                case ACTIVITY_DETAILS -> GarminActivityMapper.activities(List.of(), one, null);
            }
            if (!entry.hasNonNull("summaryId")) {
                throw new PermanentSyncException("no summaryId");
            }
        } catch (PermanentSyncException e) {
            throw new PushReceiver.PushRejectedException(400, "garmin pushed a " + type.key + " summary that cannot be read: "
                    + e.getMessage());
        }
    }

    /** The data types a changed summary type may hold (steps come from epochs, heart rate from dailies). */
    static Set<DataType> dataTypes(SummaryType type) {
        return switch (type) {
            case DAILIES -> EnumSet.of(DataType.HEART_RATE);
            case EPOCHS -> EnumSet.of(DataType.STEPS);
            case SLEEPS -> EnumSet.of(DataType.SLEEP);
            case BODY_COMPS -> EnumSet.of(DataType.WEIGHT);
            case ACTIVITIES, ACTIVITY_DETAILS -> EnumSet.of(DataType.ACTIVITIES);
        };
    }
}
