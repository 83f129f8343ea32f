package conflict;

import java.time.Duration;
import java.time.Instant;

import model.ActivityRecord;
import model.HealthRecord;
import model.SleepRecord;

/**
 * When two session records (sleeps, workouts) are the same thing seen by two providers (DESIGN.md §8): sleeps
 * that overlap at all; workouts that start within two minutes of each other with durations within 15 %, or
 * that share at least half of the shorter one's time.
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
        long startGap = Math.abs(Duration.between(a.start(), b.start()).toSeconds());
        double longer = Math.max(a.elapsed().toSeconds(), b.elapsed().toSeconds());
        double shorter = Math.min(a.elapsed().toSeconds(), b.elapsed().toSeconds());
        boolean closeStart = startGap <= START_TOLERANCE.toSeconds() && (longer - shorter) <= DURATION_TOLERANCE * longer;
        return closeStart || (shorter > 0 && overlap(a, b).toSeconds() >= OVERLAP_SHARE * shorter);
    }

    private static Duration overlap(HealthRecord a, HealthRecord b) {
        Instant from = a.start().isAfter(b.start()) ? a.start() : b.start();
        Instant to = a.end().isBefore(b.end()) ? a.end() : b.end();
        return from.isBefore(to) ? Duration.between(from, to) : Duration.ZERO;
    }
}
