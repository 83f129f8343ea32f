package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * A Google Fit account: its data sources and their points, and its sessions. Every account has the merged
 * streams and the raw sources of the phone and the watch; merged streams hold no points of their own
 * but show the points of every raw source of their data type. Sleeps and workouts are sessions whose data are the
 * points in their period: sleep segments; GPS, heart rate, distance deltas and calories.
 */
public final class GoogleFitUser extends SandboxUser implements SandboxHeartRateUser, SandboxSleepUser, SandboxActivityUser {

    /** The Fit app on the phone records sleep and workout sessions (with the watch's sensors). */
    private static final String FIT_APP = "com.google.android.apps.fitness";
    /** The watch's GPS reports no accuracy in the test API's entries; a typical figure for a wrist GPS. */
    private static final double WATCH_GPS_ACCURACY_METRES = 5.0;

    private final Map<String, GoogleFitDataSource> sources = new LinkedHashMap<>();
    private final Map<String, List<GoogleFitPoint>> points = new LinkedHashMap<>();
    private final GoogleFitDataSource phoneSteps;
    private final GoogleFitDataSource phoneWeight;
    private final GoogleFitDataSource watchHeartRate;
    private final GoogleFitDataSource watchLocation;
    private final GoogleFitDataSource watchDistance;
    private final GoogleFitDataSource watchCalories;
    private final GoogleFitDataSource watchSleep;
    private final Map<String, GoogleFitSession> sessions = new LinkedHashMap<>();
    private long nextSeq = 1;
    private long sessionVersion;

    private GoogleFitUser(String id, String deviceUid, String watchUid) {
        super(id);
        add(GoogleFitDataSource.merged(GoogleFitDataType.STEP_COUNT_DELTA, "merge_step_deltas"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.WEIGHT, "merge_weight"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.HEART_RATE, "merge_heart_rate_bpm"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.LOCATION_SAMPLE, "merge_location_samples"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.DISTANCE_DELTA, "merge_distance_delta"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.CALORIES_EXPENDED, "merge_calories_expended"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.SLEEP_SEGMENT, "merged"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.ACTIVITY_SEGMENT, "merge_activity_segments"));
        phoneSteps = GoogleFitDataSource.phoneStepCounter(deviceUid);
        phoneWeight = GoogleFitDataSource.phoneWeightEntry();
        watchHeartRate = GoogleFitDataSource.watchHeartRate(watchUid);
        add(phoneSteps);
        add(phoneWeight);
        add(watchHeartRate);
        watchLocation = GoogleFitDataSource.watchSensor(GoogleFitDataType.LOCATION_SAMPLE, watchUid);
        watchDistance = GoogleFitDataSource.watchSensor(GoogleFitDataType.DISTANCE_DELTA, watchUid);
        watchCalories = GoogleFitDataSource.watchSensor(GoogleFitDataType.CALORIES_EXPENDED, watchUid);
        watchSleep = GoogleFitDataSource.watchSensor(GoogleFitDataType.SLEEP_SEGMENT, watchUid);
        add(watchLocation);
        add(watchDistance);
        add(watchCalories);
        add(watchSleep);
    }

