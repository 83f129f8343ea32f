package sandbox.withings;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxUser;
import sandbox.common.SandboxWeightEntry;

/**
 * A Withings account: measure groups of the user's Body scale (weight in grams, {@code unit -3}), kept in
 * Withings' own shape. Weighings the test API seeds come from the same scale.
 */
public final class WithingsUser extends SandboxUser {

    static final int WEIGHT = 1;
    private static final int GRAMS = -3;

    private final ZoneId zone;
    private final String scaleId;
    private final List<WithingsMeasureGroup> groups = new ArrayList<>();
    private long nextGroupId;

    private WithingsUser(String id, ZoneId zone, String scaleId) {
        super(id);
        this.zone = zone;
        this.scaleId = scaleId;
        this.nextGroupId = 5_000_000_000L + Math.floorMod(id.hashCode(), 1_000_000) * 1_000L;
    }

    /** A user as first seen at {@code seenAt}, with the scale's history; null for an empty account. */
    public static WithingsUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.WITHINGS, id);
        WithingsUser user = new WithingsUser(id, generator.zone(), generator.deviceUid());
        if (seenAt != null) {
            generator.weighIns(user.zone, seenAt.minus(history), seenAt,
                    (time, kg) -> user.store(time.toInstant(), Math.round(kg * 1000)));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    /** Real measurements (category 1) of a type between two unix times, inclusive, oldest first. */
    synchronized List<WithingsMeasureGroup> groups(long type, long startdate, long enddate) {
        return groups.stream()
                .filter(g -> g.date() >= startdate && g.date() <= enddate)
                .filter(g -> g.measures().stream().anyMatch(m -> m.type() == type))
                .sorted(Comparator.comparingLong(WithingsMeasureGroup::date))
                .toList();
    }

    /** Real measurements (category 1) of a type created or modified at or after a unix time, oldest measurement first. */
    synchronized List<WithingsMeasureGroup> changedSince(long type, long lastupdate) {
        return groups.stream()
                .filter(g -> g.modified() >= lastupdate)
                .filter(g -> g.measures().stream().anyMatch(m -> m.type() == type))
                .sorted(Comparator.comparingLong(WithingsMeasureGroup::date))
                .toList();
    }

    @Override
    public synchronized List<SandboxWeightEntry> weightEntries() {
        List<SandboxWeightEntry> entries = new ArrayList<>();
        groups(WEIGHT, Long.MIN_VALUE, Long.MAX_VALUE).forEach(g -> g.measures().stream()
                .filter(m -> m.type() == WEIGHT)
                .forEach(m -> entries.add(new SandboxWeightEntry(Instant.ofEpochSecond(g.date()),
                        java.math.BigDecimal.valueOf(m.value()).scaleByPowerOfTen(m.unit()).doubleValue(), g.deviceid(),
                        Long.toString(g.grpid()), offsetAt(g.date())))));
        return entries;
    }

    /** Withings keeps whole seconds and grams. */
    @Override
    public synchronized void addWeights(List<SandboxWeightEntry> entries) {
        entries.forEach(e -> store(e.time(), Math.round(e.kg() * 1000)));
    }

    /**
     * The offset a measure group carries as the API conveys it: the answer names the user's zone ({@code timezone}), a
     * group only its unix time, so the offset is that zone's at the group's instant.
     */
    private ZoneOffset offsetAt(long unixSeconds) {
        return zone.getRules().getOffset(Instant.ofEpochSecond(unixSeconds));
    }

    @Override
    public synchronized void wipeData() {
        groups.clear();
    }

    private synchronized void store(Instant time, long grams) {
        long now = Instant.now().getEpochSecond();
        groups.add(new WithingsMeasureGroup(nextGroupId++, time.getEpochSecond(), now, now, 1, scaleId,
                List.of(new WithingsMeasureGroup.Measure(grams, WEIGHT, GRAMS))));
    }
}
