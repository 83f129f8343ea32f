package providers.googlehealth;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import failures.TransientSyncException;
import model.DataType;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Provenance;
import model.StepsRecord;
import model.SyncIds;
import model.TimeWindow;
import model.WeightRecord;
import providers.http.AnswerReader;
import providers.http.JsonStreams;
import providers.http.WireValues;

/**
 * The Google Health API v4 wire format ↔ the canonical model (docs/providers/googlehealth.md §2): data points whose
 * union field names the type ({@code steps}: an interval and an int64 count sent as a string; {@code weight}: a
 * sample time and grams; {@code heartRate}: a sample time and int64 beats per minute). Times are RFC 3339 instants
 * with the user's UTC offset beside them as a duration ({@code "3600s"}); where an offset is missing, the
 * output-only civil time tells it, else UTC is assumed. Sessions (sleep, exercise) are in
 * {@link GoogleHealthSessionMapper}.
 */
final class GoogleHealthMapper {

    /** int64 is a decimal string in proto3 JSON; a plain number is accepted too. */
    static final WireValues WIRE = new WireValues(GoogleHealthProvider.ID);

    /** Data point ids in names; anything else would change the path we build from it. */
    private static final Pattern DATA_POINT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Pattern DURATION = Pattern.compile("(-?\\d{1,6}(?:\\.\\d{1,9})?)s");
    static final int MAX_OFFSET_SECONDS = 18 * 3600;
    /** The documented maximum page; fewer, larger pages spare the 300 requests a minute each user has. */
    static final int MAX_PAGE_SIZE = 10_000;
    /** Sleep and exercise pages hold at most 25 sessions (discovery, {@code list.pageSize}). */
    static final int MAX_SESSION_PAGE_SIZE = 25;
    /**
     * Steps can only be filtered by interval start, so a point that starts shortly before the window and
     * overlaps it would be missed; points are minute intervals (storage resolution one minute), an hour
     * covers longer ones too.
     */
    static final Duration STEPS_OVERLAP = Duration.ofHours(1);
    /** Sessions longer than a day (a sleep, a workout) are not expected; one that long is found by its other end. */
    static final Duration SESSION_OVERLAP = Duration.ofDays(1);
    /** Heart rate the API accepts and sends: whole beats in [1, 300]. */
    static final long MIN_BPM = 1;
    static final long MAX_BPM = 300;
    private static final DateTimeFormatter CIVIL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** google.rpc.Code values worth a retry: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(4, 8, 10, 13, 14);
    /** The provenance device of points our own OAuth client wrote; the API fills in the client id itself. */
    static final String OWN_APP_PREFIX = "app:";
    /**
     * Where a written weight or exercise keeps our sync id: {@code notes}, the one client-settable free field both have
     * (docs/providers/googlehealth.md §3). The data point id is client-choosable too, but a create with an id that exists is
     * refused, which would fail the write of a source record that moved in time; notes have no such effect.
     */
    static final String NOTES = "notes";
    /**
     * The sync id of a point our OAuth client wrote without one in its notes (sleeps have no notes): which source record
     * it came from is unknown, that we wrote it is not ({@code dataSource.application.googleWebClientId}).
     */
    static final String OWN_CLIENT_SYNC_ID = SyncIds.PREFIX + "googlehealth-client";

    private GoogleHealthMapper() {
    }

    /** How one of our data types lives in the Google Health API. */
    enum HealthType {
        STEPS("steps", "steps", "steps.interval.start_time", false, MAX_PAGE_SIZE),
        WEIGHT("weight", "weight", "weight.sample_time.physical_time", false, MAX_PAGE_SIZE),
        HEART_RATE("heart-rate", "heartRate", "heart_rate.sample_time.physical_time", false, MAX_PAGE_SIZE),
        /** Sleep can be filtered by its end only (physical or civil). */
        SLEEP("sleep", "sleep", "sleep.interval.end_time", false, MAX_SESSION_PAGE_SIZE),
        /** Exercise, a session type, can be filtered by its civil start only. */
        EXERCISE("exercise", "exercise", "exercise.interval.civil_start_time", true, MAX_SESSION_PAGE_SIZE);

        /** The kebab-case id in {@code /dataTypes/{id}/dataPoints}. */
        final String path;
        /** The camelCase member of the DataPoint union. */
        final String field;
        /** The snake_case time field of AIP-160 filters. */
        final String timeFilter;
        /** Whether that field is a civil time (no offset) rather than an RFC 3339 instant. */
        final boolean civilFilter;
        /** The largest page the API serves for the type. */
        final int maxPageSize;