    /** A user as first seen at {@code seenAt}, with generated phone and watch history; null for an empty account. */
    public static GoogleFitUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.GOOGLE_FIT, id);
        GoogleFitUser user = new GoogleFitUser(id, generator.deviceUid(), generator.watchUid());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            generator.stepIntervals(generator.zone(), from, seenAt, (start, end, steps) ->
                    user.store(user.phoneSteps, stepsDraft(start, end, steps), seenAt));
            generator.weighIns(generator.zone(), from, seenAt, (time, kg) ->
                    user.store(user.phoneWeight, measurementDraft(time.toInstant(), kg), seenAt));
            generator.heartRateSamples(generator.zone(), from, seenAt, (time, bpm) ->
                    user.store(user.watchHeartRate, measurementDraft(time, bpm), seenAt));
            generator.sleeps(generator.zone(), from, seenAt, sleep -> user.recordSleep(sleep, seenAt));
            generator.workouts(generator.zone(), from, seenAt, workout -> user.recordWorkout(workout, seenAt));
        }
        return user;
    }

    /** Every session, deletions included (the list endpoint decides what to show). */
    synchronized List<GoogleFitSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** The change counter the last session write set: the incremental list's sync token. */
    synchronized long sessionVersion() {
        return sessionVersion;
    }

    /** Inserts or updates a session of the API client; the Fit app's own sessions are not the client's to change. */
    synchronized GoogleFitSession putSession(String id, JsonNode body, Instant now) {
        GoogleFitSession existing = sessions.get(id);
        if (existing != null && !existing.deleted() && !existing.createdByClient()) {
            throw new ApiProblem(403, null, "Session " + id + " was not created by this application.");
        }
        GoogleFitSession session = GoogleFitSession.fromClient(id, body, now.toEpochMilli(), sessionVersion + 1);
        sessionVersion++;
        sessions.put(id, session);
        return session;
    }

    /** Deletes one of the client's sessions (its points stay, as in Google Fit); an unknown id changes nothing. */
    synchronized void deleteSession(String id, Instant now) {
        GoogleFitSession existing = sessions.get(id);
        if (existing == null || existing.deleted()) {
            return;
        }
        if (!existing.createdByClient()) {
            throw new ApiProblem(403, null, "Session " + id + " was not created by this application.");
        }
        sessions.put(id, existing.asDeleted(now.toEpochMilli(), ++sessionVersion));
    }

    synchronized List<GoogleFitDataSource> dataSources() {
        return List.copyOf(sources.values());
    }

    synchronized Optional<GoogleFitDataSource> dataSource(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    /** False when a source with that id exists already. */
    synchronized boolean addDataSource(GoogleFitDataSource source) {
        if (sources.containsKey(source.id())) {
            return false;
        }
        add(source);
        return true;
    }

    /** Points overlapping [from, to] of a raw source, or of all raw sources of a merged stream's type. */
    synchronized List<GoogleFitPoint> overlapping(GoogleFitDataSource source, long fromNanos, long toNanos) {
        List<GoogleFitPoint> found = new ArrayList<>();
        for (GoogleFitDataSource raw : rawSourcesBehind(source)) {
            for (GoogleFitPoint point : points.get(raw.id())) {
                if (point.overlaps(fromNanos, toNanos)) {
                    found.add(point);
                }
            }
        }
        return found;
    }

    /** Inserts without replacing anything, duplicates included (Google: "no existing data replaced"). */
    synchronized List<GoogleFitPoint> insert(GoogleFitDataSource source, List<GoogleFitPoint.Draft> drafts, Instant now) {
        List<GoogleFitPoint> inserted = new ArrayList<>(drafts.size());
        drafts.forEach(draft -> inserted.add(store(source, draft, now)));
        return inserted;
    }

    /** Deletes every point of the source overlapping [from, to]; answers how many went. */
    synchronized int delete(GoogleFitDataSource source, long fromNanos, long toNanos) {
        List<GoogleFitPoint> stored = points.get(source.id());
        int before = stored.size();
        stored.removeIf(point -> point.overlaps(fromNanos, toNanos));
        return before - stored.size();
    }

    @Override
    public synchronized List<SandboxStepEntry> stepEntries() {
        List<SandboxStepEntry> entries = new ArrayList<>();
        for (GoogleFitDataSource source : rawSourcesOf(GoogleFitDataType.STEP_COUNT_DELTA)) {
            for (GoogleFitPoint point : points.get(source.id())) {
                int steps = point.values().get(0).intVal();
                if (steps != 0) {
                    entries.add(new SandboxStepEntry(GoogleFitPoint.instant(point.startNanos()),
                            GoogleFitPoint.instant(point.endNanos()), steps, source.id()));
                }
            }
        }
        entries.sort(Comparator.comparing(SandboxStepEntry::start).thenComparing(SandboxStepEntry::end));
        return entries;
    }

    /** Into the phone's step counter, one delta per entry. */
    @Override
    public synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            if (!entry.end().isAfter(entry.start()) || entry.count() > Integer.MAX_VALUE) {
                throw ApiProblem.invalid("end", "Steps need end after start and a count below 2^31");
            }
        }
        Instant now = Instant.now();
        entries.forEach(entry -> store(phoneSteps, stepsDraft(entry.start(), entry.end(), (int) entry.count()), now));
    }

    @Override
    public synchronized List<SandboxWeightEntry> weightEntries() {
        List<SandboxWeightEntry> entries = new ArrayList<>();
        for (GoogleFitDataSource source : rawSourcesOf(GoogleFitDataType.WEIGHT)) {
            for (GoogleFitPoint point : points.get(source.id())) {
                entries.add(new SandboxWeightEntry(GoogleFitPoint.instant(point.startNanos()),
                        point.values().get(0).fpVal(), source.id(), Long.toString(point.seq())));
            }
        }
        entries.sort(Comparator.comparing(SandboxWeightEntry::time));
        return entries;
    }

    /** Into the Fit app's manual weight entries. */
    @Override
    public synchronized void addWeights(List<SandboxWeightEntry> entries) {
        Instant now = Instant.now();
        entries.forEach(entry -> store(phoneWeight, measurementDraft(entry.time(), entry.kg()), now));
    }

    /** Readings of every raw heart-rate source: the watch's and those API clients wrote. */
    @Override
    public synchronized List<SandboxHeartRateEntry> heartRateEntries() {
        List<SandboxHeartRateEntry> entries = new ArrayList<>();
        for (GoogleFitDataSource source : rawSourcesOf(GoogleFitDataType.HEART_RATE)) {
            for (GoogleFitPoint point : points.get(source.id())) {
                entries.add(new SandboxHeartRateEntry(GoogleFitPoint.instant(point.startNanos()),
                        point.values().get(0).fpVal(), source.id()));
            }
        }
        entries.sort(Comparator.comparing(SandboxHeartRateEntry::time));
        return entries;
    }

    /** Into the watch's heart-rate source, at the instant given (watches do not read on whole minutes). */
    @Override
    public synchronized void addHeartRates(List<SandboxHeartRateEntry> entries) {
        Instant now = Instant.now();
        entries.forEach(entry -> store(watchHeartRate, measurementDraft(entry.time(), entry.bpm()), now));
    }

    /** Sleep sessions with their stages: the sleep segments in their period, else sleep activity segments. */
    @Override
    public synchronized List<SandboxSleepEntry> sleepEntries() {
        List<SandboxSleepEntry> entries = new ArrayList<>();
        for (GoogleFitSession session : liveSessions()) {
            if (session.activityType() != GoogleFitSession.SLEEPING) {
                continue;
            }
            List<SleepStage> stages = stages(session, GoogleFitDataType.SLEEP_SEGMENT);
            if (stages.isEmpty()) {
                stages = stages(session, GoogleFitDataType.ACTIVITY_SEGMENT);
            }
            entries.add(new SandboxSleepEntry(session.start(), session.end(), stages, session.recordedBy(), session.id()));
        }
        return entries;
    }

    /** As if the watch had tracked the nights: a sleep session of the Fit app and the watch's sleep segments. */
    @Override
    public synchronized void addSleeps(List<SandboxSleepEntry> entries) {
        Instant now = Instant.now();
        entries.forEach(entry -> recordSleep(entry, now));
    }

    /**
     * Workout sessions with their samples on the union of the GPS and heart-rate instants in their period, the
     * distance covered since the start at each sample and the totals of distance and calories.
     */
    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        List<SandboxActivityEntry> entries = new ArrayList<>();
        for (GoogleFitSession session : liveSessions()) {
            if (session.isSleep()) {
                continue;
            }
            long from = GoogleFitPoint.nanos(session.start());
            long to = GoogleFitPoint.nanos(session.end());
            TreeMap<Long, double[]> samples = new TreeMap<>();
            for (GoogleFitPoint point : rawPoints(GoogleFitDataType.LOCATION_SAMPLE, from, to)) {
                if (point.startNanos() >= from && point.startNanos() <= to) {
                    double[] sample = samples.computeIfAbsent(point.startNanos(), t -> emptySample());
                    sample[0] = point.values().get(0).fpVal();
                    sample[1] = point.values().get(1).fpVal();
                    sample[2] = point.values().size() > 3 ? point.values().get(3).fpVal() : Double.NaN;
                }
            }
            for (GoogleFitPoint point : rawPoints(GoogleFitDataType.HEART_RATE, from, to)) {
                if (point.startNanos() >= from && point.startNanos() <= to) {
                    samples.computeIfAbsent(point.startNanos(), t -> emptySample())[3] = point.values().get(0).fpVal();
                }
            }
            List<GoogleFitPoint> distances = rawPoints(GoogleFitDataType.DISTANCE_DELTA, from, to);
            List<GoogleFitPoint> calories = rawPoints(GoogleFitDataType.CALORIES_EXPENDED, from, to);
            List<ActivitySample> activitySamples = new ArrayList<>();
            samples.forEach((time, s) -> activitySamples.add(new ActivitySample(GoogleFitPoint.instant(time),
                    known(s[0]), known(s[1]), known(s[2]), known(s[3]),
                    distances.isEmpty() ? null : prorated(distances, from, time), null, null)));
            entries.add(new SandboxActivityEntry(session.start(), session.end(), GoogleFitSession.sport(session.activityType()),
                    session.name(), distances.isEmpty() ? null : prorated(distances, from, to),
                    calories.isEmpty() ? null : prorated(calories, from, to), activitySamples, session.recordedBy(), session.id()));
        }
        return entries;
    }

    /** As if the watch had recorded the workouts: a session of the Fit app and the watch's points. */
    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        Instant now = Instant.now();
        entries.forEach(entry -> recordWorkout(entry, now));
    }

    @Override
    public synchronized void wipeData() {
        points.values().forEach(List::clear);
        sessions.clear();
    }

    private void recordSleep(SandboxSleepEntry sleep, Instant now) {
        addRecordedSession("Sleep", sleep.start(), sleep.end(), GoogleFitSession.SLEEPING, now);
        for (SleepStage stage : sleep.stages()) {
            store(watchSleep, new GoogleFitPoint.Draft(GoogleFitPoint.nanos(stage.start()), GoogleFitPoint.nanos(stage.end()),
                    List.of(GoogleFitValue.ofInt(GoogleFitSession.sleepSegmentType(stage.level())))), now);
        }
    }

    /**
     * GPS and heart rate at each sample's instant; distance as deltas between consecutive samples that know the
     * distance covered (a total beyond the last sample's as one more delta to the end, or added to the last delta
     * when that sample is at the end); calories as one point over the whole workout.
     */
    private void recordWorkout(SandboxActivityEntry workout, Instant now) {
        addRecordedSession(workout.name(), workout.start(), workout.end(), GoogleFitSession.activityType(workout.sport()), now);
        Instant previous = workout.start();
        double covered = 0;
        GoogleFitPoint.Draft lastDelta = null;
        for (ActivitySample sample : workout.samples()) {
            long at = GoogleFitPoint.nanos(sample.time());
            if (sample.hasPosition()) {
                List<GoogleFitValue> values = new ArrayList<>(List.of(GoogleFitValue.ofFloat(sample.latitude()),
                        GoogleFitValue.ofFloat(sample.longitude()), GoogleFitValue.ofFloat(WATCH_GPS_ACCURACY_METRES)));
                if (sample.altitudeMetres() != null) {
                    values.add(GoogleFitValue.ofFloat(sample.altitudeMetres()));
                }
                store(watchLocation, new GoogleFitPoint.Draft(at, at, List.copyOf(values)), now);
            }
            if (sample.heartRate() != null) {
                store(watchHeartRate, measurementDraft(sample.time(), sample.heartRate()), now);
            }
            if (sample.distanceMetres() != null) {
                if (sample.time().isAfter(previous) && sample.distanceMetres() != covered) {
                    if (lastDelta != null) {
                        store(watchDistance, lastDelta, now);
                    }
                    lastDelta = intervalDraft(previous, sample.time(), sample.distanceMetres() - covered);
                }
                previous = sample.time();
                covered = sample.distanceMetres();
            }
        }
        if (workout.distanceMetres() != null && workout.distanceMetres() > covered) {
            if (workout.end().isAfter(previous)) {
                if (lastDelta != null) {
                    store(watchDistance, lastDelta, now);
                }
                lastDelta = intervalDraft(previous, workout.end(), workout.distanceMetres() - covered);
            } else if (lastDelta != null) {
                // no time left after the last sample: its delta takes the rest, so the total survives
                lastDelta = new GoogleFitPoint.Draft(lastDelta.startNanos(), lastDelta.endNanos(), List.of(GoogleFitValue.ofFloat(
                        lastDelta.values().get(0).fpVal() + workout.distanceMetres() - covered)));
            }
        }
        if (lastDelta != null) {
            store(watchDistance, lastDelta, now);
        }
        if (workout.kilocalories() != null) {
            store(watchCalories, intervalDraft(workout.start(), workout.end(), workout.kilocalories()), now);
        }
    }

    /** A session of the Fit app; ids are the start time and the app, made unique when two sessions share a start. */
    private void addRecordedSession(String name, Instant start, Instant end, int activityType, Instant now) {
        String id = start.toEpochMilli() + ":" + FIT_APP + ":" + activityType;
        if (sessions.containsKey(id)) {
            id = id + ":" + (sessionVersion + 1);
        }
        sessions.put(id, GoogleFitSession.recorded(id, name, start, end, activityType, FIT_APP, now.toEpochMilli(), ++sessionVersion));
    }

    private List<GoogleFitSession> liveSessions() {
        return sessions.values().stream()
                .filter(session -> !session.deleted())
                .sorted(Comparator.comparingLong(GoogleFitSession::startMillis).thenComparing(GoogleFitSession::id))
                .toList();
    }

    /** The session's stages from the raw segments of one type, cut to the session; other activities are left out. */
    private List<SleepStage> stages(GoogleFitSession session, GoogleFitDataType segmentType) {
        long from = GoogleFitPoint.nanos(session.start());
        long to = GoogleFitPoint.nanos(session.end());
        List<SleepStage> stages = new ArrayList<>();
        for (GoogleFitPoint point : rawPoints(segmentType, from, to)) {
            int value = point.values().get(0).intVal();
            SleepStage.Level level = segmentType == GoogleFitDataType.SLEEP_SEGMENT
                    ? GoogleFitSession.levelOfSleepSegment(value) : GoogleFitSession.levelOfActivitySegment(value);
            long start = Math.max(from, point.startNanos());
            long end = Math.min(to, point.endNanos());
            if (level != null && start < end) {
                stages.add(new SleepStage(GoogleFitPoint.instant(start), GoogleFitPoint.instant(end), level));
            }
        }
        stages.sort(Comparator.comparing(SleepStage::start));
        return stages;
    }

    private List<GoogleFitPoint> rawPoints(GoogleFitDataType dataType, long fromNanos, long toNanos) {
        List<GoogleFitPoint> found = new ArrayList<>();
        for (GoogleFitDataSource source : rawSourcesOf(dataType)) {
            for (GoogleFitPoint point : points.get(source.id())) {
                if (point.overlaps(fromNanos, toNanos)) {
                    found.add(point);
                }
            }
        }
        found.sort(GoogleFitPoint.BY_START);
        return found;
    }

    /** The sum of the points' values in [from, to], each in proportion to the part of its interval inside; to the mm. */
    private static double prorated(List<GoogleFitPoint> points, long fromNanos, long toNanos) {
        double sum = 0;
        for (GoogleFitPoint point : points) {
            double value = point.values().get(0).fpVal();
            long start = Math.max(fromNanos, point.startNanos());
            long end = Math.min(toNanos, point.endNanos());
            if (point.endNanos() == point.startNanos()) {
                sum += point.startNanos() >= fromNanos && point.startNanos() <= toNanos ? value : 0;
            } else if (start < end) {
                sum += value * (end - start) / (double) (point.endNanos() - point.startNanos());
            }
        }
        return Math.round(sum * 1000) / 1000.0;
    }

    private static double[] emptySample() {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }

    private static Double known(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static GoogleFitPoint.Draft intervalDraft(Instant start, Instant end, double value) {
        return new GoogleFitPoint.Draft(GoogleFitPoint.nanos(start), GoogleFitPoint.nanos(end), List.of(GoogleFitValue.ofFloat(value)));
    }

    private void add(GoogleFitDataSource source) {
        sources.put(source.id(), source);
        points.put(source.id(), new ArrayList<>());
    }

    private synchronized GoogleFitPoint store(GoogleFitDataSource source, GoogleFitPoint.Draft draft, Instant now) {
        GoogleFitPoint point = new GoogleFitPoint(nextSeq++, draft.startNanos(), draft.endNanos(),
                source.dataType().name(), source.id(), draft.values(), now.toEpochMilli());
        points.get(source.id()).add(point);
        return point;
    }

    private List<GoogleFitDataSource> rawSourcesBehind(GoogleFitDataSource source) {
        return GoogleFitDataSource.DERIVED.equals(source.type()) ? rawSourcesOf(source.dataType()) : List.of(source);
    }

    private List<GoogleFitDataSource> rawSourcesOf(GoogleFitDataType dataType) {
        return sources.values().stream()
                .filter(source -> GoogleFitDataSource.RAW.equals(source.type())
                        && source.dataType().name().equals(dataType.name()))
                .toList();
    }

    private static GoogleFitPoint.Draft stepsDraft(Instant start, Instant end, int steps) {
        return new GoogleFitPoint.Draft(GoogleFitPoint.nanos(start), GoogleFitPoint.nanos(end),
                List.of(GoogleFitValue.ofInt(steps)));
    }

    /** A measurement at one instant (weight, heart rate): Google Fit wants start equal to end. */
    private static GoogleFitPoint.Draft measurementDraft(Instant time, double value) {
        long nanos = GoogleFitPoint.nanos(time);
        return new GoogleFitPoint.Draft(nanos, nanos, List.of(GoogleFitValue.ofFloat(value)));
    }
}
