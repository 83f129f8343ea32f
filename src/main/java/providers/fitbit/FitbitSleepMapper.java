package providers.fitbit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.TimeWindow;

/**
 * Fitbit sleep logs ({@code GET /1.2/user/-/sleep/date/{start}/{end}.json}, docs/providers/fitbit.md §2.3) ↔ {@link SleepRecord}.
 * Start times are the user's local time without offset, placed in the profile's zone; the end is start + {@code duration}
 * (elapsed milliseconds), which stays right across a DST change where a local end time would not.
 * <ul>
 * <li>{@code type "stages"}: levels deep, light, rem, wake (→ AWAKE); {@code "classic"}: asleep, restless, awake.</li>
 * <li>{@code levels.shortData} (stages logs only) lists short wakes of up to a few minutes that Fitbit lays over the long
 * stages of {@code levels.data} and counts in its wake minutes: they are laid over the same way, so a stage is cut where a
 * short wake interrupts it and the totals of the stages match Fitbit's own.</li>
 * <li>A sleep logged through the API (or by hand) keeps only its start and duration: Fitbit stores no stages for it.</li>
 * </ul>
 */
final class FitbitSleepMapper {

    private FitbitSleepMapper() {
    }

    /** The sleeps of a sleep-by-date answer that overlap the window; a log that began the day before is included. */
    static List<HealthRecord> sleepLogs(JsonNode answer, ZoneId zone, TimeWindow window) {
        JsonNode logs = answer.path("sleep");
        if (!logs.isArray()) {
            throw new PermanentSyncException("fitbit sleep answer has no sleep list");
        }
        List<HealthRecord> records = new ArrayList<>();
        for (JsonNode log : logs) {
            if (!log.hasNonNull("logId")) {
                throw new PermanentSyncException("fitbit sleep log has no logId");
            }
            ZonedDateTime start = FitbitMapper.localDateTime(log.path("startTime"), "sleep startTime").atZone(zone);
            long durationMillis = FitbitMapper.WIRE.integer(log.path("duration"), "sleep duration");
            if (durationMillis <= 0) {
                throw new PermanentSyncException("fitbit sent a sleep log without a positive duration");
            }
            Instant from = start.toInstant();
            Instant to = from.plusMillis(durationMillis);
            if (!window.overlaps(from, to)) {
                continue;
            }
            List<SleepStage> stages = stages(log, zone, from, to);
            records.add(new SleepRecord(from, to, stages, start.getOffset(),
                    new Provenance(FitbitProvider.ID, log.get("logId").asText(), log.path("logType").asText(null))));
        }
        return records;
    }

    private static List<SleepStage> stages(JsonNode log, ZoneId zone, Instant start, Instant end) {
        JsonNode levels = log.path("levels");
        JsonNode data = levels.path("data");
        if (data.isMissingNode() || data.isNull()) {
            return List.of();
        }
        String type = log.path("type").asText("");
        if (!type.equals("stages") && !type.equals("classic")) {
            throw new PermanentSyncException("fitbit sleep log has an unknown type");
        }
        List<SleepStage> stages = spans(data, type, zone, start, end);
        JsonNode shortData = levels.path("shortData");
        if (type.equals("stages") && shortData.isArray() && !shortData.isEmpty()) {
            stages = overlay(stages, spans(shortData, type, zone, start, end));
        }
        return stages;
    }

    /** Entries {dateTime, level, seconds} as stages inside [start, end), in time order. */
    private static List<SleepStage> spans(JsonNode entries, String type, ZoneId zone, Instant start, Instant end) {
        if (!entries.isArray()) {
            throw new PermanentSyncException("fitbit sleep levels are not a list");
        }
        List<SleepStage> spans = new ArrayList<>();
        Instant previous = start;
        for (JsonNode entry : entries) {
            SleepStage.Level level = level(type, entry.path("level").asText(""));
            Instant from = place(FitbitMapper.localDateTime(entry.path("dateTime"), "sleep level dateTime"), zone, previous);
            long seconds = FitbitMapper.WIRE.integer(entry.path("seconds"), "sleep level seconds");
            Instant to = from.plusSeconds(seconds);
            previous = to;
            from = from.isBefore(start) ? start : from;
            to = to.isAfter(end) ? end : to;
            if (from.isBefore(to)) {
                spans.add(new SleepStage(from, to, level));
            }
        }
        spans.sort(Comparator.comparing(SleepStage::start));
        return spans;
    }

