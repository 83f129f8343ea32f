package sandbox.googlehealth;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import sandbox.common.SandboxJson;

/**
 * A stored Google Health data point: steps over [start, end), a weight or heart rate at {@code start} (then
 * {@code end == start}), a sleep or exercise session over [start, end) with its {@code sleep} or {@code exercise}
 * details; each time with the user's UTC offset at that moment. {@code count} is the steps or the beats per minute.
 * Steps and heart-rate points have no id (the types are not identifiable); the others have one. {@code seq} orders
 * insertions. {@code notes} is the optional free text a client may give a weight or an exercise, kept as sent.
 */
record GoogleHealthPoint(String id, long seq, GoogleHealthDataType type, Instant start, ZoneOffset startOffset, Instant end,
                         ZoneOffset endOffset, long count, double grams, GoogleHealthOrigin origin, GoogleHealthSleep sleep,
                         GoogleHealthExercise exercise, String notes) {

    /** The list order: start (or sample) time descending, as the API documents; newest insertion first on ties. */
    static final Comparator<GoogleHealthPoint> LIST_ORDER = Comparator.comparing(GoogleHealthPoint::start)
            .thenComparingLong(GoogleHealthPoint::seq).reversed();

    static GoogleHealthPoint steps(String id, long seq, Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset,
                                   long count, GoogleHealthOrigin origin) {
        return new GoogleHealthPoint(id, seq, GoogleHealthDataType.STEPS, start, startOffset, end, endOffset, count, 0, origin,
                null, null, null);
    }

    static GoogleHealthPoint weight(String id, long seq, Instant time, ZoneOffset offset, double grams, GoogleHealthOrigin origin) {
        return weight(id, seq, time, offset, grams, origin, null);
    }

    static GoogleHealthPoint weight(String id, long seq, Instant time, ZoneOffset offset, double grams, GoogleHealthOrigin origin,
                                    String notes) {
        return new GoogleHealthPoint(id, seq, GoogleHealthDataType.WEIGHT, time, offset, time, offset, 0, grams, origin, null, null,
                notes);
    }

    static GoogleHealthPoint heartRate(long seq, Instant time, ZoneOffset offset, long bpm, GoogleHealthOrigin origin) {
        return new GoogleHealthPoint(null, seq, GoogleHealthDataType.HEART_RATE, time, offset, time, offset, bpm, 0, origin,
                null, null, null);
    }

    static GoogleHealthPoint sleep(String id, long seq, Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset,
                                   GoogleHealthSleep sleep, GoogleHealthOrigin origin) {
        return new GoogleHealthPoint(id, seq, GoogleHealthDataType.SLEEP, start, startOffset, end, endOffset, 0, 0, origin, sleep,
                null, null);
    }

    static GoogleHealthPoint exercise(String id, long seq, Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset,
                                      GoogleHealthExercise exercise, GoogleHealthOrigin origin) {
        return exercise(id, seq, start, startOffset, end, endOffset, exercise, origin, null);
    }

    static GoogleHealthPoint exercise(String id, long seq, Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset,
                                      GoogleHealthExercise exercise, GoogleHealthOrigin origin, String notes) {
        return new GoogleHealthPoint(id, seq, GoogleHealthDataType.EXERCISE, start, startOffset, end, endOffset, 0, 0, origin, null,
                exercise, notes);
    }

    /** The user's wall-clock time at the start (interval and session types) or sample time. */
    LocalDateTime civilStart() {
        return LocalDateTime.ofInstant(start, startOffset);
    }

    LocalDateTime civilEnd() {
        return LocalDateTime.ofInstant(end, endOffset);
    }

    String name(String userId) {
        return id == null ? null : "users/" + userId + "/dataTypes/" + type.id() + "/dataPoints/" + id;
    }

    ObjectNode toJson(String userId) {
        ObjectNode json = SandboxJson.object();
        if (id != null) {
            json.put("name", name(userId));
        }
        json.set("dataSource", origin.toJson());
        ObjectNode data = json.putObject(type.field());
        switch (type) {
            case STEPS -> {
                ObjectNode interval = data.putObject("interval");
                interval.put("startTime", timestamp(start));
                interval.put("startUtcOffset", duration(startOffset));
                interval.put("endTime", timestamp(end));
                interval.put("endUtcOffset", duration(endOffset));
                interval.set("civilStartTime", civil(LocalDateTime.ofInstant(start, startOffset)));
                interval.set("civilEndTime", civil(LocalDateTime.ofInstant(end, endOffset)));
                // int64 travels as a decimal string in proto3 JSON
                data.put("count", Long.toString(count));
            }
            case WEIGHT -> {
                sampleTime(data);
                if (grams == Math.rint(grams) && Math.abs(grams) < 1e15) {
                    data.put("weightGrams", (long) grams);
                } else {
                    data.put("weightGrams", grams);
                }
                putNotes(data);
            }
            case HEART_RATE -> {
                sampleTime(data);
                data.put("beatsPerMinute", Long.toString(count));
            }
            case SLEEP -> {
                sessionInterval(data);
                sleep.write(data);
            }
            case EXERCISE -> {
                sessionInterval(data);
                exercise.write(data, Duration.between(start, end).toSeconds());
                putNotes(data);
            }
        }
        return json;
    }

    private void putNotes(ObjectNode data) {
        if (notes != null) {
            data.put("notes", notes);
        }
    }

    private void sampleTime(ObjectNode data) {
        ObjectNode sample = data.putObject("sampleTime");
        sample.put("physicalTime", timestamp(start));
        sample.put("utcOffset", duration(startOffset));
        sample.set("civilTime", civil(LocalDateTime.ofInstant(start, startOffset)));
    }

    /** A SessionTimeInterval, the same fields as an ObservationTimeInterval. */
    private void sessionInterval(ObjectNode data) {
        ObjectNode interval = data.putObject("interval");
        interval.put("startTime", timestamp(start));
        interval.put("startUtcOffset", duration(startOffset));
        interval.put("endTime", timestamp(end));
        interval.put("endUtcOffset", duration(endOffset));
        interval.set("civilStartTime", civil(civilStart()));
        interval.set("civilEndTime", civil(civilEnd()));
    }

    /** RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as protobuf Timestamps print. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** A protobuf Duration in JSON: seconds with an "s". */
    static String duration(ZoneOffset offset) {
        return offset.getTotalSeconds() + "s";
    }

    /** A CivilDateTime; proto3 JSON leaves out fields that are zero. */
    static ObjectNode civil(LocalDateTime local) {
        ObjectNode civil = SandboxJson.object();
        civil.putObject("date").put("year", local.getYear()).put("month", local.getMonthValue()).put("day", local.getDayOfMonth());
        ObjectNode time = civil.putObject("time");
        putIfNotZero(time, "hours", local.getHour());
        putIfNotZero(time, "minutes", local.getMinute());
        putIfNotZero(time, "seconds", local.getSecond());
        putIfNotZero(time, "nanos", local.getNano());
        return civil;
    }

    private static void putIfNotZero(ObjectNode node, String field, int value) {
        if (value != 0) {
            node.put(field, value);
        }
    }
}
