package providers.garmin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HeartRateRecord;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.StepsRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.http.WireValues;

/**
 * Garmin Health / Activity API summaries (docs/providers/garmin.md §2.2) ↔ the canonical model. Every summary carries UTC epoch
 * seconds ({@code startTimeInSeconds}, {@code measurementTimeInSeconds}) and the user's offset at that time in
 * seconds beside them. Where docs/providers/garmin.md is silent the reading taken is the conservative one, noted where it is made.
 * A null window means "everything" (pushed summaries are only checked, not kept).
 */
final class GarminMapper {
    static final WireValues WIRE = new WireValues(GarminProvider.ID);

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private GarminMapper() {
    }

    /** The summary types we pull, with their path segment under {@code /wellness-api/rest/} and their push key. */
    enum SummaryType {
        DAILIES("dailies"), EPOCHS("epochs"), SLEEPS("sleeps"), BODY_COMPS("bodyComps"), ACTIVITIES("activities"),
        ACTIVITY_DETAILS("activityDetails");

        final String key;

        SummaryType(String key) {
            this.key = key;
        }

        static Optional<SummaryType> byKey(String key) {
            return Arrays.stream(values()).filter(type -> type.key.equals(key)).findFirst();
        }
    }

    /**
     * The summaries of a pull answer. Its shape is not documented (docs/providers/garmin.md §2.1): a JSON array is what circulating clients read; the
     * push shape {@code {"<type>":[…]}} is accepted as well. Anything else is refused, never read as "no data".
     */
    static List<JsonNode> summaries(JsonNode answer, SummaryType type) {
        JsonNode list = answer;
        if (answer != null && answer.isObject()) {
            list = answer.get(type.key);
        }
        if (list == null || !list.isArray()) {
            throw new PermanentSyncException("garmin answered a " + type.key + " pull with something that is not a list of summaries");
        }
        List<JsonNode> summaries = new ArrayList<>(list.size());
        for (JsonNode summary : list) {
            if (!summary.isObject()) {
                throw new PermanentSyncException("garmin sent a " + type.key + " entry that is not an object");
            }
            summaries.add(summary);
        }
        return summaries;
    }

    /**
     * Summaries by summaryId, latest upload winning: Garmin re-sends a summary with the same id when it changes
     * ("Updated Summary Records", docs/providers/garmin.md §2.1; their rules were not retrieved, so the later one simply replaces the earlier).
     * Feed summaries in upload order.
     */
    static final class LatestSummaries {
        private final SummaryType type;
        private final LinkedHashMap<String, JsonNode> byId = new LinkedHashMap<>();

        LatestSummaries(SummaryType type) {
            this.type = type;
        }

        void add(Collection<JsonNode> summaries) {
            for (JsonNode summary : summaries) {
                String id = WIRE.requiredText(summary, "summaryId", type.key + " entry");
                byId.remove(id);
                byId.put(id, summary);
            }
        }

        /** In upload order, oldest first. */
        List<JsonNode> values() {
            return List.copyOf(byId.values());
        }
    }

