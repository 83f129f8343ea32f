package sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Google Health account: steps from the user's tracker in minute intervals (the API's storage
 * resolution for steps), weighings from the scale, and what API clients wrote. Every time keeps the UTC
 * offset of the user's zone at that moment, so a point's civil time is what the user's clock showed.
 */
final class GoogleHealthUser extends SandboxUser {

    /** The API's range for a steps count. */
    static final long MAX_STEPS = 1_000_000;

    private final ZoneId zone;
    /** System-generated weight ids: 19 digits, distinct per user. */
    private final long idBase;
    private final List<GoogleHealthPoint> points = new ArrayList<>();
    private long nextSeq = 1;

    private GoogleHealthUser(String id, ZoneId zone) {
        super(id);
        this.zone = zone;
        this.idBase = 1_000_000_000_000_000_000L + Math.floorMod(id.hashCode(), 1_000_000) * 1_000_000_000_000L;
    }

    /** A user as first seen at {@code seenAt}, with generated tracker and scale history; null for an empty account. */
    static GoogleHealthUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.GOOGLE_HEALTH, id);
        GoogleHealthUser user = new GoogleHealthUser(id, generator.zone());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            generator.minuteSteps(user.zone, from, seenAt, (minute, steps) -> {
                Instant start = minute.atZone(user.zone).toInstant();
                user.storeSteps(start, start.plusSeconds(60), steps, GoogleHealthOrigin.TRACKER);
            });
            generator.weighIns(user.zone, from, seenAt, (time, kg) ->
                    user.storeWeight(null, time.toInstant(), time.getOffset(), Math.round(kg * 1000), GoogleHealthOrigin.SCALE));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    /** The points of a type that pass the test, in the API's list order. */
    synchronized List<GoogleHealthPoint> points(GoogleHealthDataType type, Predicate<GoogleHealthPoint> test) {
        return points.stream().filter(point -> point.type() == type && test.test(point)).sorted(GoogleHealthPoint.LIST_ORDER).toList();
    }

    synchronized Optional<GoogleHealthPoint> find(GoogleHealthDataType type, String id) {
        return points.stream().filter(point -> point.type() == type && id.equals(point.id())).findFirst();
    }

    /** Stores a weight; a null id is generated. False when a point of the type already has that id. */
    synchronized Optional<GoogleHealthPoint> createWeight(String id, Instant time, ZoneOffset offset, double grams,
                                                          GoogleHealthOrigin origin) {
        if (id != null && find(GoogleHealthDataType.WEIGHT, id).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(storeWeight(id, time, offset, grams, origin));
    }

    /** Puts {@code replacement} where the point with its id was; answers it. */
    synchronized GoogleHealthPoint replace(GoogleHealthPoint existing, GoogleHealthPoint replacement) {
        int at = points.indexOf(existing);
        if (at < 0) {
            throw ApiProblem.notFound("Data point " + existing.id() + " was deleted meanwhile.");
        }
        points.set(at, replacement);
        return replacement;
    }

    /** Removes the points, all or none: every one must still be stored. */
    synchronized void delete(List<GoogleHealthPoint> doomed) {
        Set<GoogleHealthPoint> set = new HashSet<>(doomed);
        if (!points.containsAll(set)) {
            throw ApiProblem.notFound("A data point to delete was deleted meanwhile.");
        }
        points.removeAll(set);
    }

    @Override
    synchronized List<SandboxStepEntry> stepEntries() {
        return points.stream().filter(point -> point.type() == GoogleHealthDataType.STEPS && point.count() != 0)
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparing(GoogleHealthPoint::end))
                .map(point -> new SandboxStepEntry(point.start(), point.end(), point.count(), point.origin().label()))
                .toList();
    }

    /** As if the tracker had recorded them, one interval per entry. */
    @Override
    synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            if (!entry.end().isAfter(entry.start()) || entry.count() > MAX_STEPS) {
                throw ApiProblem.invalid("end", "Steps need end after start and a count of at most " + MAX_STEPS);
            }
        }
        entries.forEach(entry -> storeSteps(entry.start(), entry.end(), entry.count(), GoogleHealthOrigin.TRACKER));
    }

    @Override
    synchronized List<SandboxWeightEntry> weightEntries() {
        return points.stream().filter(point -> point.type() == GoogleHealthDataType.WEIGHT)
                .sorted(Comparator.comparing(GoogleHealthPoint::start).thenComparingLong(GoogleHealthPoint::seq))
                .map(point -> new SandboxWeightEntry(point.start(), point.grams() / 1000, point.origin().label(), point.id()))
                .toList();
    }

    /** As if the scale had weighed the user (to the gram). */
    @Override
    synchronized void addWeights(List<SandboxWeightEntry> entries) {
        entries.forEach(entry -> storeWeight(null, entry.time(), offsetAt(entry.time()), Math.round(entry.kg() * 1000),
                GoogleHealthOrigin.SCALE));
    }

    @Override
    synchronized void wipeData() {
        points.clear();
    }

    synchronized long nextSeq() {
        return nextSeq++;
    }

    ZoneOffset offsetAt(Instant instant) {
        return zone.getRules().getOffset(instant);
    }

    private void storeSteps(Instant start, Instant end, long count, GoogleHealthOrigin origin) {
        points.add(GoogleHealthPoint.steps(null, nextSeq++, start, offsetAt(start), end, offsetAt(end), count, origin));
    }

    private GoogleHealthPoint storeWeight(String id, Instant time, ZoneOffset offset, double grams, GoogleHealthOrigin origin) {
        long seq = nextSeq++;
        String pointId = id;
        for (long n = seq; pointId == null || (id == null && find(GoogleHealthDataType.WEIGHT, pointId).isPresent()); n++) {
            pointId = Long.toString(idBase + n);
        }
        GoogleHealthPoint point = GoogleHealthPoint.weight(pointId, seq, time, offset, grams, origin);
        points.add(point);
        return point;
    }
}
