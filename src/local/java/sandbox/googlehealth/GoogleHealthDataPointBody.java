package sandbox.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.common.ApiProblem;

/**
 * The DataPoint body of a create or patch, checked as the API checks it (docs/providers/googlehealth.md §3): the union holds
 * exactly the parent collection's member; weight a sample time and grams in [0, 1,000,000]; sleep a
 * SessionTimeInterval and optional stages (each within the session, not overlapping, of a known type); exercise a
 * SessionTimeInterval, an exercise type, a display name (replaced by the type's name unless the type is OTHER)
 * and a metrics summary; weight and exercise optional {@code notes}. Output-only fields a client sends are ignored.
 * Telemetry cannot be written, so a written exercise has no samples.
 */
final class GoogleHealthDataPointBody {

    static final double MAX_WEIGHT_GRAMS = 1_000_000;
    private static final Pattern DURATION = Pattern.compile("(-?\\d{1,6}(?:\\.\\d{1,9})?)s");
    private static final Set<String> UNION_MEMBERS = Set.of("steps", "weight", "heartRate", "sleep", "distance", "floors",
            "bodyFat", "exercise", "altitude", "height");
    /** The discovery document's Exercise.exerciseType enum. */
    static final Set<String> EXERCISE_TYPES = Set.of(("AEROBIC_WORKOUT ARCHERY ASSAULT_BIKE BACKPACKING BADMINTON BALLET "
            + "BALLROOM_DANCE BARRE_CLASS BASEBALL BASKETBALL BIKING BILLIARDS BODY_WEIGHT BOOTCAMP BOWLING BOXING BREAKDANCING "
            + "CALISTHENICS CANOEING CARDIO_SCULPT CARDIO_WORKOUT CARPENTRY CHEERLEADING CIRCUIT_TRAINING CLEANING CLIMBING "
            + "CORE_TRAINING CRICKET CROQUET CROSS_COUNTRY_SKI CROSS_TRAINING CROSSFIT CURLING DANCING DIVING ELECTRIC_BIKE "
            + "ELECTRIC_SCOOTER ELLIPTICAL EQUESTRIAN_SPORTS EXERCISE_CLASS FENCING FIELD_HOCKEY FISHING FITNESS_GAMING FOILING "
            + "FOOTBALL_AMERICAN FOOTBALL_AUSTRALIAN FREE_WEIGHTS FRISBEE_PLAYING_GENERAL FUNCTIONAL_STRENGTH_TRAINING GARDENING "
            + "GOLF GYMNASTICS HANDBALL HAND_CYCLING HIIT HIKING HIP_HOP HOCKEY HOEING HOUSEHOLD_CHORES HUNTING ICE_SKATING "
            + "INCLINE_RUN INCLINE_WALK INDOOR_CLIMBING INTERVAL_WORKOUT JAZZ_DANCE JIU_JITSU JUMPING_ROPE KARATE KAYAKING "
            + "KICKBOXING KITESURFING LACROSSE MARTIAL_ARTS MEDITATE MODERN_DANCE MOTOCROSS MOTORCYCLE MOUNTAIN_BIKE MOWING_LAWN "
            + "MUAY_THAI MULTISPORT MUSICAL_PERFORMANCE NORDIC_WALKING ORIENTEERING OTHER OUTDOOR_BIKE OUTDOOR_WORKOUT "
            + "PADDLEBOARDING PADEL PAINTING PARAGLIDING PARKOUR PICKELBALL PILATES POLO POWERLIFTING POWER_WALKING RACKET_SPORTS "
            + "RACQUETBALL RESISTANCE_BANDS ROCK_CLIMBING ROLLERBLADING ROLLER_SKATING ROWING ROWING_MACHINE RUCKING RUGBY "
            + "RUNNING SAILING SCOOTERING SCUBA_DIVING SHOOTING SHOVELING SKATEBOARDING SKATING SKIING SKYDIVING SNORKELING "
            + "SNOWBOARDING SNOWMOBILING SNOWSHOEING SNOW_SPORT SOCCER SOFTBALL SPEED_SKATING SPINNING SPORT SQUASH STAIRCLIMBER "
            + "STATIONARY_BIKE STEP_TRAINING STRENGTH_TRAINING STRETCHING STROLLER_WALK SURFING SWIMMING SWIMMING_OPEN_WATER "
            + "SWIMMING_POOL SYNCHRONIZED_SWIMMING TABATA_WORKOUT TABLE_TENNIS TAEKWONDO TAI_CHI TANGO TENNIS TRACK_AND_FIELD "
            + "TRAIL_RUN TRAMPOLINE TREADMILL TREADMILL_WALK TRX ULTIMATE_FRISBEE UNICYCLING VOLLEYBALL VOLLEYBALL_BEACH "
            + "WAKEBOARDING WALKING WALK_WITH_WEIGHTS WATER_AEROBICS WATER_JOGGING WATER_POLO WATER_SKIING WATER_SPORT "
            + "WATER_VOLLEYBALL WEEDING WEIGHTLIFTING WEIGHT_MACHINES WEIGHTS WHEELCHAIR WINDSURFING WORKOUT WRESTLING YOGA "
            + "YOGA_BIKRAM YOGA_HATHA YOGA_POWER YOGA_VINYASA ZUMBA").split(" "));

