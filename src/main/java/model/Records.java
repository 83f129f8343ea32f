package model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Comparisons at the precision providers keep: whole seconds, and measurements within a tolerance. */
final class Records {

    private Records() {
    }

    static boolean sameSecond(Instant a, Instant b) {
        return a.truncatedTo(ChronoUnit.SECONDS).equals(b.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Both unknown, or both known and within the tolerance. */
    static boolean close(Double a, Double b, double tolerance) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return Math.abs(a - b) < tolerance;
    }
}