        HealthType(String path, String field, String timeFilter, boolean civilFilter, int maxPageSize) {
            this.path = path;
            this.field = field;
            this.timeFilter = timeFilter;
            this.civilFilter = civilFilter;
            this.maxPageSize = maxPageSize;
        }

        static HealthType of(DataType type) {
            return switch (type) {
                case STEPS -> STEPS;
                case WEIGHT -> WEIGHT;
                case HEART_RATE -> HEART_RATE;
                case SLEEP -> SLEEP;
                case ACTIVITIES -> EXERCISE;
            };
        }
    }

    /**
     * The list filter that finds every point overlapping the window, given what each type can be filtered by:
     * steps by interval start (an hour earlier, so intervals reaching into the window are found), samples by
     * their time, sleep by its end (up to a day after the window, so a night that began inside it is found),
     * exercise by its civil start (widened by the largest UTC offsets, and by a day for workouts begun before
     * the window). What does not overlap the window is dropped after reading.
     */
    static String listFilter(HealthType type, TimeWindow window) {
        return switch (type) {
            case STEPS -> timeFilter(type, window.from().minus(STEPS_OVERLAP), window.to());
            case WEIGHT, HEART_RATE -> timeFilter(type, window.from(), window.to());
            case SLEEP -> timeFilter(type, window.from(), window.to().plus(SESSION_OVERLAP));
            case EXERCISE -> civilTimeFilter(type,
                    LocalDateTime.ofInstant(window.from().minus(SESSION_OVERLAP).minusSeconds(MAX_OFFSET_SECONDS), ZoneOffset.UTC),
                    LocalDateTime.ofInstant(window.to().plusSeconds(MAX_OFFSET_SECONDS), ZoneOffset.UTC));
        };
    }

    /** A civil time range {@code [from, to)} on the type's civil filter field ({@code YYYY-MM-DDTHH:mm:ss}). */
    static String civilTimeFilter(HealthType type, LocalDateTime from, LocalDateTime to) {
        return type.timeFilter + " >= \"" + CIVIL.format(from) + "\" AND " + type.timeFilter + " < \"" + CIVIL.format(to) + "\"";
    }

    /**
     * The list filter for points whose start (interval types) or sample time lies in [from, to). Only
     * {@code >=} and {@code <} joined by {@code AND} are supported by the API.
     */
    static String timeFilter(HealthType type, Instant from, Instant to) {
        return type.timeFilter + " >= \"" + timestamp(from) + "\" AND " + type.timeFilter + " < \"" + timestamp(to) + "\"";
    }

    /** RFC 3339 in UTC, as protobuf Timestamps are written in JSON. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * A list answer read as it arrives, each data point made a record as it comes (a zero-steps point is left out); at
     * most the page size asked for. proto3 JSON leaves an empty list out altogether.
     */
    static AnswerReader<JsonStreams.Page<HealthRecord>> dataPoints(HealthType type, String clientId) {
        return JsonStreams.page(GoogleHealthProvider.ID, "dataPoints", type.maxPageSize, point -> toRecord(type, point, clientId),
                "nextPageToken");
    }

    /** The token of the next page, or null on the last page (the field is then empty or absent). */
    static String nextPageToken(JsonNode answer) {
        JsonNode token = answer.get("nextPageToken");
        return token == null || token.isNull() || token.asText().isEmpty() ? null : token.asText();
    }

    /**
     * A data point as a record; null for a steps point of zero steps (nothing to sync, as with Fitbit). An
     * exercise comes without its samples: those are in its TCX export.
     */
    static HealthRecord toRecord(HealthType type, JsonNode point) {
        return toRecord(type, point, null);
    }

    /**
     * The same, knowing our OAuth client id ({@code ownClientId}, may be null): what it wrote is marked as ours (loop
     * safety) — with the sync id its {@code notes} carry (weight, exercise), else with {@link #OWN_CLIENT_SYNC_ID}.
     */
    static HealthRecord toRecord(HealthType type, JsonNode point, String ownClientId) {
        JsonNode data = point.path(type.field);
        if (!data.isObject()) {
            throw new PermanentSyncException("googlehealth sent a " + type.path + " data point without its " + type.field + " data");
        }
        String name = WireValues.text(point, "name");
        String device = origin(point.path("dataSource"));
        String syncId = syncId(data, name, device, ownClientId);
        return switch (type) {
            case STEPS -> steps(data.path("interval"), data.path("count"), name, device);
            case WEIGHT -> weight(data, name, device, syncId);
            case HEART_RATE -> heartRate(data, name, device);
            case SLEEP -> GoogleHealthSessionMapper.sleep(data, name, device, syncId);
            case EXERCISE -> GoogleHealthSessionMapper.exercise(data, name, device, syncId);
        };
    }

