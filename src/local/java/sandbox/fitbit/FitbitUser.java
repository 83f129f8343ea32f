package sandbox.fitbit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.SleepStage;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxHeartRateEntry;
import sandbox.common.SandboxHeartRateUser;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxSleepEntry;
import sandbox.common.SandboxSleepUser;
import sandbox.common.SandboxStepEntry;
import sandbox.common.SandboxUser;
import sandbox.common.SandboxWeightEntry;

/**
 * A Fitbit account: profile, the tracker's minute steps and heart rate, weight logs, sleep logs with their levels,
 * activity logs with their TCX track points, and our app's push subscriptions. Fitbit keeps data in the user's local
 * time without offset; so does this class. Instants (test API) are converted with the user's current time zone, so
 * changing the zone later moves how stored local times map to instants, as it would for a real user who travels.
 * The UTC offset listed with a weight, sleep or workout is the same zone's offset at its local time: what the API's
 * answers convey (the activity list writes it into {@code startTime}, the other answers imply it by the profile zone).
 */
public final class FitbitUser extends SandboxUser implements SandboxHeartRateUser, SandboxSleepUser, SandboxActivityUser {

    static final String TRACKER_SOURCE = "tracker";
    static final String SCALE_SOURCE = "Aria";
    static final String API_SOURCE = "API";
    static final String AUTO_DETECTED = "auto_detected";
    static final String MANUAL = "manual";
    static final String STAGES = "stages";
    static final String CLASSIC = "classic";
    /** Collection of a subscription to all of a user's collections. */
    static final String ALL_COLLECTIONS = "user";

    private final String displayName;
    private final double heightCm;
    private final FitbitHeartRateZones heartRateZones;
    private final FitbitMinuteSeries steps = FitbitMinuteSeries.counting();
    private final FitbitMinuteSeries heartRates = FitbitMinuteSeries.reading();
    private final Map<Long, FitbitWeightLog> weightLogs = new HashMap<>();
    private final Map<Long, FitbitSleepLog> sleepLogs = new HashMap<>();
    private final Map<Long, FitbitActivityLog> activityLogs = new HashMap<>();
    /** subscription id → collection ("user" for all) */
    private final Map<String, String> subscriptions = new LinkedHashMap<>();
    /** Fitbit's sleep and activity log ids are large counters; these start where its samples do. */
    private long nextSleepLogId = 26_013_218_219L;
    private long nextActivityLogId = 60_351_327_112L;
    private volatile ZoneId zone;

    private FitbitUser(String id, ZoneId zone, String displayName, double heightCm, int age) {
        super(id);
        this.zone = zone;
        this.displayName = displayName;
        this.heightCm = heightCm;
        this.heartRateZones = new FitbitHeartRateZones(age);
    }

