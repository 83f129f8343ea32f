package model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A workout [start, end) (end = start + elapsed time), with its totals in SI units (metres, kcal; null when
 * unknown) and its samples (GPS, heart rate, altitude, cadence, power), oldest first; empty when the provider
 * has no streams. Conflicts between workouts are "the same workout": start within ±2 min and duration within
 * ±15 %, or at least half of the shorter one overlapping (DESIGN.md §8).
 */
public record ActivityRecord(Instant start, Instant end, Sport sport, String name, Double distanceMetres,
                             Double kilocalories, List<ActivitySample> samples, ZoneOffset zoneOffset, Provenance provenance)
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
    }

    @Override
    public DataType type() {
        return DataType.ACTIVITIES;
    }

    public Duration elapsed() {
        return Duration.between(start, end);
    }

    /** The same workout with the same totals and as many samples: re-writing it would change nothing. */
    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof ActivityRecord a
                && a.sport == sport
                && Records.sameSecond(a.start, start) && Records.sameSecond(a.end, end)
                && Records.close(a.distanceMetres, distanceMetres, SAME_DISTANCE_METRES)
                && Records.close(a.kilocalories, kilocalories, SAME_KCAL)
                && a.samples.size() == samples.size();
    }
}
