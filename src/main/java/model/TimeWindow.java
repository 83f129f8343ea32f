package model;

import java.time.Instant;

/** The half-open period [from, to) a job synchronises. */
public record TimeWindow(Instant from, Instant to) {

    public TimeWindow {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("a time window needs from < to, got " + from + " .. " + to);
        }
    }

    /** A record belongs to the window when its interval overlaps it (an instant record: when it lies inside). */
    public boolean overlaps(Instant start, Instant end) {
        if (start.equals(end)) {
            return !start.isBefore(from) && start.isBefore(to);
        }
        return start.isBefore(to) && end.isAfter(from);
    }

    /** The window's start in unix seconds (a partial second included). */
    public long fromEpochSecond() {
        return from.getEpochSecond();
    }

    /** The last whole second inside the window, for APIs whose end is an inclusive unix second. */
    public long lastWholeSecond() {
        return epochSecondRoundedUp(to) - 1;
    }

    /** The first whole second not before {@code instant}, for APIs that take an exclusive end in whole seconds. */
    public static long epochSecondRoundedUp(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }
}
