package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.Sport;

/**
 * Workouts shaped as the mappers build them: Garmin activity details (GPS, elevation and distance every few seconds,
 * no heart rate from a watch worn without its sensor) and a chest strap's heart rate as Wahoo's FIT or Fitbit's
 * intraday series give it (heart rate only, its own rate and its own start).
 */
final class Recordings {

    static final ZoneOffset BERLIN_SUMMER = ZoneOffset.ofHours(2);

    private Recordings() {
    }

    /** A run along the Spree from {@code start}, one GPS sample every {@code every}, like GarminMapper's sample(). */
    static ActivityRecord garminRun(Instant start, Duration elapsed, Duration every) {
        List<ActivitySample> samples = new ArrayList<>();
        for (long s = 0; s <= elapsed.toSeconds(); s += every.toSeconds()) {
            double metres = 2.8 * s;
            samples.add(new ActivitySample(start.plusSeconds(s), 52.5145 + metres * 0.000004, 13.3501 + metres * 0.000009,
                    34.0 + (s % 600) / 60.0, null, metres, 168.0, null));
        }
        return new ActivityRecord(start, start.plus(elapsed), Sport.RUN, "Berlin Running", 2.8 * elapsed.toSeconds(), 380.0,
                samples, BERLIN_SUMMER, new Provenance("garmin", "14632871025", "Forerunner 255"));
    }

    /** A chest strap's heart rate from {@code start}, one reading every {@code every}, no position or distance. */
    static ActivityRecord heartRateOnly(String provider, String id, Instant start, Duration elapsed, Duration every) {
        List<ActivitySample> samples = new ArrayList<>();
        for (long s = 0; s <= elapsed.toSeconds(); s += every.toSeconds()) {
            samples.add(new ActivitySample(start.plusSeconds(s), null, null, null, 120.0 + (s % 300) / 5.0, null, null, null));
        }
        return new ActivityRecord(start, start.plus(elapsed), Sport.RUN, "Run", null, 402.0, samples, BERLIN_SUMMER,
                new Provenance(provider, id, "TICKR X"));
    }

    static ActivityRecord workout(Instant start, long seconds, Sport sport, ZoneOffset offset, String provider) {
        return new ActivityRecord(start, start.plusSeconds(seconds), sport, null, 1000.0, 100.0, List.of(), offset,
                new Provenance(provider, provider + "-" + start.getEpochSecond(), null));
    }
}
