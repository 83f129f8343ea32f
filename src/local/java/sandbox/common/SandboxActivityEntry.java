package sandbox.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import model.ActivityLap;
import model.ActivitySample;
import model.Sport;

/**
 * One workout as the test API lists and accepts it, in SI units (metres, kcal) with its samples (GPS, heart
 * rate, altitude, cadence, power) in time order; {@code id} is the provider's own id, {@code source} who
 * recorded it (null for seeded entries), {@code utcOffset} the offset of the user's local time the provider keeps with
 * it (null where it keeps none), {@code laps} its laps where the provider keeps them (none for a workout of one lap).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxActivityEntry(Instant start, Instant end, Sport sport, String name, Double distanceMetres, Double kilocalories,
                            List<ActivitySample> samples, String source, String id, ZoneOffset utcOffset, List<ActivityLap> laps) {

    public SandboxActivityEntry {
        samples = samples == null ? List.of() : List.copyOf(samples);
        laps = laps == null || laps.size() < 2 ? List.of() : List.copyOf(laps);
    }

    public SandboxActivityEntry(Instant start, Instant end, Sport sport, String name, Double distanceMetres, Double kilocalories,
                         List<ActivitySample> samples, String source, String id, ZoneOffset utcOffset) {
        this(start, end, sport, name, distanceMetres, kilocalories, samples, source, id, utcOffset, List.of());
    }

    public SandboxActivityEntry(Instant start, Instant end, Sport sport, String name, Double distanceMetres, Double kilocalories,
                         List<ActivitySample> samples, String source, String id) {
        this(start, end, sport, name, distanceMetres, kilocalories, samples, source, id, null);
    }
}
