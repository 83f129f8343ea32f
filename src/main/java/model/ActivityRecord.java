package model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A workout [start, end) (end = start + elapsed time), with its totals in SI units (metres, kcal; null when
 * unknown) and its samples (GPS, heart rate, altitude, cadence, power), oldest first; empty when the provider
 * has no streams, and its laps in time order: empty for a workout of one lap (a single lap spanning the whole workout
 * says nothing its start and end do not, so it is not kept: every provider then reads the same workout alike).
 * Conflicts between workouts are "the same workout": start within ±2 min and duration within ±15 %, or at least
 * half of the shorter one overlapping (docs/architecture.md §8).
 */
public record ActivityRecord(Instant start, Instant end, Sport sport, String name, Double distanceMetres,
                             Double kilocalories, List<ActivitySample> samples, ZoneOffset zoneOffset, Provenance provenance,
                             List<ActivityLap> laps)
        implements HealthRecord {

    /** Distances providers round to the metre (Fitbit keeps km with 2+ decimals): closer is the same. */
    private static final double SAME_DISTANCE_METRES = 1.0;
    private static final double SAME_KCAL = 1.0;

    public ActivityRecord {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("an activity needs start < end, got " + start + " .. " + end);
        }
        if (sport == null) {
            sport = Sport.OTHER;
        }
        samples = samples == null ? List.of() : List.copyOf(samples);
        laps = laps == null || laps.size() < 2 ? List.of() : List.copyOf(laps);
    }

    /** A workout whose laps are unknown, or that has one lap. */
    public ActivityRecord(Instant start, Instant end, Sport sport, String name, Double distanceMetres, Double kilocalories,
                          List<ActivitySample> samples, ZoneOffset zoneOffset, Provenance provenance) {
        this(start, end, sport, name, distanceMetres, kilocalories, samples, zoneOffset, provenance, List.of());
    }

    /**
     * This workout, its totals kept, with the samples and laps of {@code recording}: the file the provider keeps of it
     * (a TCX export), read for its track.
     */
    public ActivityRecord withTrackOf(ActivityRecord recording) {
        return new ActivityRecord(start, end, sport, name, distanceMetres, kilocalories, recording.samples, zoneOffset, provenance,
                recording.laps);
    }

    /** The same workout with other laps. */
    public ActivityRecord withLaps(List<ActivityLap> otherLaps) {
        return new ActivityRecord(start, end, sport, name, distanceMetres, kilocalories, samples, zoneOffset, provenance, otherLaps);
    }

    @Override
    public DataType type() {
        return DataType.ACTIVITIES;
    }

    public Duration elapsed() {
        return Duration.between(start, end);
    }

    /** The same workout with the same totals, as many samples and the same laps: re-writing it would change nothing. */
    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof ActivityRecord a
                && a.sport == sport
                && Records.sameSecond(a.start, start) && Records.sameSecond(a.end, end)
                && Records.close(a.distanceMetres, distanceMetres, SAME_DISTANCE_METRES)
                && Records.close(a.kilocalories, kilocalories, SAME_KCAL)
                && a.samples.size() == samples.size()
                && sameLaps(a.laps);
    }

    private boolean sameLaps(List<ActivityLap> others) {
        if (others.size() != laps.size()) {
            return false;
        }
        for (int i = 0; i < laps.size(); i++) {
            if (!laps.get(i).sameAs(others.get(i))) {
                return false;
            }
        }
        return true;
    }
}
