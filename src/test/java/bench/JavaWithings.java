package bench;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.Paging;
import providers.http.ProviderContext;
import providers.http.ResponseEnvelope;
import providers.http.WireValues;
import providers.spi.FetchRequest;
import providers.spi.ProviderInfo;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * The yardstick of {@link DeclaredProviderBenchmark}: Withings as it was written in Java before it was declared in
 * {@code camel/providers/withings/} (the provider class and its mapper, unchanged but for their names), never bound
 * in the app. The declared provider's fetch must cost no more than 1.2× this one's CPU per record.
 */
class JavaWithings extends HttpHealthProvider {

    public static final String ID = "withings";
    JavaWithings(ProviderContext context) {
        super(new ProviderInfo(ID, "Withings", "v2", "active",
                        "Read-only: the public API offers no endpoint to create health data.",
                        List.of(DataType.WEIGHT), Map.of())
                        // getmeas takes any startdate/enddate and pages with more/offset; a scale weighs once or twice a day
                        .withBackfill(ProviderInfo.windows(java.time.Duration.ofDays(90), DataType.WEIGHT)),
                "user.metrics", OAuthClient.ClientAuthentication.FORM, context);
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        if (request.type() != DataType.WEIGHT) {
            throw new PermanentSyncException("withings does not read " + request.type());
        }
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        Paging.follow(ID, 0, offset -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("action", "getmeas");
            form.put("meastypes", Integer.toString(Mapper.WEIGHT_TYPE));
            form.put("category", Integer.toString(Mapper.REAL_MEASUREMENT));
            form.put("startdate", Long.toString(window.from().getEpochSecond()));
            // enddate is an inclusive whole second; the window's end is exclusive and may fall inside a second
            form.put("enddate", Long.toString(TimeWindow.epochSecondRoundedUp(window.to()) - 1));
            if (offset > 0) {
                form.put("offset", Integer.toString(offset));
            }
            JsonNode body = http().sendForm(request.call(), "POST", uri("/measure"), form);
            Mapper.weights(body).stream().filter(r -> window.overlaps(r.start(), r.end())).forEach(records::add);
            return Mapper.more(body) ? Optional.of(Mapper.offset(body)) : Optional.<Integer>empty();
        });
        return records;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        throw new PermanentSyncException("withings is read-only: its API cannot create " + request.type());
    }

    @Override
    public boolean canReplace(HealthRecord existing) {
        return false;
    }

    @Override
    protected ResponseEnvelope envelope() {
        return Mapper.ENVELOPE;
    }

    /** Token requests name their action, and tokens come back inside the envelope. */
    @Override
    protected OAuthClient.TokenEndpoint tokenEndpoint() {
        return new OAuthClient.TokenEndpoint(Map.of("action", "requesttoken"), Mapper.ENVELOPE);
    }

    /** The former WithingsMapper: getmeas to canonical weights. */
    static final class Mapper {

        private static final WireValues WIRE = new WireValues(ID);

        /** {@code meastype} of body weight, in kilograms once scaled. */
        static final int WEIGHT_TYPE = 1;
        /** {@code category} of real measurements (2 is the user's goals). */
        static final int REAL_MEASUREMENT = 1;

        /**
         * Withings statuses in HTTP terms (the "response_status" table): 0 ok; 100-102, 200 and 401 authentication
         * failed; 201-213 invalid parameters; 601 too many requests; 522 timeout; 2554 unknown action. The many
         * statuses the table groups as "an error occurred" count as a server error: retried, then a dead letter.
         */
        static final ResponseEnvelope ENVELOPE = new ResponseEnvelope("status", "body", Mapper::httpStatusOf);

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

        private Mapper() {
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
                        weights.add(new WeightRecord(time, scaled(measure), offset, new model.Provenance(ID,
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
}
