package sandbox.fitbit;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntBinaryOperator;

/**
 * A Fitbit tracker's per-minute values (steps, heart rate), keyed by local date and minute of day as
 * Fitbit keeps them; zero means nothing was recorded. Compact, so thousands of benchmark users fit in
 * memory: a day has ~150 minutes with steps out of 1,440, but heart rate for nearly every minute the
 * tracker was worn. Not thread-safe: {@link FitbitUser} guards it.
 */
final class FitbitMinuteSeries {

    static final int MINUTES_PER_DAY = 1440;

    @FunctionalInterface
    interface MinuteVisitor {
        void visit(LocalDateTime minute, int value);
    }

    /**
     * One local day's minutes with a value: sparse (sorted minute keys and their values) while few
     * minutes have one, as for steps; all 1,440 minutes once that takes less memory, as for the heart
     * rate of a tracker worn all day.
     */
    private static final class Day {
        /** A sparse entry takes 6 bytes, a dense minute 4: past this capacity dense is smaller. */
        private static final int MAX_SPARSE = MINUTES_PER_DAY * 4 / 6;

        private short[] minutes = new short[16];
        private int[] values = new int[16];
        private int size;
        private int[] dense;

        void record(int minuteOfDay, int value, IntBinaryOperator merge) {
            if (dense != null) {
                dense[minuteOfDay] = dense[minuteOfDay] == 0 ? value : merge.applyAsInt(dense[minuteOfDay], value);
                return;
            }
            int at = Arrays.binarySearch(minutes, 0, size, (short) minuteOfDay);
            if (at >= 0) {
                values[at] = merge.applyAsInt(values[at], value);
                return;
            }
            if (size == minutes.length && size * 2 > MAX_SPARSE) {
                int[] all = new int[MINUTES_PER_DAY];
                copyInto(all);
                all[minuteOfDay] = value;
                dense = all;
                minutes = null;
                values = null;
                return;
            }
            int insertAt = -at - 1;
            if (size == minutes.length) {
                minutes = Arrays.copyOf(minutes, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            System.arraycopy(minutes, insertAt, minutes, insertAt + 1, size - insertAt);
            System.arraycopy(values, insertAt, values, insertAt + 1, size - insertAt);
            minutes[insertAt] = (short) minuteOfDay;
            values[insertAt] = value;
            size++;
        }

        /** Writes the day's values into a 1,440-minute array. */
        void copyInto(int[] all) {
            if (dense != null) {
                System.arraycopy(dense, 0, all, 0, MINUTES_PER_DAY);
                return;
            }
            for (int i = 0; i < size; i++) {
                all[minutes[i]] = values[i];
            }
        }
    }

    private final TreeMap<LocalDate, Day> days = new TreeMap<>();
    private final IntBinaryOperator merge;

    private FitbitMinuteSeries(IntBinaryOperator merge) {
        this.merge = merge;
    }

    /** Step counts: more steps recorded for a minute add to it. */
    static FitbitMinuteSeries counting() {
        return new FitbitMinuteSeries(Integer::sum);
    }

    /** Readings such as heart rate: a new reading for a minute replaces the old one. */
    static FitbitMinuteSeries reading() {
        return new FitbitMinuteSeries((stored, latest) -> latest);
    }

    /** Records a minute's value; zero means "nothing recorded" and is not stored. */
    void record(LocalDateTime minute, int value) {
        if (value > 0) {
            days.computeIfAbsent(minute.toLocalDate(), date -> new Day())
                    .record(minute.getHour() * 60 + minute.getMinute(), value, merge);
        }
    }

    /** All 1,440 minutes of a local day, zero where nothing was recorded. */
    int[] minutesOf(LocalDate date) {
        int[] all = new int[MINUTES_PER_DAY];
        Day day = days.get(date);
        if (day != null) {
            day.copyInto(all);
        }
        return all;
    }

    long totalOf(LocalDate date) {
        return Arrays.stream(minutesOf(date)).asLongStream().sum();
    }

    void forEach(MinuteVisitor visitor) {
        int[] all = new int[MINUTES_PER_DAY];
        for (Map.Entry<LocalDate, Day> entry : days.entrySet()) {
            Arrays.fill(all, 0);
            entry.getValue().copyInto(all);
            for (int minute = 0; minute < MINUTES_PER_DAY; minute++) {
                if (all[minute] > 0) {
                    visitor.visit(entry.getKey().atStartOfDay().plusMinutes(minute), all[minute]);
                }
            }
        }
    }

    void clear() {
        days.clear();
    }
}
