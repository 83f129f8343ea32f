package providers.garmin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.Sport;
import model.TimeWindow;
import providers.http.WireValues;

/**
 * Garmin's activity summaries and activity details (docs/providers/garmin.md §2.7, §2.8) ↔ canonical workouts: a summary and its detail
 * (the samples) joined by activity, the samples read as a GPS, heart-rate, cadence and power track.
 */
final class GarminActivityMapper {

    /** Garmin's activity details name themselves after their activity summary with this suffix (client code; not in the facts, docs/providers/garmin.md §2.8). */
    private static final String DETAIL_SUFFIX = "-detail";

    private GarminActivityMapper() {
    }

    /**
     * Activities: their summaries, joined with their activity details (which repeat the summary under {@code summary}
     * and add {@code samples}) by activityId, else by summaryId without the "-detail" suffix. An activity without
     * details has no samples; details without a summary carry their own. End = start + durationInSeconds.
     */
    static List<ActivityRecord> activities(Collection<JsonNode> summaries, Collection<JsonNode> details, TimeWindow window) {
        Map<String, JsonNode> summaryByKey = new LinkedHashMap<>();
        for (JsonNode summary : summaries) {
            summaryByKey.put(activityKey(summary, GarminMapper.SummaryType.ACTIVITIES), summary);
        }
        Map<String, JsonNode> detailByKey = new LinkedHashMap<>();
        for (JsonNode detail : details) {
            detailByKey.put(activityKey(detail, GarminMapper.SummaryType.ACTIVITY_DETAILS), detail);
        }
        List<ActivityRecord> records = new ArrayList<>();
        for (String key : union(summaryByKey.keySet(), detailByKey.keySet())) {
            JsonNode detail = detailByKey.get(key);
            JsonNode summary = summaryByKey.get(key);
            if (summary == null) {
                summary = detail.path("summary");
                if (!summary.isObject()) {
                    throw new PermanentSyncException("garmin sent activity details without their summary");
                }
            }
            ActivityRecord record = activity(key, summary, detail == null ? null : detail.get("samples"));
            if (record != null && GarminMapper.inWindow(window, record.start(), record.end())) {
                records.add(record);
            }
        }
        records.sort(Comparator.comparing(ActivityRecord::start));
        return records;
    }

    private static List<String> union(Collection<String> first, Collection<String> second) {
        List<String> keys = new ArrayList<>(first);
        second.stream().filter(key -> !first.contains(key)).forEach(keys::add);
        return keys;
    }

    private static String activityKey(JsonNode summary, GarminMapper.SummaryType type) {
        JsonNode activityId = summary.get("activityId");
        if (activityId == null || activityId.isNull()) {
            activityId = summary.path("summary").get("activityId");
        }
        if (activityId != null && activityId.isValueNode() && !activityId.asText().isBlank()) {
            return activityId.asText();
        }
        String id = GarminMapper.WIRE.requiredText(summary, "summaryId", type.key + " entry");
        return id.endsWith(DETAIL_SUFFIX) ? id.substring(0, id.length() - DETAIL_SUFFIX.length()) : id;
    }

    private static ActivityRecord activity(String id, JsonNode summary, JsonNode samplesJson) {
        GarminMapper.SummaryType type = GarminMapper.SummaryType.ACTIVITIES;
        Instant start = Instant.ofEpochSecond(GarminMapper.epochSeconds(summary, "startTimeInSeconds", type));
        long duration = GarminMapper.seconds(summary, "durationInSeconds", type);
        if (duration < 0) {
            throw new PermanentSyncException("garmin sent an activity with a negative durationInSeconds");
        }
        if (duration == 0) {
            return null;
        }
        List<ActivitySample> samples = new ArrayList<>();
        if (samplesJson != null && !samplesJson.isNull()) {
            if (!samplesJson.isArray()) {
                throw new PermanentSyncException("garmin sent activity details whose samples are not a list");
            }
            for (JsonNode sample : samplesJson) {
                samples.add(sample(sample));
            }
            samples.sort(Comparator.comparing(ActivitySample::time));
        }
        return new ActivityRecord(start, start.plusSeconds(duration), sport(WireValues.text(summary, "activityType")),
                WireValues.text(summary, "activityName"), GarminMapper.optionalNumber(summary, "distanceInMeters"), GarminMapper.optionalNumber(summary, "activeKilocalories"),
                samples, GarminMapper.offset(summary, "startTimeOffsetInSeconds", type),
                new Provenance(GarminProvider.ID, id, WireValues.text(summary, "deviceName")));
    }

    /**
     * One sample of activity details. Cadence is not among the documented fields (docs/providers/garmin.md §2.8); {@code stepsPerMinute} (running) and
     * {@code bikeCadenceInRPM} (cycling) are the names client code reads. Zero heart rate is no reading, and a
     * position needs both coordinates.
     */
    private static ActivitySample sample(JsonNode sample) {
        if (!sample.isObject()) {
            throw new PermanentSyncException("garmin sent an activity sample that is not an object");
        }
        Instant time = Instant.ofEpochSecond(GarminMapper.epochSeconds(sample, "startTimeInSeconds", GarminMapper.SummaryType.ACTIVITY_DETAILS));
        Double latitude = GarminMapper.optionalNumber(sample, "latitudeInDegree");
        Double longitude = GarminMapper.optionalNumber(sample, "longitudeInDegree");
        if (latitude == null || longitude == null) {
            latitude = null;
            longitude = null;
        } else if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            throw new PermanentSyncException("garmin sent an activity sample with a position outside the globe");
        }
        Double heartRate = GarminMapper.optionalNumber(sample, "heartRate");
        Double cadence = GarminMapper.optionalNumber(sample, "stepsPerMinute");
        if (cadence == null) {
            cadence = GarminMapper.optionalNumber(sample, "bikeCadenceInRPM");
        }
        return new ActivitySample(time, latitude, longitude, GarminMapper.optionalNumber(sample, "elevationInMeters"),
                heartRate != null && heartRate > 0 ? heartRate : null, GarminMapper.optionalNumber(sample, "totalDistanceInMeters"),
                cadence, GarminMapper.optionalNumber(sample, "powerInWatts"));
    }

    /** Garmin's activity types (upper snake case, many variants per sport) in the engine's vocabulary. */
    static Sport sport(String activityType) {
        if (activityType == null || activityType.isBlank()) {
            return Sport.OTHER;
        }
        String type = activityType.trim().toUpperCase(Locale.ROOT);
        if (type.contains("RUNNING")) {
            return Sport.RUN;
        }
        if (type.contains("CYCLING") || type.contains("BIKING") || type.equals("VIRTUAL_RIDE")) {
            return Sport.RIDE;
        }
        if (type.contains("WALKING")) {
            return Sport.WALK;
        }
        if (type.contains("HIKING")) {
            return Sport.HIKE;
        }
        if (type.contains("SWIMMING")) {
            return Sport.SWIM;
        }
        if (type.contains("ROWING")) {
            return Sport.ROW;
        }
        return switch (type) {
            case "STRENGTH_TRAINING" -> Sport.STRENGTH;
            case "YOGA", "PILATES" -> Sport.YOGA;
            case "FITNESS_EQUIPMENT", "CARDIO", "CARDIO_TRAINING", "HIIT", "ELLIPTICAL", "STAIR_CLIMBING", "INDOOR_CARDIO" -> Sport.WORKOUT;
            default -> Sport.OTHER;
        };
    }
}