    /**
     * The sync id of a point we wrote: the one its {@code notes} carry (we write it there on weights and exercises),
     * else, for a named point our OAuth client wrote (sleeps have no notes; points written before we kept one),
     * {@link #OWN_CLIENT_SYNC_ID}; null for everybody else's. Notes another app wrote are no mark of ours unless they
     * are a sync id — and only the Google account's own apps can write to it at all.
     */
    static String syncId(JsonNode data, String name, String device, String ownClientId) {
        String notes = WireValues.text(data, NOTES);
        if (SyncIds.isSyncId(notes)) {
            return notes;
        }
        boolean ours = ownClientId != null && dataPointId(name).isPresent() && (OWN_APP_PREFIX + ownClientId).equals(device);
        return ours ? OWN_CLIENT_SYNC_ID : null;
    }

    private static StepsRecord steps(JsonNode interval, JsonNode countJson, String name, String device) {
        Instant start = WIRE.rfc3339(interval.path("startTime"), "interval startTime");
        Instant end = WIRE.rfc3339(interval.path("endTime"), "interval endTime");
        if (end.isBefore(start)) {
            throw new PermanentSyncException("googlehealth sent a steps interval that ends before it starts");
        }
        long count = WIRE.integer(countJson, "steps count");
        if (count < 0) {
            throw new PermanentSyncException("googlehealth sent a negative steps count");
        }
        if (count == 0) {
            return null;
        }
        ZoneOffset offset = offset(interval.path("startUtcOffset"), interval.path("civilStartTime"), start);
        String externalId = name != null ? name : "steps:" + timestamp(start) + "/" + timestamp(end);
        return new StepsRecord(start, end, count, offset, new Provenance(GoogleHealthProvider.ID, externalId, device));
    }

    private static WeightRecord weight(JsonNode weight, String name, String device, String syncId) {
        JsonNode sample = weight.path("sampleTime");
        Instant time = WIRE.rfc3339(sample.path("physicalTime"), "sampleTime physicalTime");
        double grams = WIRE.positive(weight.path("weightGrams"), "weightGrams");
        ZoneOffset offset = offset(sample.path("utcOffset"), sample.path("civilTime"), time);
        String externalId = name != null ? name : "weight:" + timestamp(time);
        return new WeightRecord(time, grams / 1000.0, offset, new Provenance(GoogleHealthProvider.ID, externalId, device, syncId));
    }

    /** Heart-rate points are not identifiable: the sample time is their id. */
    private static HeartRateRecord heartRate(JsonNode heartRate, String name, String device) {
        JsonNode sample = heartRate.path("sampleTime");
        Instant time = WIRE.rfc3339(sample.path("physicalTime"), "sampleTime physicalTime");
        long bpm = WIRE.integer(heartRate.path("beatsPerMinute"), "beatsPerMinute");
        if (bpm < MIN_BPM || bpm > MAX_BPM) {
            throw new PermanentSyncException("googlehealth sent a heart rate outside [" + MIN_BPM + ", " + MAX_BPM + "] bpm");
        }
        ZoneOffset offset = offset(sample.path("utcOffset"), sample.path("civilTime"), time);
        String externalId = name != null ? name : "heart-rate:" + timestamp(time);
        return new HeartRateRecord(time, bpm, offset, new Provenance(GoogleHealthProvider.ID, externalId, device));
    }

