package sandbox.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic, deterministic history for a new user. Every value derives from a seed of provider and
 * user id and, for daily data, the local date, so the same user gets the same steps on the same day
 * however often the sandbox restarts.
 */
public final class SandboxDataGenerator {

    /** Minute values of a device (steps, heart rate), in the user's local time. */
    @FunctionalInterface
    public interface MinuteSink {
        void accept(LocalDateTime minute, int value);
    }

    /** Step deltas of a phone over irregular intervals. */
    @FunctionalInterface
    public interface IntervalSink {
        void accept(Instant start, Instant end, int steps);
    }

    @FunctionalInterface
    public interface WeighInSink {
        void accept(ZonedDateTime time, double kg);
    }

    /** Heart-rate readings of a watch at irregular instants. */
    @FunctionalInterface
    public interface HeartRateSink {
        void accept(Instant time, int bpm);
    }

    @FunctionalInterface
    public interface SleepSink {
        void accept(SandboxSleepEntry sleep);
    }

    @FunctionalInterface
    public interface WorkoutSink {
        void accept(SandboxActivityEntry workout);
    }

    /** A day of the user's life: when they get up and go to bed (minutes of the day) and their minute steps. */
    private record ActiveDay(int wake, int sleep, int[] steps) {
    }

    static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Tokyo"), ZoneId.of("Europe/London"), ZoneId.of("America/Los_Angeles"));
    private static final List<String> FIRST_NAMES = List.of("Anna", "Ben", "Chloe", "David", "Elif", "Farid",
            "Greta", "Hiro", "Ines", "Jonas", "Keiko", "Liam", "Maya", "Noah", "Olga", "Pablo");
    private static final int MINUTES_PER_DAY = 1440;
    private static final long STEP_SALT = 0x5EED_0001L;
    private static final long INTERVAL_SALT = 0x5EED_0002L;
    private static final long WEIGH_DAY_SALT = 0x5EED_0003L;
    private static final long WEIGHT_SALT = 0x5EED_0004L;
    private static final long HEART_SALT = 0x5EED_0005L;
    private static final long WATCH_SALT = 0x5EED_0006L;
    private static final long SLEEP_SALT = 0x5EED_0007L;
    private static final long WORKOUT_SALT = 0x5EED_0008L;
    /** Devices score sleep in 30-second epochs. */
    private static final int SLEEP_EPOCH_SECONDS = 30;
    /** Workout streams are recorded every few seconds ("smart recording"). */
    private static final int WORKOUT_SAMPLE_SECONDS = 5;
    /** A cadence from which a minute of steps is a walk that raises the heart rate. */
    private static final int WALKING_STEPS = 60;
    /** How far the heart rate moves towards its target in a minute: a few minutes to settle. */
    private static final double HEART_RESPONSE = 0.3;

    private final long seed;
    public final ZoneId zone;
    public final String displayName;
    public final double heightCm;
    public final String deviceUid;
    private final double baseKg;
    private final double driftPeriodDays;
    private final double driftPhase;
    public final int age;
    private final int restingBpm;
    public final String watchUid;

    public SandboxDataGenerator(SandboxProvider provider, String userId) {
        this.seed = fnv1a64(provider.id() + ":" + userId);
        SplittableRandom user = new SplittableRandom(seed);
        this.zone = ZONES.get(user.nextInt(ZONES.size()));
        this.displayName = FIRST_NAMES.get(user.nextInt(FIRST_NAMES.size())) + " " + (char) ('A' + user.nextInt(26)) + ".";
        this.heightCm = 158 + user.nextInt(350) / 10.0;
        this.deviceUid = Long.toHexString(user.nextLong() & 0xFFFF_FFFFL);
        // room for the drift so generated weights stay within 70-90 kg
        this.baseKg = 72 + user.nextDouble() * 16;
        this.driftPeriodDays = 45 + user.nextInt(46);
        this.driftPhase = user.nextDouble() * 2 * Math.PI;
        // drawn after the others, so users keep the profile and steps they had before heart rate came
        this.age = 25 + user.nextInt(40);
        this.restingBpm = 57 + user.nextInt(5);
        this.watchUid = Long.toHexString(user.nextLong() & 0xFFFF_FFFFL);
    }

