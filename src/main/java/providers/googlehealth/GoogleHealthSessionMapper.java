package providers.googlehealth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.Sport;
import providers.http.WireValues;

/**
 * Google Health API v4 sessions ↔ the canonical model (docs/providers/googlehealth.md §2.3, §2.5, §3): {@code sleep} (a
 * SessionTimeInterval and stages, each with its own instants and offsets) and {@code exercise} (a
 * SessionTimeInterval, an {@code exerciseType} enum, a display name and a {@code metricsSummary} in millimetres
 * and kilocalories). An exercise's samples are not in its data point but in its TCX export. Both are
 * identifiable: they carry a {@code name}.
 */
final class GoogleHealthSessionMapper {

    /** Our sport for each exercise type that has a closer match than OTHER; the first listed is the one we write. */
    private static final Map<Sport, List<String>> EXERCISE_TYPES = new LinkedHashMap<>();
    private static final Map<String, Sport> SPORTS = new LinkedHashMap<>();

    static {
        EXERCISE_TYPES.put(Sport.RUN, List.of("RUNNING", "TRAIL_RUN", "TREADMILL", "INCLINE_RUN", "TRACK_AND_FIELD"));
        EXERCISE_TYPES.put(Sport.RIDE, List.of("BIKING", "OUTDOOR_BIKE", "MOUNTAIN_BIKE", "STATIONARY_BIKE", "SPINNING",
                "ELECTRIC_BIKE", "ASSAULT_BIKE", "HAND_CYCLING"));
        EXERCISE_TYPES.put(Sport.WALK, List.of("WALKING", "POWER_WALKING", "NORDIC_WALKING", "TREADMILL_WALK", "INCLINE_WALK",
                "STROLLER_WALK", "WALK_WITH_WEIGHTS"));
        EXERCISE_TYPES.put(Sport.HIKE, List.of("HIKING", "BACKPACKING", "RUCKING"));
        EXERCISE_TYPES.put(Sport.SWIM, List.of("SWIMMING", "SWIMMING_POOL", "SWIMMING_OPEN_WATER"));
        EXERCISE_TYPES.put(Sport.ROW, List.of("ROWING", "ROWING_MACHINE"));
        EXERCISE_TYPES.put(Sport.STRENGTH, List.of("STRENGTH_TRAINING", "WEIGHTLIFTING", "WEIGHTS", "FREE_WEIGHTS", "POWERLIFTING",
                "FUNCTIONAL_STRENGTH_TRAINING", "WEIGHT_MACHINES", "BODY_WEIGHT", "RESISTANCE_BANDS", "CALISTHENICS"));
        EXERCISE_TYPES.put(Sport.YOGA, List.of("YOGA", "YOGA_BIKRAM", "YOGA_HATHA", "YOGA_POWER", "YOGA_VINYASA"));
        EXERCISE_TYPES.put(Sport.WORKOUT, List.of("WORKOUT", "HIIT", "CIRCUIT_TRAINING", "CROSSFIT", "INTERVAL_WORKOUT",
                "CARDIO_WORKOUT", "AEROBIC_WORKOUT", "BOOTCAMP", "TABATA_WORKOUT", "CROSS_TRAINING", "OUTDOOR_WORKOUT"));
        EXERCISE_TYPES.put(Sport.OTHER, List.of("OTHER"));
        EXERCISE_TYPES.forEach((sport, types) -> types.forEach(type -> SPORTS.put(type, sport)));
    }

    private GoogleHealthSessionMapper() {
    }

    /** The sport of an exercise type; the many types without a closer match (tennis, dancing, ...) are OTHER. */
    static Sport sport(String exerciseType) {
        return SPORTS.getOrDefault(exerciseType, Sport.OTHER);
    }

    /** The exercise type we write for a sport. */
    static String exerciseType(Sport sport) {
        return EXERCISE_TYPES.get(sport == null ? Sport.OTHER : sport).get(0);
    }

