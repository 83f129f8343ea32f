package sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Google Fit account: its data sources and their points. Every account has the three merged
 * streams and the raw sources of the phone and the watch; merged streams hold no points of their own
 * but show the points of every raw source of their data type.
 */
final class GoogleFitUser extends SandboxUser implements SandboxHeartRateUser {

    private final Map<String, GoogleFitDataSource> sources = new LinkedHashMap<>();
    private final Map<String, List<GoogleFitPoint>> points = new LinkedHashMap<>();
    private final GoogleFitDataSource phoneSteps;
    private final GoogleFitDataSource phoneWeight;
    private final GoogleFitDataSource watchHeartRate;
    private long nextSeq = 1;

    private GoogleFitUser(String id, String deviceUid, String watchUid) {
        super(id);
        add(GoogleFitDataSource.merged(GoogleFitDataType.STEP_COUNT_DELTA, "merge_step_deltas"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.WEIGHT, "merge_weight"));
        add(GoogleFitDataSource.merged(GoogleFitDataType.HEART_RATE, "merge_heart_rate_bpm"));
        phoneSteps = GoogleFitDataSource.phoneStepCounter(deviceUid);
        phoneWeight = GoogleFitDataSource.phoneWeightEntry();
        watchHeartRate = GoogleFitDataSource.watchHeartRate(watchUid);
        add(phoneSteps);
        add(phoneWeight);
        add(watchHeartRate);
    }

    /** A user as first seen at {@code seenAt}, with generated phone and watch history; null for an empty account. */
    static GoogleFitUser create(String id, Instant seenAt, Duration history) {
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
        }
        return user;
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
    synchronized List<SandboxStepEntry> stepEntries() {
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
    synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            if (!entry.end().isAfter(entry.start()) || entry.count() > Integer.MAX_VALUE) {
                throw ApiProblem.invalid("end", "Steps need end after start and a count below 2^31");
            }
        }
        Instant now = Instant.now();
        entries.forEach(entry -> store(phoneSteps, stepsDraft(entry.start(), entry.end(), (int) entry.count()), now));
    }

    @Override
    synchronized List<SandboxWeightEntry> weightEntries() {
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
    synchronized void addWeights(List<SandboxWeightEntry> entries) {
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

    @Override
    synchronized void wipeData() {
        points.values().forEach(List::clear);
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
