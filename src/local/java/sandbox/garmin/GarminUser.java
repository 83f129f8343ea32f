package sandbox.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import model.ActivitySample;
import model.SleepStage;
import model.Sport;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxHeartRateEntry;
import sandbox.common.SandboxHeartRateUser;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxSleepEntry;
import sandbox.common.SandboxSleepUser;
import sandbox.common.SandboxStepEntry;
import sandbox.common.SandboxUser;
import sandbox.common.SandboxWeightEntry;

/**
 * A Garmin Connect account as the Health API serves it: summaries (epochs, dailies, sleeps, body compositions,
 * activities and activity details) in Garmin's own JSON, each with its summaryId and the time it was uploaded.
 * Generated history is uploaded shortly after it happened (never after the user was first seen); whatever the test
 * API adds is uploaded when it is added, and a summary added again under its id (a day's heart rate, say) is an
 * updated summary: it replaces the old one and counts as uploaded now.
 *
 * <p>Steps seeded through the test API become one epoch each, of the seeded duration: real epochs are 15 minutes,
 * but what the sandbox lists must be exactly what the engine reads, so seeded minutes stay minutes.
 */
public final class GarminUser extends SandboxUser implements SandboxHeartRateUser, SandboxSleepUser, SandboxActivityUser {

    static final String DEVICE = "Forerunner 265";
    private static final String SOURCE = "garmin";
    private static final int EPOCH_SECONDS = 15 * 60;
    /** How long after it happened generated data reaches Garmin (the phone syncs the watch). */
    private static final Duration UPLOAD_DELAY = Duration.ofMinutes(7);

    private final ZoneId zone;
    /** The user's part of summary ids, like the hex prefix of Garmin's. */
    private final String tag;
    private final long activityIdBase;
    private final Map<GarminSummaryType, LinkedHashMap<String, GarminSummary>> summaries = new EnumMap<>(GarminSummaryType.class);
    private long nextSeq = 1;

    private GarminUser(String id, ZoneId zone) {
        super(id);
        this.zone = zone;
        this.tag = "x" + Integer.toHexString(id.hashCode());
        this.activityIdBase = 10_000_000_000L + Math.floorMod(id.hashCode(), 100_000) * 100_000L;
        for (GarminSummaryType type : GarminSummaryType.values()) {
            summaries.put(type, new LinkedHashMap<>());
        }
    }

