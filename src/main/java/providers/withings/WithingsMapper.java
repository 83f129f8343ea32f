package providers.withings;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.WeightRecord;
import providers.http.ResponseEnvelope;
import providers.http.WireValues;

/**
 * Withings Public API wire format (docs/providers/withings.md §2, §5) to the canonical model. Every answer is an envelope
 * {@code {"status":0,"body":{…}}}, usually over HTTP 200 even for errors; measures are integers scaled by a power
 * of ten ({@code value × 10^unit}); times are unix seconds with the user's zone name beside them.
 */
final class WithingsMapper {

    private static final WireValues WIRE = new WireValues(WithingsProvider.ID);

    /** {@code meastype} of body weight, in kilograms once scaled. */
    static final int WEIGHT_TYPE = 1;
    /** {@code category} of real measurements (2 is the user's goals). */
    static final int REAL_MEASUREMENT = 1;

    /**
     * Withings statuses in HTTP terms (the "response_status" table): 0 ok; 100-102, 200 and 401 authentication
     * failed; 201-213 invalid parameters; 601 too many requests; 522 timeout; 2554 unknown action. The many
     * statuses the table groups as "an error occurred" count as a server error: retried, then a dead letter.
     */
    static final ResponseEnvelope ENVELOPE = new ResponseEnvelope("status", "body", WithingsMapper::httpStatusOf);

    private static int httpStatusOf(int code) {
        if (code == 0) {
            return 200;
        }
        if ((code >= 100 && code <= 102) || code == 200 || code == 401) {
            return 401;
        }
        if (code >= 201 && code <= 213) {
            return 400;
        }
        return switch (code) {
            case 601 -> 429;
            case 522 -> 503;
            case 2554 -> 404;
            default -> 500;
        };
    }

    private WithingsMapper() {
    }

    /** The weights of a {@code getmeas} body, oldest first; goals and other measure types are left out. */
    static List<HealthRecord> weights(JsonNode body) {
        JsonNode groups = body.get("measuregrps");
        if (groups == null || !groups.isArray()) {
            throw new PermanentSyncException("withings getmeas answered without a measuregrps list");
        }
        ZoneId zone = zone(body.path("timezone").asText(null));
        List<HealthRecord> weights = new ArrayList<>();
        for (JsonNode group : groups) {
            if (group.path("category").asInt(REAL_MEASUREMENT) != REAL_MEASUREMENT) {
                continue;
            }
            Instant time = Instant.ofEpochSecond(integer(group, "date"));
            for (JsonNode measure : group.path("measures")) {
                if (integer(measure, "type") == WEIGHT_TYPE) {
                    ZoneOffset offset = zone.getRules().getOffset(time);
                    weights.add(new WeightRecord(time, scaled(measure), offset, new model.Provenance(WithingsProvider.ID,
                            Long.toString(integer(group, "grpid")), group.path("deviceid").asText(null))));
                }
            }
        }
        weights.sort(java.util.Comparator.comparing(HealthRecord::start));
        return weights;
    }

    /** Whether another page follows ({@code more} is 0/1 in the spec, a boolean in some answers). */
    static boolean more(JsonNode body) {
        JsonNode more = body.path("more");
        return more.isBoolean() ? more.booleanValue() : more.asInt(0) != 0;
    }

    static int offset(JsonNode body) {
        return body.path("offset").asInt(0);
    }

    /** {@code value × 10^unit}, exactly: 72450 with unit -3 is 72.45 kg. */
    static double scaled(JsonNode measure) {
        return BigDecimal.valueOf(integer(measure, "value")).scaleByPowerOfTen((int) integer(measure, "unit")).doubleValue();
    }

    /** The user's zone as Withings names it; an unknown or missing name leaves times in UTC, offset 0. */
    static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static long integer(JsonNode node, String field) {
        return WIRE.integer(node.get(field), "measure '" + field + "'");
    }
}