    /**
     * Steps of 15-minute epochs. Garmin sends one epoch per activity type (sedentary, walking, …) for the same
     * quarter hour, so epochs of the same period are added up: the engine sees one count per period. Periods
     * without steps are no record, as with the other providers.
     */
    static List<StepsRecord> epochSteps(Collection<JsonNode> epochs, TimeWindow window) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, ZoneOffset> offsets = new LinkedHashMap<>();
        for (JsonNode epoch : epochs) {
            SummaryType type = SummaryType.EPOCHS;
            String id = WIRE.requiredText(epoch, "summaryId", type.key + " entry");
            long start = epochSeconds(epoch, "startTimeInSeconds", type);
            long duration = seconds(epoch, "durationInSeconds", type);
            if (duration <= 0) {
                throw new PermanentSyncException("garmin sent an epoch without a positive durationInSeconds");
            }
            long steps = epoch.has("steps") && !epoch.get("steps").isNull() ? seconds(epoch, "steps", type) : 0;
            if (steps < 0) {
                throw new PermanentSyncException("garmin sent an epoch with a negative steps count");
            }
            String period = start + "/" + duration;
            totals.computeIfAbsent(period, p -> new long[] {start, duration, 0})[2] += steps;
            ids.computeIfAbsent(period, p -> new ArrayList<>()).add(id);
            offsets.putIfAbsent(period, offset(epoch, "startTimeOffsetInSeconds", type));
        }
        List<StepsRecord> records = new ArrayList<>();
        totals.forEach((period, total) -> {
            Instant start = Instant.ofEpochSecond(total[0]);
            Instant end = start.plusSeconds(total[1]);
            if (total[2] > 0 && inWindow(window, start, end)) {
                List<String> summaryIds = ids.get(period).stream().sorted().toList();
                records.add(new StepsRecord(start, end, total[2], offsets.get(period),
                        new Provenance(GarminProvider.ID, String.join("+", summaryIds), null)));
            }
        });
        records.sort(Comparator.comparing(StepsRecord::start).thenComparing(StepsRecord::end));
        return records;
    }

    /**
     * Heart rate from the dailies' {@code timeOffsetHeartRateSamples}, {"seconds after startTimeInSeconds": bpm}. Every
     * sample keeps the day's {@code startTimeOffsetInSeconds}: a daily tells no other offset, even on a day whose
     * clocks change. A reading at the same instant in a later upload replaces the earlier; readings of zero are
     * no reading.
     */
    static List<HeartRateRecord> dailyHeartRates(Collection<JsonNode> dailies, TimeWindow window) {
        TreeMap<Instant, HeartRateRecord> byTime = new TreeMap<>();
        SummaryType type = SummaryType.DAILIES;
        for (JsonNode daily : dailies) {
            String id = WIRE.requiredText(daily, "summaryId", type.key + " entry");
            long start = epochSeconds(daily, "startTimeInSeconds", type);
            ZoneOffset offset = offset(daily, "startTimeOffsetInSeconds", type);
            JsonNode samples = daily.get("timeOffsetHeartRateSamples");
            if (samples == null || samples.isNull()) {
                continue;
            }
            if (!samples.isObject()) {
                throw new PermanentSyncException("garmin sent a daily whose timeOffsetHeartRateSamples is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = samples.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> sample = it.next();
                long after;
                try {
                    after = Long.parseLong(sample.getKey().trim());
                } catch (NumberFormatException e) {
                    throw new PermanentSyncException("garmin sent a heart-rate sample whose key is not a number of seconds");
                }
                double bpm = WIRE.number(sample.getValue(), "heart-rate sample");
                if (after < 0 || bpm < 0) {
                    throw new PermanentSyncException("garmin sent a heart-rate sample with a negative offset or value");
                }
                Instant time = Instant.ofEpochSecond(start + after);
                if (bpm > 0 && inWindow(window, time, time)) {
                    byTime.put(time, new HeartRateRecord(time, bpm, offset, new Provenance(GarminProvider.ID, id + "@" + after, null)));
                }
            }
        }
        return new ArrayList<>(byTime.values());
    }

    /**
     * Sleeps: [startTimeInSeconds, + durationInSeconds) with the stages of {@code sleepLevelsMap}. Level keys other than
     * deep, light, rem and awake (none is named in the facts: docs/providers/garmin.md §2.5) are left out, and stages are cut to the sleep's bounds.
     */
    static List<SleepRecord> sleeps(Collection<JsonNode> sleeps, TimeWindow window) {
        SummaryType type = SummaryType.SLEEPS;
        List<SleepRecord> records = new ArrayList<>();
        for (JsonNode sleep : sleeps) {
            String id = WIRE.requiredText(sleep, "summaryId", type.key + " entry");
            Instant start = Instant.ofEpochSecond(epochSeconds(sleep, "startTimeInSeconds", type));
            long duration = seconds(sleep, "durationInSeconds", type);
            if (duration < 0) {
                throw new PermanentSyncException("garmin sent a sleep with a negative durationInSeconds");
            }
            Instant end = start.plusSeconds(duration);
            if (duration == 0 || !inWindow(window, start, end)) {
                continue;
            }
            List<SleepStage> stages = new ArrayList<>();
            JsonNode levels = sleep.get("sleepLevelsMap");
            if (levels != null && !levels.isNull()) {
                if (!levels.isObject()) {
                    throw new PermanentSyncException("garmin sent a sleep whose sleepLevelsMap is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = levels.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> level = it.next();
                    Optional<SleepStage.Level> canonical = sleepLevel(level.getKey());
                    if (canonical.isPresent()) {
                        addStages(stages, level.getValue(), canonical.get(), start, end);
                    }
                }
            }
            stages.sort(Comparator.comparing(SleepStage::start));
            records.add(new SleepRecord(start, end, stages, offset(sleep, "startTimeOffsetInSeconds", type),
                    new Provenance(GarminProvider.ID, id, null)));
        }
        records.sort(Comparator.comparing(SleepRecord::start));
        return records;
    }

    private static Optional<SleepStage.Level> sleepLevel(String key) {
        return switch (key) {
            case "deep" -> Optional.of(SleepStage.Level.DEEP);
            case "light" -> Optional.of(SleepStage.Level.LIGHT);
            case "rem" -> Optional.of(SleepStage.Level.REM);
            case "awake" -> Optional.of(SleepStage.Level.AWAKE);
            default -> Optional.empty();
        };
    }

    private static void addStages(List<SleepStage> stages, JsonNode spans, SleepStage.Level level, Instant sleepStart, Instant sleepEnd) {
        if (!spans.isArray()) {
            throw new PermanentSyncException("garmin sent a sleep level that is not a list of periods");
        }
        for (JsonNode span : spans) {
            long from = epochSeconds(span, "startTimeInSeconds", SummaryType.SLEEPS);
            long to = epochSeconds(span, "endTimeInSeconds", SummaryType.SLEEPS);
            if (to < from) {
                throw new PermanentSyncException("garmin sent a sleep level period that ends before it starts");
            }
            Instant start = Instant.ofEpochSecond(Math.max(from, sleepStart.getEpochSecond()));
            Instant end = Instant.ofEpochSecond(Math.min(to, sleepEnd.getEpochSecond()));
            if (start.isBefore(end)) {
                stages.add(new SleepStage(start, end, level));
            }
        }
    }

    /** Weighings of body compositions; a body composition without {@code weightInGrams} (only fat, say) is none. */
    static List<WeightRecord> bodyComps(Collection<JsonNode> bodyComps, TimeWindow window) {
        SummaryType type = SummaryType.BODY_COMPS;
        List<WeightRecord> records = new ArrayList<>();
        for (JsonNode bodyComp : bodyComps) {
            String id = WIRE.requiredText(bodyComp, "summaryId", type.key + " entry");
            Instant time = Instant.ofEpochSecond(epochSeconds(bodyComp, "measurementTimeInSeconds", type));
            JsonNode grams = bodyComp.get("weightInGrams");
            if (grams == null || grams.isNull()) {
                continue;
            }
            double weight = WIRE.number(grams, "weightInGrams");
            if (!(weight > 0)) {
                throw new PermanentSyncException("garmin sent a body composition whose weightInGrams is not positive");
            }
            if (inWindow(window, time, time)) {
                records.add(new WeightRecord(time, weight / 1000.0, offset(bodyComp, "measurementTimeOffsetInSeconds", type),
                        new Provenance(GarminProvider.ID, id, null)));
            }
        }
        records.sort(Comparator.comparing(WeightRecord::time));
        return records;
    }

    static boolean inWindow(TimeWindow window, Instant start, Instant end) {
        return window == null || window.overlaps(start, end);
    }

    /** UTC epoch seconds; a whole number, also as a decimal string. */
    static long epochSeconds(JsonNode node, String field, SummaryType type) {
        if (!node.has(field) || node.get(field).isNull()) {
            throw new PermanentSyncException("garmin sent a " + type.key + " entry without " + field);
        }
        long seconds = seconds(node, field, type);
        if (seconds < 0) {
            throw new PermanentSyncException("garmin sent a " + type.key + " entry with a negative " + field);
        }
        return seconds;
    }

    static long seconds(JsonNode node, String field, SummaryType type) {
        JsonNode value = node.get(field);
        if (value != null) {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.asLong();
            }
            if (value.isTextual()) {
                try {
                    return Long.parseLong(value.asText().trim());
                } catch (NumberFormatException notWhole) {
                    // falls through to the failure below
                }
            }
        }
        throw new PermanentSyncException("garmin sent a " + type.key + " entry whose " + field + " is not a whole number");
    }

    /**
     * The user's offset in seconds. docs/providers/garmin.md §2.2 always shows one; a summary without it is read as UTC (the instants stay right,
     * only the local time shown by a destination may differ).
     */
    static ZoneOffset offset(JsonNode node, String field, SummaryType type) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return ZoneOffset.UTC;
        }
        long seconds = seconds(node, field, type);
        if (Math.abs(seconds) > MAX_OFFSET_SECONDS) {
            throw new PermanentSyncException("garmin sent a " + type.key + " entry whose " + field + " is beyond 18 hours");
        }
        return ZoneOffset.ofTotalSeconds((int) seconds);
    }

    static Double optionalNumber(JsonNode node, String field) {
        return WIRE.optionalNumber(node.get(field), field);
    }
}