    /** A user as first seen at {@code seenAt}, with generated history; null for an empty account. */
    public static FitbitUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.FITBIT, id);
        FitbitUser user = new FitbitUser(id, generator.zone(), generator.displayName(), generator.heightCm(), generator.age());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            generator.minuteSteps(user.zone, from, seenAt, user.steps::record);
            generator.minuteHeartRates(user.zone, from, seenAt, user.heartRates::record);
            generator.weighIns(user.zone, from, seenAt,
                    (time, kg) -> user.logWeight(time.toLocalDateTime(), kg, SCALE_SOURCE));
            generator.sleeps(user.zone, from, seenAt, sleep -> user.recordSleep(sleep, AUTO_DETECTED));
            generator.workouts(user.zone, from, seenAt, workout -> user.recordActivity(workout, TRACKER_SOURCE, workout.end()));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    public void setZone(ZoneId zone) {
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
    public synchronized List<SandboxStepEntry> stepEntries() {
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
    public synchronized void addSteps(List<SandboxStepEntry> entries) {
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
    public synchronized List<SandboxWeightEntry> weightEntries() {
        ZoneId currentZone = zone;
        return weightLogs.values().stream()
                .sorted(Comparator.comparing(FitbitWeightLog::time).thenComparing(FitbitWeightLog::logId))
                .map(log -> {
                    ZonedDateTime at = log.time().atZone(currentZone);
                    return new SandboxWeightEntry(at.toInstant(), log.kg(), log.source(), Long.toString(log.logId()), at.getOffset());
                })
                .toList();
    }

    /** Fitbit keeps whole seconds; the scale source marks them as measured, not written by an app. */
    @Override
    public synchronized void addWeights(List<SandboxWeightEntry> entries) {
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

    // --- sleep -------------------------------------------------------------------------------------------------

    /** Stores a log with a fresh id. */
    synchronized FitbitSleepLog logSleep(LocalDateTime start, long durationMillis, String type, List<FitbitSleepLog.Level> levels,
                                         String logType) {
        FitbitSleepLog log = new FitbitSleepLog(nextSleepLogId++, start, durationMillis, type, levels, logType);
        sleepLogs.put(log.logId(), log);
        return log;
    }

    /** Where a log ends in local time: start + duration in the user's zone (a DST change makes it differ from local arithmetic). */
    LocalDateTime sleepEnd(FitbitSleepLog log) {
        ZoneId currentZone = zone;
        return LocalDateTime.ofInstant(log.start().atZone(currentZone).toInstant().plusMillis(log.durationMillis()), currentZone);
    }

    /** Logs whose {@code dateOfSleep} — the local date they ended — lies in [from, to], oldest first. */
    synchronized List<FitbitSleepLog> sleepLogs(LocalDate from, LocalDate to) {
        return sleepLogs.values().stream()
                .filter(log -> !sleepEnd(log).toLocalDate().isBefore(from) && !sleepEnd(log).toLocalDate().isAfter(to))
                .sorted(Comparator.comparing(FitbitSleepLog::start).thenComparing(FitbitSleepLog::logId))
                .toList();
    }

    synchronized Optional<FitbitSleepLog> deleteSleepLog(long logId) {
        return Optional.ofNullable(sleepLogs.remove(logId));
    }

    @Override
    public synchronized List<SandboxSleepEntry> sleepEntries() {
        ZoneId currentZone = zone;
        return sleepLogs.values().stream()
                .sorted(Comparator.comparing(FitbitSleepLog::start).thenComparing(FitbitSleepLog::logId))
                .map(log -> {
                    ZonedDateTime startAt = log.start().atZone(currentZone);
                    Instant start = startAt.toInstant();
                    List<SleepStage> stages = new ArrayList<>();
                    Instant previous = start;
                    for (FitbitSleepLog.Level level : log.levels()) {
                        ZonedDateTime at = level.dateTime().atZone(currentZone);
                        if (at.toInstant().isBefore(previous)) {
                            at = at.withLaterOffsetAtOverlap(); // the second pass of an hour a DST change repeats
                        }
                        stages.add(new SleepStage(at.toInstant(), at.toInstant().plusSeconds(level.seconds()), level(log.type(), level.level())));
                        previous = at.toInstant().plusSeconds(level.seconds());
                    }
                    // the offset the sleep answer implies: its local startTime placed in the profile zone
                    return new SandboxSleepEntry(start, start.plusMillis(log.durationMillis()), stages, log.logType(),
                            Long.toString(log.logId()), startAt.getOffset());
                }).toList();
    }

    /** As the tracker records them: stages logs for deep/light/rem/awake, classic ones for asleep/restless/awake. */
    @Override
    public synchronized void addSleeps(List<SandboxSleepEntry> entries) {
        entries.forEach(FitbitUser::sleepType);
        entries.forEach(entry -> recordSleep(entry, AUTO_DETECTED));
    }

    private synchronized void recordSleep(SandboxSleepEntry entry, String logType) {
        String type = sleepType(entry);
        List<FitbitSleepLog.Level> levels = new ArrayList<>();
        for (SleepStage stage : entry.stages()) {
            levels.add(new FitbitSleepLog.Level(local(stage.start()), wire(type, stage.level()),
                    (int) Duration.between(stage.start(), stage.end()).toSeconds()));
        }
        logSleep(local(entry.start()), Duration.between(entry.start(), entry.end()).toMillis(), type, levels, logType);
    }

    /** Fitbit scores a night either in stages or in the classic way, never both. */
    private static String sleepType(SandboxSleepEntry entry) {
        boolean classic = entry.stages().stream().anyMatch(s -> s.level() == SleepStage.Level.ASLEEP || s.level() == SleepStage.Level.RESTLESS);
        boolean staged = entry.stages().stream().anyMatch(s -> s.level() == SleepStage.Level.DEEP || s.level() == SleepStage.Level.LIGHT
                || s.level() == SleepStage.Level.REM);
        if (classic && staged) {
            throw ApiProblem.invalid("stages", "A Fitbit sleep has either stages (deep, light, rem, awake) or classic levels "
                    + "(asleep, restless, awake), not both");
        }
        return staged ? STAGES : CLASSIC;
    }

    private static String wire(String type, SleepStage.Level level) {
        return switch (level) {
            case AWAKE -> STAGES.equals(type) ? "wake" : "awake";
            default -> level.wire();
        };
    }

    static SleepStage.Level level(String type, String wire) {
        return switch (wire) {
            case "wake", "awake" -> SleepStage.Level.AWAKE;
            default -> SleepStage.Level.fromWire(wire);
        };
    }

    // --- activities ----------------------------------------------------------------------------------------------

    synchronized FitbitActivityLog logActivity(Long activityTypeId, String activityName, String logType, LocalDateTime start,
                                               long durationMillis, Double distanceKm, Integer calories,
                                               List<model.ActivitySample> track, List<model.ActivityLap> laps,
                                               Instant lastModified) {
        FitbitActivityLog log = new FitbitActivityLog(nextActivityLogId++, activityTypeId, activityName, logType, start,
                durationMillis, distanceKm, calories, track, laps, lastModified);
        activityLogs.put(log.logId(), log);
        return log;
    }

    /** All activity logs, oldest first. */
    synchronized List<FitbitActivityLog> activityLogs() {
        return activityLogs.values().stream()
                .sorted(Comparator.comparing(FitbitActivityLog::start).thenComparing(FitbitActivityLog::logId))
                .toList();
    }

    synchronized Optional<FitbitActivityLog> activityLog(long logId) {
        return Optional.ofNullable(activityLogs.get(logId));
    }

    synchronized Optional<FitbitActivityLog> deleteActivityLog(long logId) {
        return Optional.ofNullable(activityLogs.remove(logId));
    }

    /** The log as a canonical workout, for the TCX download and the test API. */
    model.ActivityRecord asRecord(FitbitActivityLog log) {
        ZonedDateTime start = log.start().atZone(zone);
        return new model.ActivityRecord(start.toInstant(), start.toInstant().plusMillis(log.durationMillis()),
                FitbitActivityCatalog.sportOf(log), log.activityName(), log.distanceKm() == null ? null : log.distanceKm() * 1000,
                log.calories() == null ? null : log.calories().doubleValue(), log.track(), start.getOffset(),
                new model.Provenance(SandboxProvider.FITBIT.id(), Long.toString(log.logId()), log.logType()), log.laps());
    }

    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        return activityLogs().stream().map(log -> {
            model.ActivityRecord record = asRecord(log);
            return new SandboxActivityEntry(record.start(), record.end(), record.sport(), record.name(), record.distanceMetres(),
                    record.kilocalories(), record.samples(), log.logType(), Long.toString(log.logId()), record.zoneOffset(),
                    record.laps());
        }).toList();
    }

    /** As the tracker records them: by catalogue sport, with the track; Fitbit keeps whole seconds. */
    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        entries.forEach(entry -> recordActivity(entry, TRACKER_SOURCE, entry.end()));
    }

    private synchronized void recordActivity(SandboxActivityEntry entry, String logType, Instant lastModified) {
        FitbitActivityCatalog sport = FitbitActivityCatalog.of(entry.sport());
        logActivity(sport.activityId(), sport.activityName(), logType, local(entry.start()),
                Duration.between(entry.start(), entry.end()).toMillis(),
                entry.distanceMetres() == null ? null : entry.distanceMetres() / 1000,
                entry.kilocalories() == null ? null : (int) Math.round(entry.kilocalories()), entry.samples(), entry.laps(),
                lastModified);
    }

    // --- subscriptions -----------------------------------------------------------------------------------------------

    synchronized Optional<String> subscription(String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId));
    }

    synchronized void subscribe(String subscriptionId, String collection) {
        subscriptions.put(subscriptionId, collection);
    }

    synchronized boolean unsubscribe(String subscriptionId) {
        return subscriptions.remove(subscriptionId) != null;
    }

    /** subscription id → collection, in the order they were made. */
    synchronized Map<String, String> subscriptions() {
        return new LinkedHashMap<>(subscriptions);
    }

    /** The local time of an instant in the user's zone, to the second as Fitbit keeps it. */
    private LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, zone).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public synchronized void wipeData() {
        steps.clear();
        heartRates.clear();
        weightLogs.clear();
        sleepLogs.clear();
        activityLogs.clear();
    }

    private static boolean isWholeMinute(Instant instant) {
        return instant.getEpochSecond() % 60 == 0 && instant.getNano() == 0;
    }
}
