package sandbox.googlehealth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import model.ActivitySample;
import model.SleepStage;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxHeartRateEntry;
import sandbox.common.SandboxHeartRateUser;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxSleepEntry;
import sandbox.common.SandboxSleepUser;
import sandbox.common.SandboxStepEntry;
import sandbox.common.SandboxUser;
import sandbox.common.SandboxWeightEntry;

/**
 * A Google Health account: steps and heart rate from the user's tracker a minute at a time (the API's storage
 * resolution for steps), its nights and workouts (the workouts with their GPS and heart-rate track, which the
 * API serves as a TCX export), weighings from the scale, and what API clients wrote. Every time keeps the UTC
 * offset of the user's zone at that moment, so a point's civil time is what the user's clock showed.
 */
public final class GoogleHealthUser extends SandboxUser implements SandboxHeartRateUser, SandboxSleepUser, SandboxActivityUser {

    /** The API's range for a steps count. */
    static final long MAX_STEPS = 1_000_000;
    /** The API's range for a heart rate. */
    static final long MIN_BPM = 1;
    static final long MAX_BPM = 300;

    /** How a point of a type is made once the user has given it its id and insertion number. */
    @FunctionalInterface
    interface Draft {
        GoogleHealthPoint as(String id, long seq);
    }

    private final ZoneId zone;
    /** System-generated weight and exercise ids: 19 digits, distinct per user. */
    private final long idBase;
    private final Map<GoogleHealthDataType, List<GoogleHealthPoint>> points = new EnumMap<>(GoogleHealthDataType.class);
    private long nextSeq = 1;

    private GoogleHealthUser(String id, ZoneId zone) {
        super(id);
        this.zone = zone;
        this.idBase = 1_000_000_000_000_000_000L + Math.floorMod(id.hashCode(), 1_000_000) * 1_000_000_000_000L;
        for (GoogleHealthDataType type : GoogleHealthDataType.values()) {
            points.put(type, new ArrayList<>());
        }
    }