    /**
     * A local time of the night in the user's zone. In the hour a DST change repeats, java.time takes the earlier
     * offset; a time that would then fall before the end of the previous level is the repeated hour's second pass.
     */
    static Instant place(LocalDateTime local, ZoneId zone, Instant notBefore) {
        ZonedDateTime placed = local.atZone(zone);
        if (placed.toInstant().isBefore(notBefore)) {
            placed = placed.withLaterOffsetAtOverlap();
        }
        return placed.toInstant();
    }

    private static SleepStage.Level level(String type, String level) {
        SleepStage.Level mapped = type.equals("stages")
                ? switch (level) {
                    case "deep" -> SleepStage.Level.DEEP;
                    case "light" -> SleepStage.Level.LIGHT;
                    case "rem" -> SleepStage.Level.REM;
                    case "wake" -> SleepStage.Level.AWAKE;
                    default -> null;
                }
                : switch (level) {
                    case "asleep" -> SleepStage.Level.ASLEEP;
                    case "restless" -> SleepStage.Level.RESTLESS;
                    case "awake" -> SleepStage.Level.AWAKE;
                    default -> null;
                };
        if (mapped == null) {
            throw new PermanentSyncException("fitbit sent an unknown sleep level for a " + type + " log");
        }
        return mapped;
    }

    /** The long stages with the short wakes laid over them: cut where a wake lies, the wakes added, touching wakes joined. */
    static List<SleepStage> overlay(List<SleepStage> stages, List<SleepStage> wakes) {
        List<SleepStage> pieces = new ArrayList<>();
        for (SleepStage stage : stages) {
            List<Instant[]> parts = new ArrayList<>();
            parts.add(new Instant[] {stage.start(), stage.end()});
            for (SleepStage wake : wakes) {
                List<Instant[]> left = new ArrayList<>();
                for (Instant[] part : parts) {
                    if (!wake.start().isBefore(part[1]) || !wake.end().isAfter(part[0])) {
                        left.add(part);
                        continue;
                    }
                    if (part[0].isBefore(wake.start())) {
                        left.add(new Instant[] {part[0], wake.start()});
                    }
                    if (wake.end().isBefore(part[1])) {
                        left.add(new Instant[] {wake.end(), part[1]});
                    }
                }
                parts = left;
            }
            parts.forEach(part -> pieces.add(new SleepStage(part[0], part[1], stage.level())));
        }
        wakes.forEach(wake -> pieces.add(new SleepStage(wake.start(), wake.end(), SleepStage.Level.AWAKE)));
        pieces.sort(Comparator.comparing(SleepStage::start));
        List<SleepStage> joined = new ArrayList<>();
        for (SleepStage piece : pieces) {
            SleepStage last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.level() == piece.level() && !piece.start().isAfter(last.end())) {
                joined.set(joined.size() - 1, new SleepStage(last.start(),
                        piece.end().isAfter(last.end()) ? piece.end() : last.end(), last.level()));
            } else {
                joined.add(piece);
            }
        }
        return joined;
    }

    /**
     * The parameters of {@code POST /1.2/user/-/sleep.json}: start as local {@code HH:mm} on {@code date}, and the
     * duration in milliseconds. The log cannot carry stages, and the start loses its seconds.
     */
    static Map<String, String> sleepLogForm(SleepRecord sleep, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(sleep.start(), zone);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("startTime", local.format(FitbitMapper.HH_MM));
        form.put("duration", Long.toString(sleep.duration().toMillis()));
        form.put("date", local.toLocalDate().toString());
        return form;
    }

    /** What Fitbit keeps of a sleep we log: the start to the minute, the same duration, no stages. */
    static SleepRecord stored(SleepRecord sleep) {
        Instant start = sleep.start().truncatedTo(ChronoUnit.MINUTES);
        Duration duration = sleep.duration();
        return new SleepRecord(start, start.plus(duration), List.of(), sleep.zoneOffset(), sleep.provenance());
    }
}