    private GoogleHealthDataPointBody() {
    }

    /** How the body becomes a stored point of the type, once the user has given it its id and number. */
    static GoogleHealthUser.Draft parse(JsonNode body, GoogleHealthDataType type, GoogleHealthOrigin origin) {
        for (String member : UNION_MEMBERS) {
            if (!member.equals(type.field()) && body.has(member)) {
                throw ApiProblem.invalid(member, "The data point holds " + member + " data, but its parent collection is " + type.id() + ".");
            }
        }
        JsonNode data = body.path(type.field());
        if (!data.isObject()) {
            throw ApiProblem.invalid(type.field(), type.field() + " is required.");
        }
        return switch (type) {
            case WEIGHT -> weight(data, origin);
            case SLEEP -> sleep(data, origin);
            case EXERCISE -> exercise(data, origin);
            default -> throw new ApiProblem(400, null, "Data type " + type.id() + " does not support writes.");
        };
    }

    private static GoogleHealthUser.Draft weight(JsonNode weight, GoogleHealthOrigin origin) {
        JsonNode sampleTime = weight.path("sampleTime");
        Instant time = timestamp(sampleTime.get("physicalTime"), "weight.sampleTime.physicalTime");
        ZoneOffset offset = offset(sampleTime.get("utcOffset"), "weight.sampleTime.utcOffset");
        double grams = number(weight.get("weightGrams"));
        if (!(grams >= 0 && grams <= MAX_WEIGHT_GRAMS)) {
            throw ApiProblem.invalid("weight.weightGrams", "weight.weightGrams is required and must be in the range [0, 1000000].");
        }
        String notes = notes(weight, "weight.notes");
        return (id, seq) -> GoogleHealthPoint.weight(id, seq, time, offset, grams, origin, notes);
    }

