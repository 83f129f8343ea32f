package sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Fitbit account: profile, the tracker's minute steps and heart rate, and weight logs. Fitbit
 * keeps data in the user's local time without offset; so does this class. Instants (test API) are
 * converted with the user's current time zone, so changing the zone later moves how stored local
 * times map to instants, as it would for a real user who travels.
 */
final class FitbitUser extends SandboxUser implements SandboxHeartRateUser {

    static final String TRACKER_SOURCE = "tracker";
    static final String SCALE_SOURCE = "Aria";
    static final String API_SOURCE = "API";

    private final String displayName;
    private final double heightCm;
    private final FitbitHeartRateZones heartRateZones;
    private final FitbitMinuteSeries steps = FitbitMinuteSeries.counting();
    private final FitbitMinuteSeries heartRates = FitbitMinuteSeries.reading();
    private final Map<Long, FitbitWeightLog> weightLogs = new HashMap<>();
    private volatile ZoneId zone;

    private FitbitUser(String id, ZoneId zone, String displayName, double heightCm, int age) {
        super(id);
        this.zone = zone;
        this.displayName = displayName;
        this.heightCm = heightCm;
        this.heartRateZones = new FitbitHeartRateZones(age);
    }

    /** A user as first seen at {@code seenAt}, with generated history; null for an empty account. */
    static FitbitUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.FITBIT, id);
        FitbitUser user = new FitbitUser(id, generator.zone(), generator.displayName(), generator.heightCm(), generator.age());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            generator.minuteSteps(user.zone, from, seenAt, user.steps::record);
            generator.minuteHeartRates(user.zone, from, seenAt, user.heartRates::record);
            generator.weighIns(user.zone, from, seenAt,
                    (time, kg) -> user.logWeight(time.toLocalDateTime(), kg, SCALE_SOURCE));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    void setZone(ZoneId zone) {
        this.zone = zone;
    }

    String displayName() {
        return displayName;
    }

    LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }

    synchronized long totalSteps(LocalDate date) {
        return steps.totalOf(date);
    }

    synchronized int[] minuteSteps(LocalDate date) {
        return steps.minutesOf(date);
    }

    /** The day's 1,440 minutes of heart rate, zero where the tracker took no reading. */
    synchronized int[] minuteHeartRates(LocalDate date) {
        return heartRates.minutesOf(date);
    }

    FitbitHeartRateZones heartRateZones() {
        return heartRateZones;
    }

    synchronized List<FitbitWeightLog> weightLogs(LocalDate from, LocalDate to) {
        return weightLogs.values().stream()
                .filter(log -> !log.time().toLocalDate().isBefore(from) && !log.time().toLocalDate().isAfter(to))
                .sorted(Comparator.comparing(FitbitWeightLog::time).thenComparing(FitbitWeightLog::logId))
                .toList();
    }

    /**
     * Logs a weight. The log id follows Fitbit's habit of using the log's time in epoch millis
     * (local time read as UTC), moved on by one when taken so ids stay unique.
     */
    synchronized FitbitWeightLog logWeight(LocalDateTime time, double kg, String source) {
        long logId = time.toInstant(ZoneOffset.UTC).toEpochMilli();
        while (weightLogs.containsKey(logId)) {
            logId++;
        }
        FitbitWeightLog log = new FitbitWeightLog(logId, time, kg, source);
        weightLogs.put(logId, log);
        return log;
    }

    synchronized Optional<FitbitWeightLog> deleteWeightLog(long logId) {
        return Optional.ofNullable(weightLogs.remove(logId));
    }

    /** Body mass index from the profile height, two decimals. */
    double bmi(double kg) {
        double metres = heightCm / 100;
        return Math.round(kg / (metres * metres) * 100) / 100.0;
    }

    @Override
    synchronized List<SandboxStepEntry> stepEntries() {
        List<SandboxStepEntry> entries = new ArrayList<>();
        ZoneId currentZone = zone;
        steps.forEach((minute, count) -> {
            Instant start = minute.atZone(currentZone).toInstant();
            entries.add(new SandboxStepEntry(start, start.plusSeconds(60), count, TRACKER_SOURCE));
        });
        entries.sort(Comparator.comparing(SandboxStepEntry::start));
        return entries;
    }

    /** Spreads each count evenly over the whole minutes of [start, end); both must be whole minutes. */
    @Override
    synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            if (!isWholeMinute(entry.start()) || !isWholeMinute(entry.end()) || !entry.end().isAfter(entry.start())) {
                throw ApiProblem.invalid("start", "Fitbit steps must cover whole minutes: start and end on minute boundaries, end after start");
            }
        }
        for (SandboxStepEntry entry : entries) {
            long minutes = Duration.between(entry.start(), entry.end()).toMinutes();
            for (long i = 0; i < minutes; i++) {
                long share = entry.count() / minutes + (i < entry.count() % minutes ? 1 : 0);
                LocalDateTime local = LocalDateTime.ofInstant(entry.start().plusSeconds(60 * i), zone);
                steps.record(local, (int) Math.min(Integer.MAX_VALUE, share));
            }
        }
    }

    @Override
    synchronized List<SandboxWeightEntry> weightEntries() {
        ZoneId currentZone = zone;
        return weightLogs.values().stream()
                .sorted(Comparator.comparing(FitbitWeightLog::time).thenComparing(FitbitWeightLog::logId))
                .map(log -> new SandboxWeightEntry(log.time().atZone(currentZone).toInstant(), log.kg(),
                        log.source(), Long.toString(log.logId())))
                .toList();
    }

    /** Fitbit keeps whole seconds; the scale source marks them as measured, not written by an app. */
    @Override
    synchronized void addWeights(List<SandboxWeightEntry> entries) {
        entries.forEach(entry -> logWeight(LocalDateTime.ofInstant(entry.time(), zone).withNano(0), entry.kg(), SCALE_SOURCE));
    }

    @Override
    public synchronized List<SandboxHeartRateEntry> heartRateEntries() {
        List<SandboxHeartRateEntry> entries = new ArrayList<>();
        ZoneId currentZone = zone;
        heartRates.forEach((minute, bpm) -> entries.add(
                new SandboxHeartRateEntry(minute.atZone(currentZone).toInstant(), bpm, TRACKER_SOURCE)));
        entries.sort(Comparator.comparing(SandboxHeartRateEntry::time));
        return entries;
    }

    /** One reading a minute in whole beats, as the tracker keeps them: a reading replaces its minute's. */
    @Override
    public synchronized void addHeartRates(List<SandboxHeartRateEntry> entries) {
        for (SandboxHeartRateEntry entry : entries) {
            if (!isWholeMinute(entry.time())) {
                throw ApiProblem.invalid("time", "Fitbit keeps one heart-rate reading a minute: time must be on a minute boundary");
            }
            if (Math.round(entry.bpm()) < 1) {
                throw ApiProblem.invalid("bpm", "Fitbit keeps whole beats: bpm must be at least 1 when rounded");
            }
        }
        entries.forEach(entry -> heartRates.record(LocalDateTime.ofInstant(entry.time(), zone), (int) Math.round(entry.bpm())));
    }

    @Override
    synchronized void wipeData() {
        steps.clear();
        heartRates.clear();
        weightLogs.clear();
    }

    private static boolean isWholeMinute(Instant instant) {
        return instant.getEpochSecond() % 60 == 0 && instant.getNano() == 0;
    }
}