    /** A user as first seen at {@code seenAt}, with generated tracker and scale history; null for an empty account. */
    public static GoogleHealthUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.GOOGLE_HEALTH, id);
        GoogleHealthUser user = new GoogleHealthUser(id, generator.zone());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            generator.minuteSteps(user.zone, from, seenAt, (minute, steps) -> {
                Instant start = minute.atZone(user.zone).toInstant();
                user.storeSteps(start, start.plusSeconds(60), steps, GoogleHealthOrigin.TRACKER);
            });
            generator.minuteHeartRates(user.zone, from, seenAt, (minute, bpm) -> {
                Instant time = minute.atZone(user.zone).toInstant();
                user.store(GoogleHealthDataType.HEART_RATE, null, (pointId, seq) ->
                        GoogleHealthPoint.heartRate(seq, time, user.offsetAt(time), bpm, GoogleHealthOrigin.TRACKER));
            });
            generator.weighIns(user.zone, from, seenAt, (time, kg) ->
                    user.storeWeight(null, time.toInstant(), time.getOffset(), Math.round(kg * 1000), GoogleHealthOrigin.SCALE));
            generator.sleeps(user.zone, from, seenAt, sleep -> user.storeSleep(sleep));
            generator.workouts(user.zone, from, seenAt, workout -> user.storeExercise(workout));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    /** The points of a type that pass the test, in the API's list order. */
    synchronized List<GoogleHealthPoint> points(GoogleHealthDataType type, Predicate<GoogleHealthPoint> test) {
        return points.get(type).stream().filter(test).sorted(GoogleHealthPoint.LIST_ORDER).toList();
    }

    synchronized Optional<GoogleHealthPoint> find(GoogleHealthDataType type, String id) {
        return points.get(type).stream().filter(point -> id.equals(point.id())).findFirst();
    }

    /** Stores a point of an identifiable type; a null id is generated. Empty when a point of the type has that id. */
    synchronized Optional<GoogleHealthPoint> create(GoogleHealthDataType type, String id, Draft draft) {
        if (id != null && find(type, id).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(store(type, id, draft));
    }

    /** Puts {@code replacement} where the point with its id was; answers it. */
    synchronized GoogleHealthPoint replace(GoogleHealthPoint existing, GoogleHealthPoint replacement) {
        List<GoogleHealthPoint> list = points.get(existing.type());
        int at = list.indexOf(existing);
        if (at < 0) {
            throw ApiProblem.notFound("Data point " + existing.id() + " was deleted meanwhile.");
        }
        list.set(at, replacement);
        return replacement;
    }

    /** Removes the points, all or none: every one must still be stored. */
    synchronized void delete(List<GoogleHealthPoint> doomed) {
        for (GoogleHealthPoint point : doomed) {
            if (!points.get(point.type()).contains(point)) {
                throw ApiProblem.notFound("A data point to delete was deleted meanwhile.");
            }
        }
        Set<GoogleHealthPoint> set = new HashSet<>(doomed);
        points.values().forEach(list -> list.removeAll(set));
    }

    @Override
    public synchronized List<SandboxStepEntry> stepEntries() {
        return points.get(GoogleHealthDataType.STEPS).stream().filter(point -> point.count() != 0)
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparing(GoogleHealthPoint::end))
                .map(point -> new SandboxStepEntry(point.start(), point.end(), point.count(), point.origin().label()))
                .toList();
    }

    /** As if the tracker had recorded them, one interval per entry. */
    @Override
    public synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            if (!entry.end().isAfter(entry.start()) || entry.count() > MAX_STEPS) {
                throw ApiProblem.invalid("end", "Steps need end after start and a count of at most " + MAX_STEPS);
            }
        }
        entries.forEach(entry -> storeSteps(entry.start(), entry.end(), entry.count(), GoogleHealthOrigin.TRACKER));
    }

    @Override
    public synchronized List<SandboxWeightEntry> weightEntries() {
        return points.get(GoogleHealthDataType.WEIGHT).stream()
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparingLong(GoogleHealthPoint::seq))
                .map(point -> new SandboxWeightEntry(point.start(), point.grams() / 1000, point.origin().label(), point.id(),
                        point.startOffset()))
                .toList();
    }

    /** As if the scale had weighed the user (to the gram), at the entry's offset, else the user's zone's. */
    @Override
    public synchronized void addWeights(List<SandboxWeightEntry> entries) {
        entries.forEach(entry -> storeWeight(null, entry.time(), offsetOr(entry.utcOffset(), entry.time()),
                Math.round(entry.kg() * 1000), GoogleHealthOrigin.SCALE));
    }

    @Override
    public synchronized List<SandboxHeartRateEntry> heartRateEntries() {
        return points.get(GoogleHealthDataType.HEART_RATE).stream()
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparingLong(GoogleHealthPoint::seq))
                .map(point -> new SandboxHeartRateEntry(point.start(), point.count(), point.origin().label()))
                .toList();
    }

    /** As if the tracker had taken the readings, at their instants, in whole beats (the API's int64). */
    @Override
    public synchronized void addHeartRates(List<SandboxHeartRateEntry> entries) {
        for (SandboxHeartRateEntry entry : entries) {
            long bpm = Math.round(entry.bpm());
            if (bpm < MIN_BPM || bpm > MAX_BPM) {
                throw ApiProblem.invalid("bpm", "Google Health keeps whole beats in [" + MIN_BPM + ", " + MAX_BPM + "]");
            }
        }
        entries.forEach(entry -> store(GoogleHealthDataType.HEART_RATE, null, (id, seq) -> GoogleHealthPoint.heartRate(seq,
                entry.time(), offsetAt(entry.time()), Math.round(entry.bpm()), GoogleHealthOrigin.TRACKER)));
    }

    @Override
    public synchronized List<SandboxSleepEntry> sleepEntries() {
        return points.get(GoogleHealthDataType.SLEEP).stream()
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparingLong(GoogleHealthPoint::seq))
                .map(point -> new SandboxSleepEntry(point.start(), point.end(), stagesOf(point.sleep()), point.origin().label(),
                        point.id(), point.startOffset()))
                .toList();
    }

    /** As if the tracker had recorded the nights. */
    @Override
    public synchronized void addSleeps(List<SandboxSleepEntry> entries) {
        entries.forEach(this::storeSleep);
    }

    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        return points.get(GoogleHealthDataType.EXERCISE).stream()
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparingLong(GoogleHealthPoint::seq))
                .map(point -> {
                    GoogleHealthExercise exercise = point.exercise();
                    return new SandboxActivityEntry(point.start(), point.end(), GoogleHealthExercise.sport(exercise.exerciseType()),
                            exercise.displayName(), exercise.distanceMillimeters() == null ? null : exercise.distanceMillimeters() / 1000,
                            exercise.caloriesKcal(), exercise.samples(), point.origin().label(), point.id(), point.startOffset(),
                            exercise.laps());
                })
                .toList();
    }

    /** As if the tracker had recorded the workouts and uploaded them with their tracks. */
    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        entries.forEach(this::storeExercise);
    }

    @Override
    public synchronized void wipeData() {
        points.values().forEach(List::clear);
    }

    ZoneOffset offsetAt(Instant instant) {
        return zone.getRules().getOffset(instant);
    }

    /**
     * The offset a test-API entry names for all its times (as a client writes one offset per record), else the
     * user's zone's at {@code instant}.
     */
    private ZoneOffset offsetOr(ZoneOffset given, Instant instant) {
        return given != null ? given : offsetAt(instant);
    }

    /** The stages as the test API names them; unspecified stages say nothing and are left out. */
    private static List<SleepStage> stagesOf(GoogleHealthSleep sleep) {
        return sleep.stages().stream().filter(stage -> !stage.type().equals("SLEEP_STAGE_TYPE_UNSPECIFIED"))
                .map(stage -> new SleepStage(stage.start(), stage.end(), SleepStage.Level.valueOf(stage.type())))
                .toList();
    }

    private synchronized GoogleHealthPoint store(GoogleHealthDataType type, String id, Draft draft) {
        long seq = nextSeq++;
        String pointId = id;
        if (pointId == null && type.writable()) {
            pointId = generatedId(type, seq);
        }
        GoogleHealthPoint point = draft.as(pointId, seq);
        points.get(type).add(point);
        return point;
    }

    /** Sleep ids are UUIDs (as the API's examples show); weight and exercise ids long integers. */
    private String generatedId(GoogleHealthDataType type, long seq) {
        if (type == GoogleHealthDataType.SLEEP) {
            return UUID.nameUUIDFromBytes((id() + ":sleep:" + seq).getBytes(StandardCharsets.UTF_8)).toString();
        }
        for (long n = seq; ; n++) {
            String candidate = Long.toString(idBase + n);
            if (find(type, candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    private void storeSteps(Instant start, Instant end, long count, GoogleHealthOrigin origin) {
        store(GoogleHealthDataType.STEPS, null, (id, seq) ->
                GoogleHealthPoint.steps(null, seq, start, offsetAt(start), end, offsetAt(end), count, origin));
    }

    private void storeWeight(String id, Instant time, ZoneOffset offset, double grams, GoogleHealthOrigin origin) {
        store(GoogleHealthDataType.WEIGHT, id, (pointId, seq) -> GoogleHealthPoint.weight(pointId, seq, time, offset, grams, origin));
    }

    private void storeSleep(SandboxSleepEntry entry) {
        List<GoogleHealthSleep.Stage> stages = entry.stages().stream()
                .map(stage -> new GoogleHealthSleep.Stage(stage.start(), offsetOr(entry.utcOffset(), stage.start()), stage.end(),
                        offsetOr(entry.utcOffset(), stage.end()), stage.level().name()))
                .toList();
        GoogleHealthSleep sleep = new GoogleHealthSleep(sleepType(entry.stages()), stages);
        store(GoogleHealthDataType.SLEEP, null, (id, seq) -> GoogleHealthPoint.sleep(id, seq, entry.start(),
                offsetOr(entry.utcOffset(), entry.start()), entry.end(), offsetOr(entry.utcOffset(), entry.end()), sleep,
                GoogleHealthOrigin.TRACKER));
    }

    /** STAGES when the tracker scored light, deep and REM sleep; CLASSIC for asleep and restless. */
    static String sleepType(List<SleepStage> stages) {
        boolean staged = stages.stream().anyMatch(stage -> stage.level() == SleepStage.Level.LIGHT
                || stage.level() == SleepStage.Level.DEEP || stage.level() == SleepStage.Level.REM);
        boolean classic = stages.stream().anyMatch(stage -> stage.level() == SleepStage.Level.ASLEEP
                || stage.level() == SleepStage.Level.RESTLESS);
        return staged ? "STAGES" : classic ? "CLASSIC" : null;
    }

    private void storeExercise(SandboxActivityEntry entry) {
        String type = GoogleHealthExercise.exerciseType(entry.sport());
        String name = type.equals("OTHER") && entry.name() != null ? entry.name() : GoogleHealthExercise.generatedName(type);
        Long averageBpm = entry.samples().stream().map(ActivitySample::heartRate).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).average().stream().mapToObj(Math::round).findFirst().orElse(null);
        GoogleHealthExercise exercise = new GoogleHealthExercise(type, name,
                entry.distanceMetres() == null ? null : (double) Math.round(entry.distanceMetres() * 1000), entry.kilocalories(),
                averageBpm, entry.samples(), entry.laps());
        store(GoogleHealthDataType.EXERCISE, null, (id, seq) -> GoogleHealthPoint.exercise(id, seq, entry.start(),
                offsetOr(entry.utcOffset(), entry.start()), entry.end(), offsetOr(entry.utcOffset(), entry.end()), exercise,
                GoogleHealthOrigin.TRACKER));
    }
}