    private static GoogleHealthUser.Draft sleep(JsonNode sleep, GoogleHealthOrigin origin) {
        Session session = session(sleep.path("interval"), "sleep.interval");
        String sleepType = optionalEnum(sleep.path("type"), GoogleHealthSleep.SLEEP_TYPES, "sleep.type");
        List<GoogleHealthSleep.Stage> stages = new ArrayList<>();
        JsonNode stagesJson = sleep.path("stages");
        if (!stagesJson.isMissingNode() && !stagesJson.isArray()) {
            throw ApiProblem.invalid("sleep.stages", "sleep.stages must be a list.");
        }
        for (JsonNode stage : stagesJson) {
            Session interval = session(stage, "sleep.stages");
            String stageType = optionalEnum(stage.path("type"), GoogleHealthSleep.STAGE_TYPES, "sleep.stages.type");
            if (stageType == null) {
                throw ApiProblem.invalid("sleep.stages.type", "sleep.stages.type is required.");
            }
            if (interval.start.isBefore(session.start) || interval.end.isAfter(session.end)) {
                throw ApiProblem.invalid("sleep.stages", "Every sleep stage must lie within the sleep interval.");
            }
            stages.add(new GoogleHealthSleep.Stage(interval.start, interval.startOffset, interval.end, interval.endOffset, stageType));
        }
        stages.sort(Comparator.comparing(GoogleHealthSleep.Stage::start));
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).start().isBefore(stages.get(i - 1).end())) {
                throw ApiProblem.invalid("sleep.stages", "Sleep stages must not overlap.");
            }
        }
        GoogleHealthSleep details = new GoogleHealthSleep(sleepType, stages);
        return (id, seq) -> GoogleHealthPoint.sleep(id, seq, session.start, session.startOffset, session.end, session.endOffset,
                details, origin);
    }

    private static GoogleHealthUser.Draft exercise(JsonNode exercise, GoogleHealthOrigin origin) {
        Session session = session(exercise.path("interval"), "exercise.interval");
        String type = optionalEnum(exercise.path("exerciseType"), EXERCISE_TYPES, "exercise.exerciseType");
        if (type == null) {
            throw ApiProblem.invalid("exercise.exerciseType", "exercise.exerciseType is required.");
        }
        String displayName = exercise.path("displayName").asText("");
        if (displayName.isBlank()) {
            throw ApiProblem.invalid("exercise.displayName", "exercise.displayName is required.");
        }
        JsonNode summary = exercise.path("metricsSummary");
        if (!summary.isObject()) {
            throw ApiProblem.invalid("exercise.metricsSummary", "exercise.metricsSummary is required.");
        }
        Double millimetres = optionalNumber(summary.get("distanceMillimeters"), "exercise.metricsSummary.distanceMillimeters");
        Double kcal = optionalNumber(summary.get("caloriesKcal"), "exercise.metricsSummary.caloriesKcal");
        Double bpm = optionalNumber(summary.get("averageHeartRateBeatsPerMinute"),
                "exercise.metricsSummary.averageHeartRateBeatsPerMinute");
        // the API names every exercise but OTHER after its type, whatever the client sent
        String name = type.equals("OTHER") ? displayName : GoogleHealthExercise.generatedName(type);
        // written through the API: totals only, no samples and no laps
        GoogleHealthExercise details = new GoogleHealthExercise(type, name, millimetres, kcal, bpm == null ? null : Math.round(bpm),
                List.of(), List.of());
        String notes = notes(exercise, "exercise.notes");
        return (id, seq) -> GoogleHealthPoint.exercise(id, seq, session.start, session.startOffset, session.end, session.endOffset,
                details, origin, notes);
    }

    /** The optional free text of a weight or an exercise; a client's value, kept as sent. */
    private static String notes(JsonNode data, String field) {
        JsonNode notes = data.get("notes");
        if (notes == null || notes.isNull()) {
            return null;
        }
        if (!notes.isTextual()) {
            throw ApiProblem.invalid(field, "Invalid value at '" + field + "' (TYPE_STRING), " + notes);
        }
        return notes.asText();
    }

    /** A SessionTimeInterval (also the shape of a sleep stage's times): start before end, both offsets given. */
    private record Session(Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset) {
    }

    private static Session session(JsonNode interval, String field) {
        if (!interval.isObject()) {
            throw ApiProblem.invalid(field, field + " is required.");
        }
        Instant start = timestamp(interval.get("startTime"), field + ".startTime");
        ZoneOffset startOffset = offset(interval.get("startUtcOffset"), field + ".startUtcOffset");
        Instant end = timestamp(interval.get("endTime"), field + ".endTime");
        ZoneOffset endOffset = offset(interval.get("endUtcOffset"), field + ".endUtcOffset");
        if (!end.isAfter(start)) {
            throw ApiProblem.invalid(field, field + ".endTime must be after its startTime.");
        }
        return new Session(start, startOffset, end, endOffset);
    }

    static Instant timestamp(JsonNode json, String field) {
        if (json == null || !json.isTextual()) {
            throw ApiProblem.invalid(field, field + " is required (an RFC 3339 timestamp).");
        }
        try {
            return OffsetDateTime.parse(json.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "Invalid value at '" + field + "' (type.googleapis.com/google.protobuf.Timestamp), \""
                    + json.asText() + "\"");
        }
    }

    /** A UTC offset as a Duration ("3600s"): whole seconds, within ±18 hours. */
    static ZoneOffset offset(JsonNode json, String field) {
        Matcher matcher = json == null || !json.isTextual() ? null : DURATION.matcher(json.asText());
        if (matcher == null || !matcher.matches()) {
            throw ApiProblem.invalid(field, field + " is required (a duration such as \"3600s\").");
        }
        try {
            return ZoneOffset.ofTotalSeconds(new BigDecimal(matcher.group(1)).intValueExact());
        } catch (ArithmeticException | DateTimeException e) {
            throw ApiProblem.invalid(field, field + " must be whole seconds between -18 and +18 hours.");
        }
    }

    private static String optionalEnum(JsonNode json, Set<String> allowed, String field) {
        if (json.isMissingNode() || json.isNull()) {
            return null;
        }
        if (!json.isTextual() || !allowed.contains(json.asText())) {
            throw ApiProblem.invalid(field, "Invalid value at '" + field + "', \"" + json.asText() + "\"");
        }
        return json.asText();
    }

    /** A double, or an int64 sent as a string; NaN when it is neither. */
    private static double number(JsonNode json) {
        try {
            return json == null ? Double.NaN
                    : json.isNumber() ? json.asDouble() : json.isTextual() ? Double.parseDouble(json.asText()) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Double optionalNumber(JsonNode json, String field) {
        if (json == null || json.isNull()) {
            return null;
        }
        double value = number(json);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw ApiProblem.invalid(field, field + " must be a non-negative number.");
        }
        return value;
    }
}
