package model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A stretch of one sleep level within a sleep session, [start, end). */
public record SleepStage(Instant start, Instant end, Level level) {

    public SleepStage {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a sleep stage needs start < end, got " + start + " .. " + end);
        }
    }

    /**
     * The levels providers report. Staged sleep (Fitbit "stages", Google Health, Garmin) has AWAKE, LIGHT, DEEP and
     * REM; classic or unstaged sleep only knows ASLEEP, RESTLESS and AWAKE.
     */
    public enum Level {
        AWAKE, LIGHT, DEEP, REM, ASLEEP, RESTLESS;

        /**
         * Whether time at this level counts as asleep, as every provider counts it in its own totals: restless time is
         * not (Fitbit's {@code minutesAsleep} leaves out restless and awake minutes, Google Health's summary likewise).
         */
        public boolean asleep() {
            return this == LIGHT || this == DEEP || this == REM || this == ASLEEP;
        }

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Level fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
