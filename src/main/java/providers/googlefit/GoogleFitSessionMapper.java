package providers.googlefit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.HealthRecord;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.Sport;
import model.SyncIds;

/**
 * Google Fit sessions (docs/providers/googlefit.md §2.2, §3.4) ↔ sleeps and workouts: the session list, a night's sleep segments, a workout's
 * location, heart-rate, distance and calorie streams, and the session and dataset bodies that write them back.
 */
final class GoogleFitSessionMapper {

    private GoogleFitSessionMapper() {
    }

    /** A data type whose points make up a session's data, with its merged stream and its fields. */
    enum FitStream {
        /** 1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM. */
        SLEEP_SEGMENT("com.google.sleep.segment", "derived:com.google.sleep.segment:com.google.android.gms:merged", false,
                field("sleep_segment_type", "integer", false)),
        /** Older apps wrote sleep stages as activity segments 109-112 (72 for unstaged sleep). */
        ACTIVITY_SEGMENT("com.google.activity.segment",
                "derived:com.google.activity.segment:com.google.android.gms:merge_activity_segments", false,
                field("activity", "integer", false)),
        /** Values latitude, longitude (degrees), accuracy and optional altitude (metres). */
        LOCATION("com.google.location.sample", "derived:com.google.location.sample:com.google.android.gms:merge_location_samples",
                true, field("latitude", "floatPoint", false), field("longitude", "floatPoint", false),
                field("accuracy", "floatPoint", false), field("altitude", "floatPoint", true)),
        HEART_RATE("com.google.heart_rate.bpm", "derived:com.google.heart_rate.bpm:com.google.android.gms:merge_heart_rate_bpm",
                true, field("bpm", "floatPoint", false)),
        /** Metres covered in the point's interval. */
        DISTANCE("com.google.distance.delta", "derived:com.google.distance.delta:com.google.android.gms:merge_distance_delta",
                false, field("distance", "floatPoint", false)),
        /** Kilocalories burnt in the point's interval. */
        CALORIES("com.google.calories.expended",
                "derived:com.google.calories.expended:com.google.android.gms:merge_calories_expended", false,
                field("calories", "floatPoint", false));

        final String dataTypeName;
        final String mergedSource;
        /** Points at one instant (start equals end) rather than over an interval. */
        final boolean instantaneous;
        /** The fields as a data source's {@code dataType.field} lists them. */
        final List<Map<String, Object>> fields;

        @SafeVarargs
        FitStream(String dataTypeName, String mergedSource, boolean instantaneous, Map<String, Object>... fields) {
            this.dataTypeName = dataTypeName;
            this.mergedSource = mergedSource;
            this.instantaneous = instantaneous;
            this.fields = List.of(fields);
        }

