package sandbox.fitbit;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A Fitbit sleep log as Fitbit keeps it: local start without offset, duration in milliseconds, and its levels.
 *
 * @param type    "stages" (deep, light, rem, wake) or "classic" (asleep, restless, awake)
 * @param levels  the long levels, contiguous, oldest first; empty for a sleep logged through the API, which has no stages
 * @param logType "auto_detected" for the tracker's sleeps, "manual" for logged ones
 */
record FitbitSleepLog(long logId, LocalDateTime start, long durationMillis, String type, List<Level> levels, String logType) {

    /** One entry of {@code levels.data}: a level from a local time for a number of seconds. */
    record Level(LocalDateTime dateTime, String level, int seconds) {
    }

    FitbitSleepLog {
        levels = List.copyOf(levels);
    }
}
