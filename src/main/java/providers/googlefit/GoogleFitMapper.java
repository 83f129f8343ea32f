package providers.googlefit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Provenance;
import model.StepsRecord;
import model.SyncIds;
import model.WeightRecord;

/**
 * Google Fit's wire format ↔ the canonical model (docs/providers/googlefit.md §2.1, §3.2): points with nanosecond
 * times as strings, {@code intVal} steps, {@code fpVal} kilograms and beats per minute; sessions with millisecond
 * times as strings, whose data are the points in their period (sleep segments; GPS, heart rate, distance deltas,
 * calories). Fit keeps no zone: records read from it carry UTC.
 */
final class GoogleFitMapper {
    /**
     * The sync id of a point from one of our own raw data sources: points keep no client value, so the source record
     * it was written from is unknown; a stable value still marks it as ours (loop safety).
     */
    static final String OWN_SOURCE_SYNC_ID = SyncIds.PREFIX + "googlefit-source";

    private GoogleFitMapper() {
    }

    /** How one of our data types lives in Google Fit. */
    enum FitType {
        STEPS("com.google.step_count.delta", "derived:com.google.step_count.delta:com.google.android.gms:merge_step_deltas",
                "steps", "integer"),
        WEIGHT("com.google.weight", "derived:com.google.weight:com.google.android.gms:merge_weight", "weight", "floatPoint"),
        HEART_RATE("com.google.heart_rate.bpm", "derived:com.google.heart_rate.bpm:com.google.android.gms:merge_heart_rate_bpm",
                "bpm", "floatPoint");

        final String dataTypeName;
        final String mergedSource;
        final String field;
        final String format;

        FitType(String dataTypeName, String mergedSource, String field, String format) {
            this.dataTypeName = dataTypeName;
            this.mergedSource = mergedSource;
            this.field = field;
            this.format = format;
        }

        static FitType of(DataType type) {
            return switch (type) {
                case STEPS -> STEPS;
                case WEIGHT -> WEIGHT;
                case HEART_RATE -> HEART_RATE;
                default -> throw new PermanentSyncException("google fit cannot carry " + type + " yet");
            };
        }
    }

    /**
     * Whether a point's origin is one of our raw data sources ({@code raw:<type>:<project>[:...]:SyncWell} or
     * {@code ...:SyncWellSessions}, the stream name last, as Google composes a REST client's source id).
     */
    static boolean fromOwnSource(String originDataSourceId) {
        return originDataSourceId != null && originDataSourceId.startsWith("raw:")
                && (originDataSourceId.endsWith(":" + GoogleFitProvider.STREAM_NAME)
                || originDataSourceId.endsWith(":" + GoogleFitProvider.SESSION_STREAM_NAME));
    }

    static HealthRecord toRecord(FitType fit, JsonNode point) {
        Instant start = instant(point.path("startTimeNanos"));
        Instant end = instant(point.path("endTimeNanos"));
        if (end.isBefore(start)) {
            throw new PermanentSyncException("google fit sent a point that ends before it starts");
        }
        JsonNode value = point.path("value").path(0);
        String origin = point.path("originDataSourceId").asText(null);
        Provenance provenance = new Provenance(GoogleFitProvider.ID, origin + "@" + point.path("startTimeNanos").asText() + "-"
                + point.path("endTimeNanos").asText(), origin);
        if (fromOwnSource(origin)) {
            // a point keeps no client value: which source record it came from is unknown, that we wrote it is not
            provenance = provenance.withSyncId(OWN_SOURCE_SYNC_ID);
        }
        return switch (fit) {
            case STEPS -> {
                if (!value.path("intVal").isIntegralNumber()) {
                    throw new PermanentSyncException("google fit step point has no intVal");
                }
                yield new StepsRecord(start, end, value.get("intVal").asLong(), ZoneOffset.UTC, provenance);
            }
            case WEIGHT -> new WeightRecord(start, floatValue(value, "weight"), ZoneOffset.UTC, provenance);
            case HEART_RATE -> new HeartRateRecord(start, floatValue(value, "heart rate"), ZoneOffset.UTC, provenance);
        };
    }

    /** The body of a dataset PATCH that inserts {@code records} into {@code dataSourceId}. */
    static Map<String, Object> dataset(FitType fit, String dataSourceId, List<HealthRecord> records) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        List<Map<String, Object>> points = new ArrayList<>();
        for (HealthRecord record : records) {
            long start = nanos(record.start());
            long end = nanos(record.end());
            min = Math.min(min, start);
            max = Math.max(max, end);
            Map<String, Object> value = switch (fit) {
                case STEPS -> Map.of("intVal", ((StepsRecord) record).count());
                case WEIGHT -> Map.of("fpVal", ((WeightRecord) record).kilograms());
                case HEART_RATE -> Map.of("fpVal", ((HeartRateRecord) record).bpm());
            };
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("startTimeNanos", Long.toString(start));
            point.put("endTimeNanos", Long.toString(end));
            point.put("dataTypeName", fit.dataTypeName);
            point.put("value", List.of(value));
            points.add(point);
        }
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("dataSourceId", dataSourceId);
        dataset.put("minStartTimeNs", Long.toString(min));
        dataset.put("maxEndTimeNs", Long.toString(max));
        dataset.put("point", points);
        return dataset;
    }

    static double floatValue(JsonNode value, String what) {
        if (!value.path("fpVal").isNumber()) {
            throw new PermanentSyncException("google fit " + what + " point has no fpVal");
        }
        return value.get("fpVal").asDouble();
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static Instant instant(JsonNode nanosText) {
        try {
            long nanos = Long.parseLong(nanosText.asText());
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        } catch (NumberFormatException e) {
            throw new PermanentSyncException("google fit sent a time that is not nanoseconds");
        }
    }
}
