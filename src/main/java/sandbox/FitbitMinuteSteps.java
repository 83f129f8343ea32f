package sandbox;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Fitbit tracker's minute step counts, keyed by local date and minute of day as Fitbit keeps
 * them. Stored sparsely (a day has ~150 non-zero minutes out of 1,440) so thousands of benchmark
 * users fit in memory. Not thread-safe: {@link FitbitUser} guards it.
 */
final class FitbitMinuteSteps {

    static final int MINUTES_PER_DAY = 1440;

    @FunctionalInterface
    interface MinuteVisitor {
        void visit(LocalDateTime minute, int steps);
    }

    /** Sorted minute-of-day keys with their counts. */
    private static final class Day {
        private short[] minutes = new short[16];
        private int[] steps = new int[16];
        private int size;

        void add(int minuteOfDay, int count) {
            int at = Arrays.binarySearch(minutes, 0, size, (short) minuteOfDay);
            if (at >= 0) {
                steps[at] += count;
                return;
            }
            int insertAt = -at - 1;
            if (size == minutes.length) {
                minutes = Arrays.copyOf(minutes, size * 2);
                steps = Arrays.copyOf(steps, size * 2);
            }
            System.arraycopy(minutes, insertAt, minutes, insertAt + 1, size - insertAt);
            System.arraycopy(steps, insertAt, steps, insertAt + 1, size - insertAt);
            minutes[insertAt] = (short) minuteOfDay;
            steps[insertAt] = count;
            size++;
        }
    }

    private final TreeMap<LocalDate, Day> days = new TreeMap<>();

    void add(LocalDateTime minute, int steps) {
        if (steps > 0) {
            days.computeIfAbsent(minute.toLocalDate(), date -> new Day())
                    .add(minute.getHour() * 60 + minute.getMinute(), steps);
        }
    }

    /** All 1,440 minutes of a local day, zeros included. */
    int[] minutesOf(LocalDate date) {
        int[] all = new int[MINUTES_PER_DAY];
        Day day = days.get(date);
        if (day != null) {
            for (int i = 0; i < day.size; i++) {
                all[day.minutes[i]] = day.steps[i];
            }
        }
        return all;
    }

    long totalOf(LocalDate date) {
        Day day = days.get(date);
        long total = 0;
        for (int i = 0; day != null && i < day.size; i++) {
            total += day.steps[i];
        }
        return total;
    }

    void forEach(MinuteVisitor visitor) {
        for (Map.Entry<LocalDate, Day> entry : days.entrySet()) {
            Day day = entry.getValue();
            for (int i = 0; i < day.size; i++) {
                visitor.visit(entry.getKey().atStartOfDay().plusMinutes(day.minutes[i]), day.steps[i]);
            }
        }
    }

    void clear() {
        days.clear();
    }
}
