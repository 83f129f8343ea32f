package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.HealthRecord;
import model.SleepRecord;
import model.Sport;

/**
 * When two session records (sleeps, workouts) are the same thing seen by two providers (docs/architecture.md §8): sleeps
 * that overlap at all; workouts of compatible sports that start within two minutes of each other with durations
 * within 15 %, or that share at least half of the shorter one's time. A workout a provider logged in local time
 * without an offset (read as UTC, offset Z) is the same as its UTC twin when the wall-clock starts agree.
 */
final class SessionMatch {

    static final Duration START_TOLERANCE = Duration.ofMinutes(2);
    static final double DURATION_TOLERANCE = 0.15;
    static final double OVERLAP_SHARE = 0.5;

    private SessionMatch() {
    }

    static boolean isSession(HealthRecord record) {
        return record instanceof SleepRecord || record instanceof ActivityRecord;
    }

    static boolean sameSession(HealthRecord a, HealthRecord b) {
        if (a instanceof SleepRecord && b instanceof SleepRecord) {
            return !overlap(a, b).isZero();
        }
        if (a instanceof ActivityRecord x && b instanceof ActivityRecord y) {
            return sameWorkout(x, y);
        }
        return false;
    }

    static boolean sameWorkout(ActivityRecord a, ActivityRecord b) {
        return compatible(a.sport(), b.sport()) && (sameInstants(a, b) || localTimeTwin(a, b));
    }

    /** The same workout on the UTC time line. */
    private static boolean sameInstants(ActivityRecord a, ActivityRecord b) {
        double shorter = Math.min(a.elapsed().toSeconds(), b.elapsed().toSeconds());
        return closeStart(a.start(), b.start(), a, b) || (shorter > 0 && overlap(a, b).toSeconds() >= OVERLAP_SHARE * shorter);
    }

    /**
     * One side has offset Z (a provider that gave local time without an offset, read as UTC), the other a real
     * offset, and their wall-clock starts agree: the Z side's instants are off by the other's offset.
     */
    static boolean localTimeTwin(ActivityRecord a, ActivityRecord b) {
        ZoneOffset x = offsetOf(a);
        ZoneOffset y = offsetOf(b);
        if (x.equals(y) || !(x.equals(ZoneOffset.UTC) || y.equals(ZoneOffset.UTC)) || sameInstants(a, b)) {
            return false;
        }
        return closeStart(wallClock(a), wallClock(b), a, b);
    }

    /** RUN never matches RIDE; a workout of no particular kind (OTHER, WORKOUT) matches any. */
    static boolean compatible(Sport a, Sport b) {
        return a == b || vague(a) || vague(b);
    }

    /**
     * {@code zSide} re-read in {@code offset}: its times were wall-clock times, so the instants move back by the
     * offset. Used to put a local-time twin on the same time line before merging.
     */
    static ActivityRecord readInOffset(ActivityRecord zSide, ZoneOffset offset) {
        long shift = -offset.getTotalSeconds();
        List<ActivitySample> samples = new ArrayList<>(zSide.samples().size());
        for (ActivitySample s : zSide.samples()) {
            samples.add(new ActivitySample(s.time().plusSeconds(shift), s.latitude(), s.longitude(), s.altitudeMetres(),
                    s.heartRate(), s.distanceMetres(), s.cadence(), s.powerWatts()));
        }
        List<ActivityLap> laps = zSide.laps().stream()
                .map(lap -> new ActivityLap(lap.start().plusSeconds(shift), lap.end().plusSeconds(shift), lap.distanceMetres())).toList();
        return new ActivityRecord(zSide.start().plusSeconds(shift), zSide.end().plusSeconds(shift), zSide.sport(), zSide.name(),
                zSide.distanceMetres(), zSide.kilocalories(), samples, offset, zSide.provenance(), laps);
    }

    static ZoneOffset offsetOf(HealthRecord record) {
        return record.zoneOffset() == null ? ZoneOffset.UTC : record.zoneOffset();
    }

    private static boolean vague(Sport sport) {
        return sport == Sport.OTHER || sport == Sport.WORKOUT;
    }

    private static boolean closeStart(Instant x, Instant y, ActivityRecord a, ActivityRecord b) {
        long startGap = Math.abs(Duration.between(x, y).toSeconds());
        double longer = Math.max(a.elapsed().toSeconds(), b.elapsed().toSeconds());
        double shorter = Math.min(a.elapsed().toSeconds(), b.elapsed().toSeconds());
        return startGap <= START_TOLERANCE.toSeconds() && (longer - shorter) <= DURATION_TOLERANCE * longer;
    }

    private static Instant wallClock(ActivityRecord r) {
        return r.start().plusSeconds(offsetOf(r).getTotalSeconds());
    }

    private static Duration overlap(HealthRecord a, HealthRecord b) {
        Instant from = a.start().isAfter(b.start()) ? a.start() : b.start();
        Instant to = a.end().isBefore(b.end()) ? a.end() : b.end();
        return from.isBefore(to) ? Duration.between(from, to) : Duration.ZERO;
    }
}
