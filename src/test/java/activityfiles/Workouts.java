package activityfiles;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.Sport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Workouts shaped like real recordings, and the comparison a round trip must pass. */
final class Workouts {

    static final Provenance SOURCE = new Provenance("strava", "12345", "Forerunner 255");
    static final Provenance READ_BACK = new Provenance("intervals", "i-1", null);
    static final Instant START = Instant.parse("2024-06-01T05:30:00Z");

    private Workouts() {
    }

    /** 30 minutes, a sample every 5 s: a loop in Berlin with barometric altitude, HR and run cadence. */
    static ActivityRecord run() {
        List<ActivitySample> samples = new ArrayList<>();
        double distance = 0;
        for (int i = 0; i <= 360; i++) {
            double angle = i / 360.0 * 2 * Math.PI;
            distance += i == 0 ? 0 : 13.87;
            samples.add(new ActivitySample(START.plusSeconds(5L * i), 52.5163 + 0.01 * Math.sin(angle),
                    13.3777 + 0.015 * Math.cos(angle) - 0.015, 34.6 + 8 * Math.sin(angle * 3), 118.0 + i % 47,
                    Math.round(distance * 100) / 100.0, 84.0 + i % 7, null));
        }
        return new ActivityRecord(START, START.plusSeconds(1800), Sport.RUN, "Morning Run", 4993.2, 412.0, samples,
                ZoneOffset.ofHours(2), SOURCE);
    }

    /** The run with a lap pressed every 10 minutes: three laps of 1,664.4 m, together the run's distance. */
    static ActivityRecord runInLaps() {
        return run().withLaps(List.of(
                new ActivityLap(START, START.plusSeconds(600), 1664.4),
                new ActivityLap(START.plusSeconds(600), START.plusSeconds(1200), 1664.4),
                new ActivityLap(START.plusSeconds(1200), START.plusSeconds(1800), 1664.4)));
    }

    /** An hour's ride with a power meter, a sample every 5 s. */
    static ActivityRecord ride() {
        List<ActivitySample> samples = new ArrayList<>();
        for (int i = 0; i < 720; i++) {
            samples.add(new ActivitySample(START.plusSeconds(5L * i), -33.8688 - i * 0.0004, 151.2093 + i * 0.00031,
                    412.2 - i * 0.3, 131.0 + i % 30, i * 41.67, 88.0 + i % 9, 180.0 + (i * 37) % 140));
        }
        return new ActivityRecord(START, START.plusSeconds(3600), Sport.RIDE, "Lunch Ride — Bondi ↔ Manly", 30001.24,
                903.0, samples, ZoneOffset.ofHours(10), SOURCE);
    }

    /** GPS drops out under a bridge, the strap loses contact, one sample has nothing but its time. */
    static ActivityRecord gaps() {
        List<ActivitySample> samples = List.of(
                new ActivitySample(START, 48.1371, 11.5754, 519.4, 101.0, 0.0, null, null),
                new ActivitySample(START.plusSeconds(5), null, null, 519.6, 104.0, 12.5, null, null),
                new ActivitySample(START.plusSeconds(10), 48.1372, 11.5756, null, null, 25.03, null, null),
                new ActivitySample(START.plusSeconds(15), null, null, null, null, null, null, null),
                new ActivitySample(START.plusSeconds(20), 48.1374, 11.5759, 520.0, 110.0, 51.0, null, null));
        return new ActivityRecord(START, START.plusSeconds(21), Sport.WALK, null, 51.0, null, samples,
                ZoneOffset.ofHoursMinutes(5, 30), SOURCE);
    }

    /** A logged session without streams: totals only. */
    static ActivityRecord yogaWithoutSamples() {
        return new ActivityRecord(START, START.plusSeconds(2700), Sport.YOGA, "Evening flow", null, 131.0, List.of(),
                ZoneOffset.ofHours(-7), SOURCE);
    }

    static void assertSameWorkout(ActivityRecord actual, ActivityRecord expected) {
        assertThat(actual.start()).isEqualTo(expected.start());
        assertThat(actual.end()).isEqualTo(expected.end());
        assertThat(actual.sport()).isEqualTo(expected.sport());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertClose(actual.distanceMetres(), expected.distanceMetres(), 0.01, "distance");
        assertClose(actual.kilocalories(), expected.kilocalories(), 0.5, "kcal");
        assertThat(actual.zoneOffset()).isEqualTo(expected.zoneOffset());
        assertThat(actual.provenance()).isEqualTo(READ_BACK);
        assertThat(actual.laps()).as("laps").hasSameSizeAs(expected.laps());
        for (int i = 0; i < expected.laps().size(); i++) {
            assertThat(actual.laps().get(i).start()).as("start of lap %d", i).isEqualTo(expected.laps().get(i).start());
            assertThat(actual.laps().get(i).end()).as("end of lap %d", i).isEqualTo(expected.laps().get(i).end());
            assertClose(actual.laps().get(i).distanceMetres(), expected.laps().get(i).distanceMetres(), 0.01, "distance of lap " + i);
        }
        assertThat(actual.samples()).hasSameSizeAs(expected.samples());
        for (int i = 0; i < expected.samples().size(); i++) {
            ActivitySample a = actual.samples().get(i);
            ActivitySample e = expected.samples().get(i);
            assertThat(a.time()).as("time of sample %d", i).isEqualTo(e.time());
            assertClose(a.latitude(), e.latitude(), 1e-6, "latitude of sample " + i);
            assertClose(a.longitude(), e.longitude(), 1e-6, "longitude of sample " + i);
            assertClose(a.altitudeMetres(), e.altitudeMetres(), 0.2, "altitude of sample " + i);
            assertClose(a.heartRate(), e.heartRate(), 0, "heart rate of sample " + i);
            assertClose(a.distanceMetres(), e.distanceMetres(), 0.01, "distance of sample " + i);
            assertClose(a.cadence(), e.cadence(), 0, "cadence of sample " + i);
            assertClose(a.powerWatts(), e.powerWatts(), 0, "power of sample " + i);
        }
    }

    static void assertClose(Double actual, Double expected, double tolerance, String what) {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
        } else {
            assertThat(actual).as(what).isNotNull();
            assertThat(actual).as(what).isCloseTo(expected, within(tolerance + 1e-9));
        }
    }
}