    public ZoneId zone() {
        return zone;
    }

    public String displayName() {
        return displayName;
    }

    public double heightCm() {
        return heightCm;
    }

    /** A stable serial for the user's generated phone, part of its Google Fit data stream ids. */
    public String deviceUid() {
        return deviceUid;
    }

    /** Likewise for the user's watch. */
    public String watchUid() {
        return watchUid;
    }

    public int age() {
        return age;
    }

    /** Non-zero minute steps whose minute starts in [from, to). */
    public void minuteSteps(ZoneId zone, Instant from, Instant to, MinuteSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            int[] day = activeDay(date).steps();
            for (int minute = 0; minute < MINUTES_PER_DAY; minute++) {
                LocalDateTime local = date.atStartOfDay().plusMinutes(minute);
                if (day[minute] > 0 && within(local.atZone(zone).toInstant(), from, to)) {
                    sink.accept(local, day[minute]);
                }
            }
        }
    }

    /**
     * The same kind of day as {@link #minuteSteps}, recorded the way a phone reports to Google Fit:
     * each stretch of movement is cut into deltas of 1-10 minutes, shifted by a few seconds so the
     * boundaries do not fall on whole minutes. Only deltas ending by {@code to} are reported.
     */
    public void stepIntervals(ZoneId zone, Instant from, Instant to, IntervalSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            int[] day = activeDay(date).steps();
            SplittableRandom random = new SplittableRandom(mix(seed ^ INTERVAL_SALT, date.toEpochDay()));
            Instant midnight = date.atStartOfDay(zone).toInstant();
            int minute = 0;
            while (minute < MINUTES_PER_DAY) {
                if (day[minute] == 0) {
                    minute++;
                    continue;
                }
                int runEnd = minute;
                while (runEnd < MINUTES_PER_DAY && day[runEnd] > 0) {
                    runEnd++;
                }
                // less than a minute, so a shifted stretch never reaches the next one
                long shiftMillis = random.nextLong(60_000);
                while (minute < runEnd) {
                    int length = Math.min(1 + random.nextInt(10), runEnd - minute);
                    int steps = 0;
                    for (int m = minute; m < minute + length; m++) {
                        steps += day[m];
                    }
                    Instant start = midnight.plusSeconds(60L * minute).plusMillis(shiftMillis);
                    Instant end = start.plusSeconds(60L * length);
                    if (!start.isBefore(from) && !end.isAfter(to)) {
                        sink.accept(start, end, steps);
                    }
                    minute += length;
                }
            }
        }
    }

    /** A weighing every 1-3 days around 07:00 local, 70-90 kg at 0.1 kg resolution, drifting slowly. */
    public void weighIns(ZoneId zone, Instant from, Instant to, WeighInSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            long day = date.toEpochDay();
            // days come in pairs with at least one weighing each: gaps are 1 to 3 days
            int pattern = new SplittableRandom(mix(seed ^ WEIGH_DAY_SALT, Math.floorDiv(day, 2))).nextInt(3);
            if (pattern != 2 && pattern != Math.floorMod(day, 2)) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(mix(seed ^ WEIGHT_SALT, day));
            ZonedDateTime time = date.atTime(LocalTime.of(6, 30)).plusSeconds(random.nextInt(75 * 60)).atZone(zone);
            double drift = 1.5 * Math.sin(2 * Math.PI * day / driftPeriodDays + driftPhase);
            double kg = Math.round((baseKg + drift + random.nextDouble(-0.3, 0.3)) * 10) / 10.0;
            if (within(time.toInstant(), from, to)) {
                sink.accept(time, Math.max(70.0, Math.min(90.0, kg)));
            }
        }
    }

    /** Heart-rate readings a minute whose minute starts in [from, to), while the tracker was worn. */
    public void minuteHeartRates(ZoneId zone, Instant from, Instant to, MinuteSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            int[] day = heartRatesOfDay(date);
            for (int minute = 0; minute < MINUTES_PER_DAY; minute++) {
                LocalDateTime local = date.atStartOfDay().plusMinutes(minute);
                if (day[minute] > 0 && within(local.atZone(zone).toInstant(), from, to)) {
                    sink.accept(local, day[minute]);
                }
            }
        }
    }

    /**
     * The same kind of day as {@link #minuteHeartRates}, sampled the way a watch reports to Google Fit:
     * a reading every 5-15 minutes at an arbitrary second, none while the watch is off the wrist.
     */
    public void heartRateSamples(ZoneId zone, Instant from, Instant to, HeartRateSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            int[] day = heartRatesOfDay(date);
            SplittableRandom random = new SplittableRandom(mix(seed ^ WATCH_SALT, date.toEpochDay()));
            Instant midnight = date.atStartOfDay(zone).toInstant();
            for (int minute = random.nextInt(5); minute < MINUTES_PER_DAY; minute += 5 + random.nextInt(11)) {
                Instant time = midnight.plusSeconds(60L * minute + random.nextInt(60));
                if (day[minute] > 0 && within(time, from, to)) {
                    sink.accept(time, day[minute]);
                }
            }
        }
    }

    /**
     * One night's sleep from each day's bedtime to the next day's waking, as 90-minute cycles of light, deep
     * (more early in the night) and REM (more late) sleep with a few short awakenings, on 30-second epochs.
     * Only sleeps that start in [from, to) and have ended by {@code to} are reported.
     */
    public void sleeps(ZoneId zone, Instant from, Instant to, SleepSink sink) {
        for (LocalDate date = localDate(from, zone).minusDays(1); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            SplittableRandom random = new SplittableRandom(mix(seed ^ SLEEP_SALT, date.toEpochDay()));
            Instant start = date.atStartOfDay(zone).toInstant().plusSeconds(60L * activeDay(date).sleep())
                    .plusSeconds(SLEEP_EPOCH_SECONDS * random.nextInt(20));
            Instant end = date.plusDays(1).atStartOfDay(zone).toInstant().plusSeconds(60L * activeDay(date.plusDays(1)).wake());
            if (!within(start, from, to) || end.isAfter(to)) {
                continue;
            }
            List<model.SleepStage> stages = new java.util.ArrayList<>();
            Instant at = start;
            int cycle = 0;
            while (at.isBefore(end)) {
                double night = Duration.between(start, at).toSeconds() / (double) Duration.between(start, end).toSeconds();
                model.SleepStage.Level[] order = {model.SleepStage.Level.LIGHT, model.SleepStage.Level.DEEP,
                        model.SleepStage.Level.LIGHT, model.SleepStage.Level.REM};
                for (model.SleepStage.Level level : order) {
                    int minutes = switch (level) {
                        case DEEP -> (int) Math.round((1 - night) * 30) + random.nextInt(6);
                        case REM -> (int) Math.round(night * 30) + 5 + random.nextInt(6);
                        default -> 10 + random.nextInt(20);
                    };
                    at = addStage(stages, at, end, level, minutes * 60 + SLEEP_EPOCH_SECONDS * random.nextInt(2));
                }
                if (cycle++ % 2 == 1) {
                    at = addStage(stages, at, end, model.SleepStage.Level.AWAKE, (2 + random.nextInt(5)) * 60);
                }
            }
            sink.accept(new SandboxSleepEntry(start, end, stages, null, null));
        }
    }

    /** Appends a stage of about {@code seconds} that stops at the end of the night; answers where it ends. */
    private static Instant addStage(List<model.SleepStage> stages, Instant at, Instant end, model.SleepStage.Level level,
                                    int seconds) {
        if (!at.isBefore(end) || seconds <= 0) {
            return at;
        }
        Instant stageEnd = at.plusSeconds(seconds).isAfter(end) ? end : at.plusSeconds(seconds);
        stages.add(new model.SleepStage(at, stageEnd, level));
        return stageEnd;
    }

    /**
     * A workout every two or three days in the early evening: a run, ride or walk of 25-75 minutes from home, with
     * GPS, altitude, heart rate, cadence and distance every {@value #WORKOUT_SAMPLE_SECONDS} s. Only workouts
     * that start in [from, to) and have ended by {@code to} are reported.
     */
    public void workouts(ZoneId zone, Instant from, Instant to, WorkoutSink sink) {
        for (LocalDate date = localDate(from, zone); !date.isAfter(localDate(to, zone)); date = date.plusDays(1)) {
            // two workout days in every five, at a phase of the user's own: 2-3 days apart, never a dry week
            int slot = (int) Math.floorMod(date.toEpochDay() + seed, 5L);
            if (slot != 0 && slot != 2) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(mix(seed ^ WORKOUT_SALT, date.toEpochDay()));
            model.Sport sport = List.of(model.Sport.RUN, model.Sport.RUN, model.Sport.RIDE, model.Sport.WALK)
                    .get(random.nextInt(4));
            Instant start = date.atTime(LocalTime.of(17, 30)).plusSeconds(random.nextInt(90 * 60)).atZone(zone).toInstant();
            Instant end = start.plusSeconds(60L * (25 + random.nextInt(51)));
            if (within(start, from, to) && !end.isAfter(to)) {
                sink.accept(workout(zone, sport, start, end, random));
            }
        }
    }

    private SandboxActivityEntry workout(ZoneId zone, model.Sport sport, Instant start, Instant end, SplittableRandom random) {
        double[] home = home(zone);
        double speed = switch (sport) {
            case RIDE -> 6.5 + random.nextDouble(1.5);
            case WALK -> 1.3 + random.nextDouble(0.3);
            default -> 2.8 + random.nextDouble(0.5);
        };
        int targetBpm = sport == model.Sport.WALK ? 105 + random.nextInt(15) : 145 + random.nextInt(20);
        double heading = random.nextDouble(2 * Math.PI);
        double lat = home[0] + random.nextDouble(-0.01, 0.01);
        double lng = home[1] + random.nextDouble(-0.01, 0.01);
        double altitude = 30 + random.nextInt(40);
        double distance = 0;
        double bpm = restingBpm + 20;
        List<model.ActivitySample> samples = new java.util.ArrayList<>();
        for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(WORKOUT_SAMPLE_SECONDS)) {
            samples.add(new model.ActivitySample(t, round(lat, 6), round(lng, 6), round(altitude, 1), (double) Math.round(bpm),
                    round(distance, 1), sport == model.Sport.RIDE ? 80.0 + random.nextInt(15) : 78.0 + random.nextInt(12), null));
            double step = speed * WORKOUT_SAMPLE_SECONDS * random.nextDouble(0.9, 1.1);
            heading += random.nextDouble(-0.15, 0.15);
            lat += step * Math.cos(heading) / 111_320.0;
            lng += step * Math.sin(heading) / (111_320.0 * Math.cos(Math.toRadians(lat)));
            altitude = Math.max(0, altitude + random.nextDouble(-0.4, 0.4));
            distance += step;
            bpm += (targetBpm - bpm) * 0.05 + random.nextDouble(-1, 1);
        }
        double lastDistance = samples.get(samples.size() - 1).distanceMetres();
        double kcal = Math.round(Duration.between(start, end).toMinutes() * (sport == model.Sport.WALK ? 4.5 : 10.5));
        String name = switch (sport) {
            case RIDE -> "Evening Ride";
            case WALK -> "Evening Walk";
            default -> "Evening Run";
        };
        return new SandboxActivityEntry(start, end, sport, name, lastDistance, kcal, samples, null, null);
    }

    /** Where the user's workouts start: the city of their time zone. */
    private static double[] home(ZoneId zone) {
        return switch (zone.getId()) {
            case "America/New_York" -> new double[] {40.7812, -73.9665};
            case "Asia/Tokyo" -> new double[] {35.6852, 139.7528};
            case "Europe/London" -> new double[] {51.5073, -0.1657};
            case "America/Los_Angeles" -> new double[] {34.0736, -118.2400};
            default -> new double[] {52.5145, 13.3501};
        };
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /**
     * One day of minute heart rate, following the day's steps: resting 55-70 while asleep, 65-95 while
     * up, 100-140 on walks (by cadence), moving towards each level over a few minutes. Zero while the
     * tracker charges, 30-90 minutes at a time the user sits still.
     */
    private int[] heartRatesOfDay(LocalDate date) {
        ActiveDay day = activeDay(date);
        SplittableRandom random = new SplittableRandom(mix(seed ^ HEART_SALT, date.toEpochDay()));
        int[] bpm = new int[MINUTES_PER_DAY];
        int restingToday = restingBpm + random.nextInt(-2, 2);
        int awakeBpm = 72 + random.nextInt(10);
        double level = restingToday + 4;
        for (int minute = 0; minute < MINUTES_PER_DAY; minute++) {
            int steps = day.steps()[minute];
            double target;
            if (minute < day.wake() || minute >= day.sleep()) {
                target = restingToday + random.nextInt(9);
            } else if (steps >= WALKING_STEPS) {
                target = 100 + (steps - WALKING_STEPS) * 40.0 / 70;
            } else {
                target = awakeBpm + random.nextInt(-7, 15);
            }
            level += (target - level) * HEART_RESPONSE;
            bpm[minute] = (int) Math.round(level);
        }
        int charging = 30 + random.nextInt(61);
        for (int attempt = 0; attempt < 20; attempt++) {
            int start = day.wake() + random.nextInt(day.sleep() - day.wake() - charging);
            if (!busy(day.steps(), start, start + charging)) {
                Arrays.fill(bpm, start, start + charging, 0);
                break;
            }
        }
        return bpm;
    }

    /**
     * One day: waking and sleeping times, and minute steps: mostly zero, walks of 60-130 steps a minute
     * between waking and sleeping, a sprinkle of short movements, 4,000-14,000 steps in total.
     */
    private ActiveDay activeDay(LocalDate date) {
        SplittableRandom random = new SplittableRandom(mix(seed ^ STEP_SALT, date.toEpochDay()));
        int[] steps = new int[MINUTES_PER_DAY];
        int wake = 390 + random.nextInt(90);
        int sleep = 1320 + random.nextInt(90);
        int target = 4000 + random.nextInt(9900);
        int walkTarget = target - 300 - random.nextInt(900);
        int total = 0;
        for (int attempt = 0; total < walkTarget && attempt < 400; attempt++) {
            int length = 5 + random.nextInt(41);
            int start = wake + random.nextInt(sleep - wake - length);
            if (busy(steps, start - 1, start + length + 1)) {
                continue;
            }
            int cadence = 60 + random.nextInt(71);
            for (int m = start; m < start + length && total < walkTarget; m++) {
                steps[m] = Math.max(60, Math.min(130, cadence - 6 + random.nextInt(13)));
                total += steps[m];
            }
        }
        for (int attempt = 0; total < target && attempt < 400; attempt++) {
            int minute = wake + random.nextInt(sleep - wake);
            if (steps[minute] == 0) {
                steps[minute] = 5 + random.nextInt(36);
                total += steps[minute];
            }
        }
        return new ActiveDay(wake, sleep, steps);
    }

    private static boolean busy(int[] steps, int from, int to) {
        for (int m = Math.max(0, from); m < Math.min(steps.length, to); m++) {
            if (steps[m] != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(Instant instant, Instant from, Instant to) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    private static LocalDate localDate(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64 finaliser over a seed and a day (or block) number. */
    private static long mix(long seed, long value) {
        long z = seed + value * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