    /**
     * A sleep session: the interval, and the stages in time order. A stage of an unspecified type says nothing
     * and is left out; one of a type we do not know, or outside its session, makes the point malformed.
     */
    static SleepRecord sleep(JsonNode sleep, String name, String device, String syncId) {
        JsonNode interval = sleep.path("interval");
        Instant start = GoogleHealthMapper.WIRE.rfc3339(interval.path("startTime"), "sleep interval startTime");
        Instant end = GoogleHealthMapper.WIRE.rfc3339(interval.path("endTime"), "sleep interval endTime");
        if (!end.isAfter(start)) {
            throw new PermanentSyncException("googlehealth sent a sleep session that does not end after it starts");
        }
        List<SleepStage> stages = new ArrayList<>();
        JsonNode stagesJson = sleep.path("stages");
        if (!stagesJson.isMissingNode() && !stagesJson.isNull() && !stagesJson.isArray()) {
            throw new PermanentSyncException("googlehealth sent a sleep session with a malformed stages list");
        }
        for (JsonNode stage : stagesJson) {
            Instant stageStart = GoogleHealthMapper.WIRE.rfc3339(stage.path("startTime"), "sleep stage startTime");
            Instant stageEnd = GoogleHealthMapper.WIRE.rfc3339(stage.path("endTime"), "sleep stage endTime");
            if (stageEnd.isBefore(stageStart) || stageStart.isBefore(start) || stageEnd.isAfter(end)) {
                throw new PermanentSyncException("googlehealth sent a sleep stage outside its session or ending before it starts");
            }
            SleepStage.Level level = level(WireValues.text(stage, "type"));
            if (level != null && stageEnd.isAfter(stageStart)) {
                stages.add(new SleepStage(stageStart, stageEnd, level));
            }
        }
        stages.sort(Comparator.comparing(SleepStage::start));
        ZoneOffset offset = GoogleHealthMapper.offset(interval.path("startUtcOffset"), interval.path("civilStartTime"), start);
        String externalId = name != null ? name : "sleep:" + GoogleHealthMapper.timestamp(start);
        return new SleepRecord(start, end, stages, offset, new Provenance(GoogleHealthProvider.ID, externalId, device, syncId));
    }

    private static SleepStage.Level level(String type) {
        if (type == null || type.equals("SLEEP_STAGE_TYPE_UNSPECIFIED")) {
            return null;
        }
        return switch (type) {
            case "AWAKE" -> SleepStage.Level.AWAKE;
            case "LIGHT" -> SleepStage.Level.LIGHT;
            case "DEEP" -> SleepStage.Level.DEEP;
            case "REM" -> SleepStage.Level.REM;
            case "ASLEEP" -> SleepStage.Level.ASLEEP;
            case "RESTLESS" -> SleepStage.Level.RESTLESS;
            default -> throw new PermanentSyncException("googlehealth sent a sleep stage of an unknown type");
        };
    }

    /**
     * A sleep create (or, with the existing point's name, patch): the interval, the stages, and the sleep type
     * the stages imply (STAGES for light/deep/REM, CLASSIC for asleep/restless). The record keeps one offset,
     * which every time is given.
     */
    static Map<String, Object> sleepDataPoint(SleepRecord sleep, String name) {
        ZoneOffset offset = sleep.zoneOffset() == null ? ZoneOffset.UTC : sleep.zoneOffset();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("interval", interval(sleep.start(), sleep.end(), offset));
        String type = sleepType(sleep.stages());
        if (type != null) {
            data.put("type", type);
        }
        List<Map<String, Object>> stages = new ArrayList<>();
        for (SleepStage stage : sleep.stages()) {
            Map<String, Object> json = interval(stage.start(), stage.end(), offset);
            json.put("type", stage.level().name());
            stages.add(json);
        }
        if (!stages.isEmpty()) {
            data.put("stages", stages);
        }
        return dataPoint("sleep", data, name);
    }

    private static String sleepType(List<SleepStage> stages) {
        boolean staged = stages.stream().anyMatch(stage -> switch (stage.level()) {
            case LIGHT, DEEP, REM -> true;
            default -> false;
        });
        boolean classic = stages.stream().anyMatch(stage -> stage.level() == SleepStage.Level.ASLEEP
                || stage.level() == SleepStage.Level.RESTLESS);
        return staged ? "STAGES" : classic ? "CLASSIC" : null;
    }