    /**
     * The body of a weight data point create (or, with the existing point's name, patch): the API keeps
     * grams, the sample instant and the user's offset at that instant. The data source is left to the API,
     * which marks the point as written by our OAuth client.
     */
    /** A weight data point; {@code syncId} (may be null) goes into its {@code notes}, which the API keeps for the client. */
    static Map<String, Object> weightDataPoint(WeightRecord weight, String name, String syncId) {
        Map<String, Object> sampleTime = new LinkedHashMap<>();
        sampleTime.put("physicalTime", timestamp(weight.time()));
        sampleTime.put("utcOffset", duration(weight.zoneOffset() == null ? ZoneOffset.UTC : weight.zoneOffset()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sampleTime", sampleTime);
        // to the milligram: a kilogram value like 72.4 must not become 72400.00000000001 g
        data.put("weightGrams", Math.round(weight.kilograms() * 1_000_000) / 1000.0);
        if (syncId != null) {
            data.put(NOTES, syncId);
        }
        Map<String, Object> point = new LinkedHashMap<>();
        if (name != null) {
            point.put("name", name);
        }
        point.put("weight", data);
        return point;
    }

    /** A UTC offset as a protobuf Duration in JSON: whole seconds with an "s". */
    static String duration(ZoneOffset offset) {
        return offset.getTotalSeconds() + "s";
    }

    /**
     * Create and patch answer a long-running Operation. A finished one with an error failed; one still
     * running is taken as accepted, since the API documents no way for a user's client to poll it.
     */
    static void checkOperation(JsonNode operation, String what) {
        if (!operation.isObject()) {
            throw new PermanentSyncException("googlehealth answered " + what + " with something that is not an Operation");
        }
        JsonNode error = operation.get("error");
        if (operation.path("done").asBoolean(false) && error != null && !error.isNull()) {
            int code = error.path("code").asInt(2);
            String reason = "googlehealth " + what + " failed (operation error code " + code + ")";
            if (TRANSIENT_CODES.contains(code)) {
                throw new TransientSyncException(reason);
            }
            throw new PermanentSyncException(reason);
        }
    }

    /** The last segment of {@code users/{user}/dataTypes/{type}/dataPoints/{id}}, when it is a plain id. */
    static Optional<String> dataPointId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int at = name.lastIndexOf("/dataPoints/");
        if (!name.startsWith("users/") || at < 0) {
            return Optional.empty();
        }
        String id = name.substring(at + "/dataPoints/".length());
        return DATA_POINT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** Whether the record is a named point our OAuth client wrote: the only ones the API lets us change. */
    static boolean writtenBy(HealthRecord record, String clientId) {
        return dataPointId(record.provenance().externalId()).isPresent()
                && (OWN_APP_PREFIX + clientId).equals(record.provenance().device());
    }

    /**
     * Who recorded a point: the OAuth client that wrote it through this API ({@code app:<client id>}), else the
     * platform and device, else null.
     */
    static String origin(JsonNode dataSource) {
        if (!dataSource.isObject()) {
            return null;
        }
        String webClient = WireValues.text(dataSource.path("application"), "googleWebClientId");
        if (webClient != null && !webClient.isEmpty()) {
            return OWN_APP_PREFIX + webClient;
        }
        JsonNode device = dataSource.path("device");
        String what = String.join(" ", nonEmpty(WireValues.text(device, "manufacturer"), WireValues.text(device, "displayName")));
        if (what.isEmpty()) {
            what = String.join("", nonEmpty(WireValues.text(device, "formFactor")));
        }
        if (what.isEmpty()) {
            what = String.join("", nonEmpty(WireValues.text(dataSource.path("application"), "packageName")));
        }
        String platform = WireValues.text(dataSource, "platform");
        if (platform == null) {
            return what.isEmpty() ? null : what;
        }
        return what.isEmpty() ? platform : platform + ":" + what;
    }

    /**
     * The user's offset: the duration the API sends beside each time, else the difference between the
     * output-only civil time and the instant (historical data may lack offsets), else UTC.
     */
    static ZoneOffset offset(JsonNode duration, JsonNode civil, Instant physical) {
        if (duration != null && duration.isTextual()) {
            var matcher = DURATION.matcher(duration.asText().trim());
            if (!matcher.matches()) {
                throw new PermanentSyncException("googlehealth sent a UTC offset that is not a duration");
            }
            int seconds = new BigDecimal(matcher.group(1)).setScale(0, RoundingMode.HALF_UP).intValueExact();
            if (Math.abs(seconds) > MAX_OFFSET_SECONDS) {
                throw new PermanentSyncException("googlehealth sent a UTC offset beyond 18 hours");
            }
            return ZoneOffset.ofTotalSeconds(seconds);
        }
        return civilOffset(civil, physical).orElse(ZoneOffset.UTC);
    }

    private static Optional<ZoneOffset> civilOffset(JsonNode civil, Instant physical) {
        JsonNode date = civil == null ? null : civil.get("date");
        if (date == null || !date.isObject()) {
            return Optional.empty();
        }
        JsonNode time = civil.path("time");
        try {
            // proto3 JSON leaves zero fields out: a missing hour is midnight
            LocalDateTime local = LocalDateTime.of(date.path("year").asInt(), date.path("month").asInt(), date.path("day").asInt(),
                    time.path("hours").asInt(0), time.path("minutes").asInt(0), time.path("seconds").asInt(0),
                    time.path("nanos").asInt(0));
            long seconds = Duration.between(LocalDateTime.ofInstant(physical, ZoneOffset.UTC), local).getSeconds();
            return Math.abs(seconds) <= MAX_OFFSET_SECONDS ? Optional.of(ZoneOffset.ofTotalSeconds((int) seconds)) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> nonEmpty(String... values) {
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                kept.add(value.trim());
            }
        }
        return kept;
    }
}
