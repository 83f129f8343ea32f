package providers.fitbit;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Provenance;
import model.StepsRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.http.AnswerReader;
import providers.http.JsonStreams;
import providers.http.WireValues;

/**
 * Fitbit's wire format ↔ the canonical model (docs/providers/fitbit.md §2.1, §2.2, §2.4, §3). Fitbit renders times in the user's
 * local time without an offset; each is placed in the user's zone: a time in a DST gap moves forward by
 * the gap, in an overlap the earlier offset wins (java.time's rules, as Fitbit documents no other).
 */
final class FitbitMapper {

    /** Fitbit sends time-series values as strings ("8421") and intraday values as numbers. */
    static final WireValues WIRE = new WireValues(FitbitProvider.ID);

    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private FitbitMapper() {
    }

    /** Minutes with steps from an intraday answer for {@code day}, those overlapping the window, read as it arrives. */
    static AnswerReader<List<HealthRecord>> intradaySteps(LocalDate day, ZoneId zone, TimeWindow window) {
        return intraday("activities-steps-intraday", day, zone, point -> {
            long count = WIRE.integer(point.value(), "steps value");
            Instant from = point.start().toInstant();
            Instant to = from.plus(1, ChronoUnit.MINUTES);
            return count > 0 && window.overlaps(from, to) ? new StepsRecord(from, to, count, point.start().getOffset(),
                    new Provenance(FitbitProvider.ID, "steps:" + point.start().toLocalDateTime(), null)) : null;
        });
    }

    /** Heart-rate samples (bpm at the start of each minute) from an intraday answer, those inside the window. */
    static AnswerReader<List<HealthRecord>> intradayHeartRate(LocalDate day, ZoneId zone, TimeWindow window) {
        return intraday("activities-heart-intraday", day, zone, point -> {
            double bpm = WIRE.positive(point.value(), "heart rate");
            Instant at = point.start().toInstant();
            return window.overlaps(at, at) ? new HeartRateRecord(at, bpm, point.start().getOffset(),
                    new Provenance(FitbitProvider.ID, "heart:" + point.start().toLocalDateTime(), null)) : null;
        });
    }

    /** The records of an intraday answer's {@code field} dataset: each point's, where {@code record} makes one. */
    private static AnswerReader<List<HealthRecord>> intraday(String field, LocalDate day, ZoneId zone,
                                                             Function<IntradayPoint, HealthRecord> record) {
        return answer -> {
            List<HealthRecord> records = new ArrayList<>();
            for (IntradayPoint point : points(answer, field, day, zone)) {
                HealthRecord made = record.apply(point);
                if (made != null) {
                    records.add(made);
                }
            }
            return records;
        };
    }

    /** A point of an intraday dataset, placed in the user's zone. */
    private record IntradayPoint(ZonedDateTime start, JsonNode value) {
    }

    /**
     * The points of the answer's {@code field} dataset, read one by one as they arrive: a series holds one value per
     * time, so however many points a broken answer repeats, what is kept is bounded by the times of one day (a time
     * given twice keeps its last value). The other members (the daily summary) are skipped unread.
     */
    private static Collection<IntradayPoint> points(JsonParser answer, String field, LocalDate day, ZoneId zone)
            throws IOException {
        Map<LocalTime, JsonNode> byTime = new LinkedHashMap<>();
        boolean[] found = {false};
        JsonStreams.forEachMember(answer, (name, series) -> {
            if (!name.equals(field)) {
                return false;
            }
            JsonStreams.forEachMember(series, (member, dataset) -> {
                if (!member.equals("dataset")) {
                    return false;
                }
                found[0] = JsonStreams.forEachElement(dataset, element -> {
                    JsonNode point = JsonStreams.tree(element);
                    byTime.put(time(point.path("time"), "intraday time"), point.path("value"));
                });
                return true;
            });
            return true;
        });
        if (!found[0]) {
            throw new PermanentSyncException("fitbit " + field + " answer has no dataset");
        }
        List<IntradayPoint> points = new ArrayList<>(byTime.size());
        byTime.forEach((time, value) -> points.add(new IntradayPoint(day.atTime(time).atZone(zone), value)));
        return points;
    }

    /** Weight logs (kilograms, as asked for) from a weight answer, those inside the window. */
    static List<HealthRecord> weightLogs(JsonNode answer, ZoneId zone, TimeWindow window) {
        JsonNode logs = answer.path("weight");
        if (!logs.isArray()) {
            throw new PermanentSyncException("fitbit weight answer has no weight list");
        }
        List<HealthRecord> records = new ArrayList<>();
        for (JsonNode log : logs) {
            LocalDate date;
            try {
                date = LocalDate.parse(log.path("date").asText());
            } catch (RuntimeException e) {
                throw new PermanentSyncException("fitbit weight log has no valid date");
            }
            // a log without a time is filed at the last second of its day, as Fitbit does on create
            LocalTime time = log.hasNonNull("time") ? time(log.get("time"), "weight time") : LocalTime.of(23, 59, 59);
            ZonedDateTime at = date.atTime(time).atZone(zone);
            Instant instant = at.toInstant();
            if (!log.hasNonNull("logId")) {
                throw new PermanentSyncException("fitbit weight log has no logId");
            }
            if (window.overlaps(instant, instant)) {
                records.add(new WeightRecord(instant, WIRE.positive(log.path("weight"), "weight"), at.getOffset(),
                        new Provenance(FitbitProvider.ID, log.get("logId").asText(), log.path("source").asText(null))));
            }
        }
        return records;
    }

    /** The parameters of {@code POST /1/user/-/body/log/weight.json} for a weight, in the user's local time. */
    static String weightLogQuery(WeightRecord weight, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(weight.time(), zone);
        return "weight=" + String.format(Locale.ROOT, "%.2f", weight.kilograms())
                + "&date=" + local.toLocalDate() + "&time=" + local.toLocalTime().format(HH_MM_SS);
    }

    /** A local date-time as Fitbit writes it ({@code 2024-03-01T23:12:30.000}), without an offset. */
    static LocalDateTime localDateTime(JsonNode value, String what) {
        try {
            return LocalDateTime.parse(value.asText());
        } catch (RuntimeException e) {
            throw new PermanentSyncException("fitbit sent an invalid " + what);
        }
    }

    private static LocalTime time(JsonNode value, String what) {
        try {
            return LocalTime.parse(value.asText());
        } catch (RuntimeException e) {
            throw new PermanentSyncException("fitbit sent an invalid " + what);
        }
    }
}