    /** A user as first seen at {@code seenAt}, with generated history; null for an empty account. */
    public static GarminUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.GARMIN, id);
        GarminUser user = new GarminUser(id, generator.zone());
        if (seenAt != null) {
            Instant from = seenAt.minus(history);
            user.generate(generator, from, seenAt);
        }
        return user;
    }

    private synchronized void generate(SandboxDataGenerator generator, Instant from, Instant seenAt) {
        TreeMap<LocalDateTime, int[]> quarters = new TreeMap<>();
        TreeMap<LocalDate, Long> dailySteps = new TreeMap<>();
        generator.minuteSteps(zone, from, seenAt, (minute, steps) -> {
            LocalDateTime quarter = minute.truncatedTo(ChronoUnit.HOURS).plusMinutes(minute.getMinute() / 15 * 15L);
            int[] totals = quarters.computeIfAbsent(quarter, q -> new int[2]);
            totals[0] += steps;
            totals[1]++;
            dailySteps.merge(minute.toLocalDate(), (long) steps, Long::sum);
        });
        // Garmin writes one epoch per activity type of a quarter hour: the walking minutes and the sedentary rest
        quarters.forEach((quarter, totals) -> {
            Instant start = quarter.atZone(zone).toInstant();
            Instant uploaded = upload(start.plusSeconds(EPOCH_SECONDS), seenAt);
            storeEpoch(start, EPOCH_SECONDS, totals[0], totals[1] * 60, "WALKING", uploaded);
            if (totals[1] < 15) {
                storeEpoch(start, EPOCH_SECONDS, 0, EPOCH_SECONDS - totals[1] * 60, "SEDENTARY", uploaded);
            }
        });
        TreeMap<LocalDate, TreeMap<Long, Integer>> heartRates = new TreeMap<>();
        generator.minuteHeartRates(zone, from, seenAt, (minute, bpm) -> {
            LocalDate date = minute.toLocalDate();
            long after = Duration.between(date.atStartOfDay(zone).toInstant(), minute.atZone(zone).toInstant()).getSeconds();
            heartRates.computeIfAbsent(date, d -> new TreeMap<>()).put(after, bpm);
        });
        TreeMap<LocalDate, Boolean> days = new TreeMap<>();
        dailySteps.keySet().forEach(day -> days.put(day, true));
        heartRates.keySet().forEach(day -> days.put(day, true));
        for (LocalDate date : days.keySet()) {
            ObjectNode daily = daily(date);
            daily.put("steps", dailySteps.getOrDefault(date, 0L));
            ObjectNode samples = (ObjectNode) daily.get("timeOffsetHeartRateSamples");
            heartRates.getOrDefault(date, new TreeMap<>()).forEach((after, bpm) -> samples.put(Long.toString(after), bpm));
            Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
            store(GarminSummaryType.DAILIES, daily, upload(end, seenAt));
        }
        generator.weighIns(zone, from, seenAt, (time, kg) ->
                storeBodyComp(time.toInstant().truncatedTo(ChronoUnit.SECONDS), Math.round(kg * 1000), upload(time.toInstant(), seenAt)));
        generator.sleeps(zone, from, seenAt, sleep -> storeSleep(sleep, upload(sleep.end(), seenAt)));
        generator.workouts(zone, from, seenAt, workout -> storeActivity(workout, upload(workout.end(), seenAt)));
    }

    private static Instant upload(Instant happened, Instant seenAt) {
        Instant uploaded = happened.plus(UPLOAD_DELAY);
        return uploaded.isAfter(seenAt) ? seenAt : uploaded;
    }

    ZoneId zone() {
        return zone;
    }

    /** Summaries of a type uploaded in [from, to), in upload order. */
    synchronized List<GarminSummary> uploaded(GarminSummaryType type, Instant from, Instant to) {
        return summaries.get(type).values().stream()
                .filter(summary -> !summary.uploadedAt().isBefore(from) && summary.uploadedAt().isBefore(to))
                .sorted(Comparator.comparing(GarminSummary::uploadedAt).thenComparingLong(GarminSummary::seq))
                .toList();
    }

    // --- steps: epochs ---------------------------------------------------------------------------------------

    @Override
    public synchronized List<SandboxStepEntry> stepEntries() {
        // what the engine reads: the epochs of one period added up
        TreeMap<String, long[]> periods = new TreeMap<>();
        for (GarminSummary epoch : summaries.get(GarminSummaryType.EPOCHS).values()) {
            long start = epoch.body().get("startTimeInSeconds").asLong();
            long duration = epoch.body().get("durationInSeconds").asLong();
            periods.computeIfAbsent(String.format("%012d/%08d", start, duration), p -> new long[] {start, duration, 0})[2]
                    += epoch.body().get("steps").asLong();
        }
        return periods.values().stream().filter(period -> period[2] > 0)
                .map(period -> new SandboxStepEntry(Instant.ofEpochSecond(period[0]), Instant.ofEpochSecond(period[0] + period[1]),
                        period[2], SOURCE))
                .sorted(Comparator.comparing(SandboxStepEntry::start).thenComparing(SandboxStepEntry::end))
                .toList();
    }

    /** One walking epoch per entry, of the entry's own duration (whole seconds). */
    @Override
    public synchronized void addSteps(List<SandboxStepEntry> entries) {
        for (SandboxStepEntry entry : entries) {
            requireWholeSeconds(entry.start(), "start");
            requireWholeSeconds(entry.end(), "end");
            if (!entry.end().isAfter(entry.start())) {
                throw ApiProblem.invalid("end", "An epoch needs end after start");
            }
        }
        Instant now = Instant.now();
        entries.forEach(entry -> storeEpoch(entry.start(), entry.end().getEpochSecond() - entry.start().getEpochSecond(),
                entry.count(), entry.count() > 0 ? entry.end().getEpochSecond() - entry.start().getEpochSecond() : 0, "WALKING", now));
    }

    private void storeEpoch(Instant start, long duration, long steps, long activeSeconds, String activityType, Instant uploaded) {
        ObjectNode epoch = summary(tag + "-" + Long.toHexString(start.getEpochSecond()) + "-" + duration + "-" + activityType);
        epoch.put("activityType", activityType)
                .put("activeKilocalories", Math.round(steps * 0.04))
                .put("steps", steps)
                .put("distanceInMeters", Math.round(steps * 0.762 * 100) / 100.0)
                .put("durationInSeconds", duration)
                .put("activeTimeInSeconds", activeSeconds)
                .put("startTimeInSeconds", start.getEpochSecond())
                .put("startTimeOffsetInSeconds", offsetAt(start).getTotalSeconds())
                .put("met", steps > 0 ? 3.3 : 1.0)
                .put("intensity", steps > 0 ? "ACTIVE" : "SEDENTARY");
        store(GarminSummaryType.EPOCHS, epoch, uploaded);
    }

    // --- heart rate: dailies ---------------------------------------------------------------------------------

    @Override
    public synchronized List<SandboxHeartRateEntry> heartRateEntries() {
        List<SandboxHeartRateEntry> entries = new ArrayList<>();
        for (GarminSummary daily : summaries.get(GarminSummaryType.DAILIES).values()) {
            long start = daily.body().get("startTimeInSeconds").asLong();
            for (Iterator<Map.Entry<String, JsonNode>> it = daily.body().get("timeOffsetHeartRateSamples").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> sample = it.next();
                entries.add(new SandboxHeartRateEntry(Instant.ofEpochSecond(start + Long.parseLong(sample.getKey())),
                        sample.getValue().asDouble(), SOURCE));
            }
        }
        entries.sort(Comparator.comparing(SandboxHeartRateEntry::time));
        return entries;
    }

    /** Whole beats at whole seconds, into the daily of the reading's local day, which is uploaded again. */
    @Override
    public synchronized void addHeartRates(List<SandboxHeartRateEntry> entries) {
        for (SandboxHeartRateEntry entry : entries) {
            requireWholeSeconds(entry.time(), "time");
            if (Math.round(entry.bpm()) < 1) {
                throw ApiProblem.invalid("bpm", "Garmin keeps whole beats: bpm must be at least 1 when rounded");
            }
        }
        Map<LocalDate, ObjectNode> changed = new TreeMap<>();
        for (SandboxHeartRateEntry entry : entries) {
            LocalDate date = LocalDate.ofInstant(entry.time(), zone);
            ObjectNode daily = changed.computeIfAbsent(date, this::currentDaily);
            long after = entry.time().getEpochSecond() - daily.get("startTimeInSeconds").asLong();
            ((ObjectNode) daily.get("timeOffsetHeartRateSamples")).put(Long.toString(after), Math.round(entry.bpm()));
        }
        Instant now = Instant.now();
        changed.values().forEach(daily -> store(GarminSummaryType.DAILIES, sortedSamples(daily), now));
    }

    /** A copy of the day's daily summary, or a new one without data. */
    private ObjectNode currentDaily(LocalDate date) {
        ObjectNode fresh = daily(date);
        GarminSummary existing = summaries.get(GarminSummaryType.DAILIES).get(fresh.get("summaryId").asText());
        return existing == null ? fresh : existing.body().deepCopy();
    }

    private ObjectNode daily(LocalDate date) {
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        ObjectNode daily = summary(tag + "-" + Long.toHexString(start.getEpochSecond()));
        daily.put("calendarDate", date.toString())
                .put("steps", 0)
                .put("startTimeInSeconds", start.getEpochSecond())
                .put("startTimeOffsetInSeconds", offsetAt(start).getTotalSeconds())
                .put("durationInSeconds", end.getEpochSecond() - start.getEpochSecond())
                .putObject("timeOffsetHeartRateSamples");
        return daily;
    }

    private static ObjectNode sortedSamples(ObjectNode daily) {
        TreeMap<Long, JsonNode> sorted = new TreeMap<>();
        daily.get("timeOffsetHeartRateSamples").fields().forEachRemaining(e -> sorted.put(Long.parseLong(e.getKey()), e.getValue()));
        ObjectNode samples = daily.putObject("timeOffsetHeartRateSamples");
        sorted.forEach((after, bpm) -> samples.set(Long.toString(after), bpm));
        return daily;
    }

    // --- sleep -----------------------------------------------------------------------------------------------

    @Override
    public synchronized List<SandboxSleepEntry> sleepEntries() {
        List<SandboxSleepEntry> entries = new ArrayList<>();
        for (GarminSummary sleep : summaries.get(GarminSummaryType.SLEEPS).values()) {
            ObjectNode body = sleep.body();
            Instant start = Instant.ofEpochSecond(body.get("startTimeInSeconds").asLong());
            List<SleepStage> stages = new ArrayList<>();
            body.get("sleepLevelsMap").fields().forEachRemaining(level -> level.getValue().forEach(span -> stages.add(new SleepStage(
                    Instant.ofEpochSecond(span.get("startTimeInSeconds").asLong()),
                    Instant.ofEpochSecond(span.get("endTimeInSeconds").asLong()), SleepStage.Level.fromWire(level.getKey())))));
            stages.sort(Comparator.comparing(SleepStage::start));
            entries.add(new SandboxSleepEntry(start, start.plusSeconds(body.get("durationInSeconds").asLong()), stages, SOURCE,
                    sleep.summaryId(), offset(body, "startTimeOffsetInSeconds")));
        }
        entries.sort(Comparator.comparing(SandboxSleepEntry::start));
        return entries;
    }

    /** Garmin scores deep, light, rem and awake only, at whole seconds. */
    @Override
    public synchronized void addSleeps(List<SandboxSleepEntry> entries) {
        for (SandboxSleepEntry entry : entries) {
            requireWholeSeconds(entry.start(), "start");
            requireWholeSeconds(entry.end(), "end");
            for (SleepStage stage : entry.stages()) {
                if (stage.level() == SleepStage.Level.ASLEEP || stage.level() == SleepStage.Level.RESTLESS) {
                    throw ApiProblem.invalid("stages", "Garmin sleep levels are deep, light, rem and awake");
                }
                requireWholeSeconds(stage.start(), "stages");
                requireWholeSeconds(stage.end(), "stages");
            }
        }
        Instant now = Instant.now();
        entries.forEach(entry -> storeSleep(entry, now));
    }

    private void storeSleep(SandboxSleepEntry entry, Instant uploaded) {
        Instant start = entry.start().truncatedTo(ChronoUnit.SECONDS);
        Instant end = entry.end().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode sleep = summary(tag + "-" + Long.toHexString(start.getEpochSecond()) + "-sleep");
        Map<SleepStage.Level, Long> seconds = new EnumMap<>(SleepStage.Level.class);
        ObjectNode levels = SandboxJson.object();
        for (SleepStage stage : entry.stages()) {
            long from = stage.start().getEpochSecond();
            long to = stage.end().getEpochSecond();
            if (to > from) {
                ArrayNode spans = levels.has(stage.level().wire()) ? (ArrayNode) levels.get(stage.level().wire())
                        : levels.putArray(stage.level().wire());
                spans.addObject().put("startTimeInSeconds", from).put("endTimeInSeconds", to);
                seconds.merge(stage.level(), to - from, Long::sum);
            }
        }
        sleep.put("calendarDate", LocalDate.ofInstant(end, zone).toString())
                .put("durationInSeconds", end.getEpochSecond() - start.getEpochSecond())
                .put("startTimeInSeconds", start.getEpochSecond())
                .put("startTimeOffsetInSeconds", offsetAt(start).getTotalSeconds())
                .put("unmeasurableSleepInSeconds", 0)
                .put("deepSleepDurationInSeconds", seconds.getOrDefault(SleepStage.Level.DEEP, 0L))
                .put("lightSleepDurationInSeconds", seconds.getOrDefault(SleepStage.Level.LIGHT, 0L))
                .put("remSleepInSeconds", seconds.getOrDefault(SleepStage.Level.REM, 0L))
                .put("awakeDurationInSeconds", seconds.getOrDefault(SleepStage.Level.AWAKE, 0L))
                .put("validation", "ENHANCED_FINAL")
                .set("sleepLevelsMap", levels);
        store(GarminSummaryType.SLEEPS, sleep, uploaded);
    }

    // --- weight: body compositions ---------------------------------------------------------------------------

    @Override
    public synchronized List<SandboxWeightEntry> weightEntries() {
        return summaries.get(GarminSummaryType.BODY_COMPS).values().stream()
                .map(bodyComp -> new SandboxWeightEntry(Instant.ofEpochSecond(bodyComp.body().get("measurementTimeInSeconds").asLong()),
                        bodyComp.body().get("weightInGrams").asLong() / 1000.0, SOURCE, bodyComp.summaryId(),
                        offset(bodyComp.body(), "measurementTimeOffsetInSeconds")))
                .sorted(Comparator.comparing(SandboxWeightEntry::time))
                .toList();
    }

    /** To the gram and the second, as the scale reports. */
    @Override
    public synchronized void addWeights(List<SandboxWeightEntry> entries) {
        Instant now = Instant.now();
        entries.forEach(entry -> storeBodyComp(entry.time().truncatedTo(ChronoUnit.SECONDS), Math.round(entry.kg() * 1000), now));
    }

    private void storeBodyComp(Instant time, long grams, Instant uploaded) {
        ObjectNode bodyComp = summary(tag + "-" + Long.toHexString(time.getEpochSecond()) + "-bc");
        bodyComp.put("measurementTimeInSeconds", time.getEpochSecond())
                .put("measurementTimeOffsetInSeconds", offsetAt(time).getTotalSeconds())
                .put("weightInGrams", grams);
        store(GarminSummaryType.BODY_COMPS, bodyComp, uploaded);
    }

    // --- activities: summaries and details --------------------------------------------------------------------

    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        List<SandboxActivityEntry> entries = new ArrayList<>();
        for (GarminSummary activity : summaries.get(GarminSummaryType.ACTIVITIES).values()) {
            ObjectNode body = activity.body();
            GarminSummary details = summaries.get(GarminSummaryType.ACTIVITY_DETAILS).get(activity.summaryId() + "-detail");
            List<ActivitySample> samples = new ArrayList<>();
            if (details != null) {
                details.body().get("samples").forEach(sample -> samples.add(new ActivitySample(
                        Instant.ofEpochSecond(sample.get("startTimeInSeconds").asLong()), number(sample, "latitudeInDegree"),
                        number(sample, "longitudeInDegree"), number(sample, "elevationInMeters"), number(sample, "heartRate"),
                        number(sample, "totalDistanceInMeters"),
                        sample.has("stepsPerMinute") ? number(sample, "stepsPerMinute") : number(sample, "bikeCadenceInRPM"),
                        number(sample, "powerInWatts"))));
            }
            Instant start = Instant.ofEpochSecond(body.get("startTimeInSeconds").asLong());
            entries.add(new SandboxActivityEntry(start, start.plusSeconds(body.get("durationInSeconds").asLong()),
                    sport(body.get("activityType").asText()), body.path("activityName").asText(null), number(body, "distanceInMeters"),
                    number(body, "activeKilocalories"), samples, SOURCE, activity.summaryId(), offset(body, "startTimeOffsetInSeconds")));
        }
        entries.sort(Comparator.comparing(SandboxActivityEntry::start));
        return entries;
    }

    /** As if the watch had recorded and uploaded them: a summary and its details, at whole seconds. */
    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        for (SandboxActivityEntry entry : entries) {
            requireWholeSeconds(entry.start(), "start");
            requireWholeSeconds(entry.end(), "end");
            entry.samples().forEach(sample -> requireWholeSeconds(sample.time(), "samples"));
        }
        Instant now = Instant.now();
        entries.forEach(entry -> storeActivity(entry, now));
    }

    private void storeActivity(SandboxActivityEntry entry, Instant uploaded) {
        long activityId = activityIdBase + nextSeq;
        Instant start = entry.start().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode summary = SandboxJson.object();
        summary.put("activityId", activityId);
        if (entry.name() != null) {
            summary.put("activityName", entry.name());
        }
        summary.put("activityType", activityType(entry.sport()))
                .put("deviceName", DEVICE)
                .put("startTimeInSeconds", start.getEpochSecond())
                .put("startTimeOffsetInSeconds", offsetAt(start).getTotalSeconds())
                .put("durationInSeconds", entry.end().getEpochSecond() - start.getEpochSecond());
        if (entry.distanceMetres() != null) {
            summary.put("distanceInMeters", entry.distanceMetres());
        }
        if (entry.kilocalories() != null) {
            summary.put("activeKilocalories", entry.kilocalories());
        }
        ObjectNode activity = summary(Long.toString(activityId));
        activity.setAll(summary);
        store(GarminSummaryType.ACTIVITIES, activity, uploaded);

        ObjectNode details = summary(activityId + "-detail");
        details.put("activityId", activityId).set("summary", summary.deepCopy());
        ArrayNode samples = details.putArray("samples");
        for (ActivitySample sample : entry.samples()) {
            ObjectNode json = samples.addObject().put("startTimeInSeconds", sample.time().getEpochSecond());
            putIfPresent(json, "latitudeInDegree", sample.latitude());
            putIfPresent(json, "longitudeInDegree", sample.longitude());
            putIfPresent(json, "elevationInMeters", sample.altitudeMetres());
            putIfPresent(json, "heartRate", sample.heartRate());
            putIfPresent(json, "totalDistanceInMeters", sample.distanceMetres());
            putIfPresent(json, entry.sport() == Sport.RIDE ? "bikeCadenceInRPM" : "stepsPerMinute", sample.cadence());
            putIfPresent(json, "powerInWatts", sample.powerWatts());
            json.put("timerDurationInSeconds", sample.time().getEpochSecond() - start.getEpochSecond());
        }
        store(GarminSummaryType.ACTIVITY_DETAILS, details, uploaded);
    }

    /** The engine's sports as Garmin's activity types, and back (RUNNING ↔ run, CYCLING ↔ ride, …). */
    static String activityType(Sport sport) {
        return switch (sport) {
            case RUN -> "RUNNING";
            case RIDE -> "CYCLING";
            case WALK -> "WALKING";
            case HIKE -> "HIKING";
            case SWIM -> "LAP_SWIMMING";
            case ROW -> "ROWING";
            case STRENGTH -> "STRENGTH_TRAINING";
            case YOGA -> "YOGA";
            case WORKOUT -> "FITNESS_EQUIPMENT";
            case OTHER -> "OTHER";
        };
    }

    static Sport sport(String activityType) {
        for (Sport sport : Sport.values()) {
            if (activityType(sport).equals(activityType)) {
                return sport;
            }
        }
        return Sport.OTHER;
    }

    // --- storage -----------------------------------------------------------------------------------------------

    @Override
    public synchronized void wipeData() {
        summaries.values().forEach(Map::clear);
    }

    private ObjectNode summary(String summaryId) {
        return SandboxJson.object().put("userId", id()).put("summaryId", summaryId);
    }

    /** Uploads a summary; one with the same id is replaced (an updated summary). */
    private void store(GarminSummaryType type, ObjectNode body, Instant uploaded) {
        String summaryId = body.get("summaryId").asText();
        LinkedHashMap<String, GarminSummary> ofType = summaries.get(type);
        ofType.remove(summaryId);
        ofType.put(summaryId, new GarminSummary(type, summaryId, body, uploaded, nextSeq++));
    }

    private ZoneOffset offsetAt(Instant instant) {
        return zone.getRules().getOffset(instant);
    }

    /** The offset a summary states ({@code …OffsetInSeconds}), the one the engine reads into the record. */
    private static ZoneOffset offset(JsonNode body, String field) {
        return ZoneOffset.ofTotalSeconds(body.get(field).asInt());
    }

    private static void putIfPresent(ObjectNode json, String field, Double value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }

    private static void requireWholeSeconds(Instant instant, String field) {
        if (instant == null || instant.getNano() != 0) {
            throw ApiProblem.invalid(field, "Garmin keeps whole seconds: " + field + " must have no fraction of a second");
        }
    }
}