        private static Map<String, Object> field(String name, String format, boolean optional) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", name);
            field.put("format", format);
            if (optional) {
                field.put("optional", true);
            }
            return field;
        }
    }

    /** Activity type "Sleeping": sleep sessions have it. */
    static final int SLEEPING = 72;

    private static final int LIGHT_SLEEP = 109;

    private static final int AWAKE_DURING_SLEEP = 112;

    /** What SyncWell's sports are written as; Google Fit has no generic "workout", so it goes as "other" (108). */
    private static final Map<Sport, Integer> ACTIVITY_TYPES = Map.of(Sport.RUN, 8, Sport.RIDE, 1, Sport.WALK, 7,
            Sport.HIKE, 35, Sport.SWIM, 82, Sport.ROW, 103, Sport.STRENGTH, 80, Sport.YOGA, 100, Sport.WORKOUT, 108,
            Sport.OTHER, 108);

    /** Our canonical model keeps no GPS accuracy; Fit's location sample requires one: a typical wrist GPS figure. */
    static final double UNKNOWN_ACCURACY_METRES = 5.0;

    /** A session as {@code GET /sessions} lists it; {@code application} is its package name, else its application name. */
    record FitSession(String id, String name, Instant start, Instant end, int activityType, String application) {

        boolean isSleep() {
            return activityType == SLEEPING || (activityType >= LIGHT_SLEEP && activityType <= AWAKE_DURING_SLEEP);
        }
    }

    /**
     * The sessions of a {@code GET /sessions} answer. A session still under way (no end) or without length is left
     * out: the canonical model needs start &lt; end. Anything malformed fails the job.
     */
    static List<FitSession> sessions(JsonNode answer) {
        JsonNode list = answer.path("session");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new PermanentSyncException("google fit sessions answer has a malformed session list");
        }
        List<FitSession> sessions = new ArrayList<>();
        for (JsonNode json : list) {
            String id = json.path("id").asText("");
            if (id.isBlank()) {
                throw new PermanentSyncException("google fit listed a session without an id");
            }
            JsonNode type = json.get("activityType");
            if (type == null || !type.isIntegralNumber()) {
                throw new PermanentSyncException("google fit listed a session without an activityType");
            }
            if (!json.hasNonNull("endTimeMillis")) {
                continue;
            }
            Instant start = Instant.ofEpochMilli(millis(json.get("startTimeMillis")));
            Instant end = Instant.ofEpochMilli(millis(json.get("endTimeMillis")));
            if (end.isBefore(start)) {
                throw new PermanentSyncException("google fit listed a session that ends before it starts");
            }
            if (end.equals(start)) {
                continue;
            }
            JsonNode application = json.path("application");
            String packageName = application.path("packageName").asText("");
            sessions.add(new FitSession(id, json.hasNonNull("name") ? json.get("name").asText() : null, start, end, type.asInt(),
                    packageName.isEmpty() ? application.path("name").asText(null) : packageName));
        }
        return sessions;
    }

    /**
     * A sleep session with its stages: the {@code com.google.sleep.segment} points within it when there are any, else
     * the sleep activity segments (109 light, 110 deep, 111 REM, 112 awake, 72 unstaged sleep); both cut to the
     * session. Out of bed (3) counts as awake; 0 (unspecified) is no stage.
     */
    static SleepRecord toSleep(FitSession session, List<JsonNode> sleepSegments, List<JsonNode> activitySegments) {
        List<SleepStage> stages = stages(session, sleepSegments, true);
        if (stages.isEmpty()) {
            stages = stages(session, activitySegments, false);
        }
        return new SleepRecord(session.start(), session.end(), stages, ZoneOffset.UTC, provenance(session));
    }

    private static List<SleepStage> stages(FitSession session, List<JsonNode> segments, boolean sleepSegments) {
        List<SleepStage> stages = new ArrayList<>();
        for (JsonNode point : segments) {
            Instant start = later(GoogleFitMapper.instant(point.path("startTimeNanos")), session.start());
            Instant end = earlier(GoogleFitMapper.instant(point.path("endTimeNanos")), session.end());
            JsonNode value = point.path("value").path(0).path("intVal");
            if (!value.isIntegralNumber()) {
                throw new PermanentSyncException("google fit " + (sleepSegments ? "sleep" : "activity") + " segment has no intVal");
            }
            SleepStage.Level level = sleepSegments ? sleepLevel(value.asInt()) : activityLevel(value.asInt());
            if (level != null && start.isBefore(end)) {
                stages.add(new SleepStage(start, end, level));
            }
        }
        stages.sort(Comparator.comparing(SleepStage::start));
        return stages;
    }

    private static SleepStage.Level sleepLevel(int type) {
        return switch (type) {
            case 0 -> null;
            case 1, 3 -> SleepStage.Level.AWAKE;
            case 2 -> SleepStage.Level.ASLEEP;
            case 4 -> SleepStage.Level.LIGHT;
            case 5 -> SleepStage.Level.DEEP;
            case 6 -> SleepStage.Level.REM;
            default -> throw new PermanentSyncException("google fit sent an unknown sleep segment type " + type);
        };
    }

    /** Null for activities that are no sleep (a walk to the bathroom in an old app's night). */
    private static SleepStage.Level activityLevel(int activity) {
        return switch (activity) {
            case SLEEPING -> SleepStage.Level.ASLEEP;
            case 109 -> SleepStage.Level.LIGHT;
            case 110 -> SleepStage.Level.DEEP;
            case 111 -> SleepStage.Level.REM;
            case 112 -> SleepStage.Level.AWAKE;
            default -> null;
        };
    }

    /**
     * A workout session with its samples on the union of the GPS and heart-rate instants within it (position and
     * heart rate at the same instant share one sample), the distance covered since the start at each sample, and the
     * totals: distance deltas and calories within the session, a point reaching beyond it in proportion.
     */
    static ActivityRecord toActivity(FitSession session, List<JsonNode> locations, List<JsonNode> heartRates,
                                     List<JsonNode> distances, List<JsonNode> calories) {
        long from = GoogleFitMapper.nanos(session.start());
        long to = GoogleFitMapper.nanos(session.end());
        TreeMap<Long, Double[]> samples = new TreeMap<>();
        for (JsonNode point : locations) {
            long at = instantNanos(point);
            if (at >= from && at <= to) {
                JsonNode values = point.path("value");
                double latitude = GoogleFitMapper.floatValue(values.path(0), "location latitude");
                double longitude = GoogleFitMapper.floatValue(values.path(1), "location longitude");
                if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                    throw new PermanentSyncException("google fit sent a location outside the globe");
                }
                JsonNode altitude = values.path(3).path("fpVal");
                Double[] sample = samples.computeIfAbsent(at, t -> new Double[4]);
                sample[0] = latitude;
                sample[1] = longitude;
                sample[2] = altitude.isNumber() ? altitude.asDouble() : null;
            }
        }
        for (JsonNode point : heartRates) {
            long at = instantNanos(point);
            if (at >= from && at <= to) {
                samples.computeIfAbsent(at, t -> new Double[4])[3] = GoogleFitMapper.floatValue(point.path("value").path(0), "heart rate");
            }
        }
        List<double[]> distanceDeltas = intervals(distances, "distance");
        List<double[]> calorieDeltas = intervals(calories, "calories");
        List<ActivitySample> activitySamples = new ArrayList<>();
        samples.forEach((at, s) -> activitySamples.add(new ActivitySample(GoogleFitMapper.instant(at), s[0], s[1], s[2], s[3],
                distanceDeltas.isEmpty() ? null : prorated(distanceDeltas, from, at), null, null)));
        return new ActivityRecord(session.start(), session.end(), sport(session.activityType()), session.name(),
                distanceDeltas.isEmpty() ? null : prorated(distanceDeltas, from, to),
                calorieDeltas.isEmpty() ? null : prorated(calorieDeltas, from, to), activitySamples, ZoneOffset.UTC,
                provenance(session));
    }

    static Sport sport(int activityType) {
        return switch (activityType) {
            case 8, 56, 57, 58 -> Sport.RUN;
            case 1, 15, 16, 17, 18, 19 -> Sport.RIDE;
            case 7, 93, 94, 95 -> Sport.WALK;
            case 35 -> Sport.HIKE;
            case 82, 83, 84 -> Sport.SWIM;
            case 103 -> Sport.ROW;
            case 80 -> Sport.STRENGTH;
            case 100 -> Sport.YOGA;
            default -> Sport.OTHER;
        };
    }

    static int activityType(Sport sport) {
        return ACTIVITY_TYPES.get(sport);
    }

    /** The body of {@code PUT /sessions/{id}} for a sleep or a workout. */
    static Map<String, Object> sessionBody(String id, HealthRecord record, String applicationName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        if (record instanceof ActivityRecord activity) {
            if (activity.name() != null) {
                body.put("name", activity.name());
            }
            body.put("activityType", activityType(activity.sport()));
        } else if (record instanceof SleepRecord) {
            body.put("name", "Sleep");
            body.put("activityType", SLEEPING);
        } else {
            throw new PermanentSyncException("google fit keeps only sleeps and workouts as sessions, not " + record.type());
        }
        body.put("startTimeMillis", Long.toString(record.start().toEpochMilli()));
        body.put("endTimeMillis", Long.toString(record.end().toEpochMilli()));
        body.put("application", Map.of("name", applicationName));
        return body;
    }

    /**
     * The points that carry a session record's data in one stream: sleep stages as sleep segments; a workout's GPS
     * and heart rate at each sample's instant, its distance as deltas between consecutive samples that know the
     * distance covered (a total beyond the last sample's as a last delta to the end, or added to the last delta when
     * that sample is at the end; a total without samples as one delta over the workout), its calories as one point
     * over the workout.
     */
    static List<Map<String, Object>> points(FitStream stream, HealthRecord record) {
        List<Map<String, Object>> points = new ArrayList<>();
        if (record instanceof SleepRecord sleep) {
            if (stream == FitStream.SLEEP_SEGMENT) {
                sleep.stages().forEach(stage -> points.add(point(stream, stage.start(), stage.end(),
                        List.of(Map.of("intVal", sleepSegmentType(stage.level()))))));
            }
            return points;
        }
        ActivityRecord activity = (ActivityRecord) record;
        switch (stream) {
            case LOCATION -> activity.samples().stream().filter(ActivitySample::hasPosition).forEach(sample -> {
                List<Map<String, Object>> values = new ArrayList<>(List.of(Map.of("fpVal", sample.latitude()),
                        Map.of("fpVal", sample.longitude()), Map.of("fpVal", UNKNOWN_ACCURACY_METRES)));
                if (sample.altitudeMetres() != null) {
                    values.add(Map.of("fpVal", sample.altitudeMetres()));
                }
                points.add(point(stream, sample.time(), sample.time(), values));
            });
            case HEART_RATE -> activity.samples().stream().filter(sample -> sample.heartRate() != null).forEach(sample ->
                    points.add(point(stream, sample.time(), sample.time(), List.of(Map.of("fpVal", sample.heartRate())))));
            case DISTANCE -> {
                List<Object[]> deltas = new ArrayList<>();
                Instant previous = activity.start();
                double covered = 0;
                for (ActivitySample sample : activity.samples()) {
                    if (sample.distanceMetres() == null) {
                        continue;
                    }
                    if (sample.time().isAfter(previous) && sample.distanceMetres() != covered) {
                        deltas.add(new Object[] {previous, sample.time(), sample.distanceMetres() - covered});
                    }
                    previous = sample.time();
                    covered = sample.distanceMetres();
                }
                Double total = activity.distanceMetres();
                if (total != null && total > covered) {
                    if (activity.end().isAfter(previous)) {
                        deltas.add(new Object[] {previous, activity.end(), total - covered});
                    } else if (!deltas.isEmpty()) {
                        // no time left after the last sample: its delta takes the rest, so the total survives
                        Object[] last = deltas.get(deltas.size() - 1);
                        last[2] = (double) last[2] + total - covered;
                    }
                }
                deltas.forEach(delta -> points.add(point(stream, (Instant) delta[0], (Instant) delta[1],
                        List.of(Map.of("fpVal", delta[2])))));
            }
            case CALORIES -> {
                if (activity.kilocalories() != null) {
                    points.add(point(stream, activity.start(), activity.end(), List.of(Map.of("fpVal", activity.kilocalories()))));
                }
            }
            default -> {
                // workouts have no sleep or activity segments of their own
            }
        }
        return points;
    }

    /** The body of a dataset PATCH inserting points into {@code dataSourceId}, its bounds taken from the points. */
    static Map<String, Object> dataset(String dataSourceId, List<Map<String, Object>> points) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Map<String, Object> point : points) {
            min = Math.min(min, Long.parseLong((String) point.get("startTimeNanos")));
            max = Math.max(max, Long.parseLong((String) point.get("endTimeNanos")));
        }
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("dataSourceId", dataSourceId);
        dataset.put("minStartTimeNs", Long.toString(min));
        dataset.put("maxEndTimeNs", Long.toString(max));
        dataset.put("point", points);
        return dataset;
    }

    /** A sleep as Fit keeps what we write: restless stages read back as awake ({@link #sleepSegmentType}). */
    static SleepRecord stored(SleepRecord sleep) {
        if (sleep.stages().stream().noneMatch(stage -> stage.level() == SleepStage.Level.RESTLESS)) {
            return sleep;
        }
        List<SleepStage> stages = sleep.stages().stream().map(stage -> stage.level() == SleepStage.Level.RESTLESS
                ? new SleepStage(stage.start(), stage.end(), SleepStage.Level.AWAKE) : stage).toList();
        return new SleepRecord(sleep.start(), sleep.end(), stages, sleep.zoneOffset(), sleep.provenance());
    }

    /**
     * Fit has no restless level. Restless time is time awake in bed by the count of the providers that score it
     * (Fitbit's {@code minutesAsleep} leaves it out), so it becomes 1, awake during the sleep cycle: the night keeps
     * the asleep total its source shows.
     */
    static int sleepSegmentType(SleepStage.Level level) {
        return switch (level) {
            case AWAKE, RESTLESS -> 1;
            case ASLEEP -> 2;
            case LIGHT -> 4;
            case DEEP -> 5;
            case REM -> 6;
        };
    }

    private static Map<String, Object> point(FitStream stream, Instant start, Instant end, List<Map<String, Object>> values) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("startTimeNanos", Long.toString(GoogleFitMapper.nanos(start)));
        point.put("endTimeNanos", Long.toString(GoogleFitMapper.nanos(end)));
        point.put("dataTypeName", stream.dataTypeName);
        point.put("value", values);
        return point;
    }

    /** A session of ours has our sync id as its id (loop safety). */
    private static Provenance provenance(FitSession session) {
        Provenance provenance = new Provenance(GoogleFitProvider.ID, session.id(), session.application());
        return SyncIds.isSyncId(session.id()) ? provenance.withSyncId(session.id()) : provenance;
    }

    /** Points with an interval and one fpVal, as {start nanos, end nanos, value}. */
    private static List<double[]> intervals(List<JsonNode> points, String what) {
        List<double[]> intervals = new ArrayList<>();
        for (JsonNode point : points) {
            long start = GoogleFitMapper.nanos(GoogleFitMapper.instant(point.path("startTimeNanos")));
            long end = GoogleFitMapper.nanos(GoogleFitMapper.instant(point.path("endTimeNanos")));
            if (end < start) {
                throw new PermanentSyncException("google fit sent a " + what + " point that ends before it starts");
            }
            intervals.add(new double[] {start, end, GoogleFitMapper.floatValue(point.path("value").path(0), what)});
        }
        return intervals;
    }

    /** The sum over [from, to], a point reaching beyond it counted in proportion; rounded to the thousandth. */
    private static double prorated(List<double[]> intervals, long fromNanos, long toNanos) {
        double sum = 0;
        for (double[] interval : intervals) {
            double start = Math.max(fromNanos, interval[0]);
            double end = Math.min(toNanos, interval[1]);
            if (interval[1] == interval[0]) {
                sum += interval[0] >= fromNanos && interval[0] <= toNanos ? interval[2] : 0;
            } else if (start < end) {
                sum += interval[2] * (end - start) / (interval[1] - interval[0]);
            }
        }
        return Math.round(sum * 1000) / 1000.0;
    }

    private static long instantNanos(JsonNode point) {
        return GoogleFitMapper.nanos(GoogleFitMapper.instant(point.path("startTimeNanos")));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** int64 milliseconds, as Google writes them (a decimal string) or as a plain JSON integer. */
    private static long millis(JsonNode json) {
        if (json != null && json.isIntegralNumber()) {
            return json.asLong();
        }
        try {
            return Long.parseLong(json == null ? "" : json.asText());
        } catch (NumberFormatException e) {
            throw new PermanentSyncException("google fit sent a session time that is not milliseconds");
        }
    }
}