    /**
     * An exercise without its samples: interval, sport, name and the summary's distance (millimetres, a double) and
     * calories. Exercise types we do not know are OTHER, as the API adds types over time.
     */
    static ActivityRecord exercise(JsonNode exercise, String name, String device, String syncId) {
        JsonNode interval = exercise.path("interval");
        Instant start = GoogleHealthMapper.WIRE.rfc3339(interval.path("startTime"), "exercise interval startTime");
        Instant end = GoogleHealthMapper.WIRE.rfc3339(interval.path("endTime"), "exercise interval endTime");
        if (!end.isAfter(start)) {
            throw new PermanentSyncException("googlehealth sent an exercise that does not end after it starts");
        }
        String type = WireValues.text(exercise, "exerciseType");
        if (type == null) {
            throw new PermanentSyncException("googlehealth sent an exercise without its exerciseType");
        }
        JsonNode summary = exercise.path("metricsSummary");
        Double millimetres = optionalNonNegative(summary.path("distanceMillimeters"), "exercise distanceMillimeters");
        Double kcal = optionalNonNegative(summary.path("caloriesKcal"), "exercise caloriesKcal");
        ZoneOffset offset = GoogleHealthMapper.offset(interval.path("startUtcOffset"), interval.path("civilStartTime"), start);
        String externalId = name != null ? name : "exercise:" + GoogleHealthMapper.timestamp(start);
        return new ActivityRecord(start, end, sport(type), WireValues.text(exercise, "displayName"),
                millimetres == null ? null : millimetres / 1000.0, kcal, List.of(), offset,
                new Provenance(GoogleHealthProvider.ID, externalId, device, syncId));
    }

    /**
     * An exercise create (or patch): interval, type, display name (the API replaces it by the type's name unless
     * the type is OTHER), and the totals in {@code metricsSummary}, with the average heart rate of the samples.
     * Samples themselves cannot be written: the API keeps workout telemetry read-only.
     */
    static Map<String, Object> exerciseDataPoint(ActivityRecord activity, String name, String syncId) {
        ZoneOffset offset = activity.zoneOffset() == null ? ZoneOffset.UTC : activity.zoneOffset();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("interval", interval(activity.start(), activity.end(), offset));
        data.put("exerciseType", exerciseType(activity.sport()));
        String displayName = activity.name() != null && !activity.name().isBlank() ? activity.name()
                : activity.sport().wire().substring(0, 1).toUpperCase(Locale.ROOT) + activity.sport().wire().substring(1);
        data.put("displayName", displayName);
        Map<String, Object> summary = new LinkedHashMap<>();
        if (activity.distanceMetres() != null) {
            // to the millimetre, the API's unit
            summary.put("distanceMillimeters", (double) Math.round(activity.distanceMetres() * 1000));
        }
        if (activity.kilocalories() != null) {
            summary.put("caloriesKcal", activity.kilocalories());
        }
        OptionalDouble heartRate = activity.samples().stream().filter(sample -> sample.heartRate() != null)
                .mapToDouble(ActivitySample::heartRate).average();
        if (heartRate.isPresent()) {
            // int64 travels as a string
            summary.put("averageHeartRateBeatsPerMinute", Long.toString(Math.round(heartRate.getAsDouble())));
        }
        data.put("metricsSummary", summary);
        if (syncId != null) {
            // the exercise's notes keep our sync id (loop safety); its id is Google's, a long integer
            data.put(GoogleHealthMapper.NOTES, syncId);
        }
        return dataPoint("exercise", data, name);
    }

    private static Map<String, Object> dataPoint(String member, Map<String, Object> data, String name) {
        Map<String, Object> point = new LinkedHashMap<>();
        if (name != null) {
            point.put("name", name);
        }
        point.put(member, data);
        return point;
    }

    private static Map<String, Object> interval(Instant start, Instant end, ZoneOffset offset) {
        Map<String, Object> interval = new LinkedHashMap<>();
        interval.put("startTime", GoogleHealthMapper.timestamp(start));
        interval.put("startUtcOffset", GoogleHealthMapper.duration(offset));
        interval.put("endTime", GoogleHealthMapper.timestamp(end));
        interval.put("endUtcOffset", GoogleHealthMapper.duration(offset));
        return interval;
    }

    private static Double optionalNonNegative(JsonNode value, String what) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            double number = value.isNumber() ? value.asDouble() : value.isTextual() ? Double.parseDouble(value.asText()) : Double.NaN;
            if (Double.isFinite(number) && number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the failure below
        }
        throw new PermanentSyncException("googlehealth sent an " + what + " that is not a non-negative number");
    }
}
