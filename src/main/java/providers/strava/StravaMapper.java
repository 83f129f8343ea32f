package providers.strava;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityLap;
import model.ActivityRecord;
import model.Provenance;
import model.Sport;
import model.SyncIds;
import providers.http.WireValues;

/**
 * The Strava API v3 wire format ↔ the canonical model (docs/providers/strava.md §2, §3.2): activities (summary from the list, detail
 * for calories and device), their streams as {@code key_by_type=true} answers, and the states of an upload. Units
 * are SI already (metres, seconds); {@code start_date} is UTC and {@code utc_offset} the athlete's offset in seconds.
 */
final class StravaMapper {

    /** Strava sends numbers, numeric strings or nothing (absent, null, empty string). */
    static final WireValues WIRE = new WireValues(StravaProvider.ID);

    /** The streams asked for: everything the canonical sample holds. */
    static final String STREAM_KEYS = "time,latlng,distance,altitude,heartrate,cadence,watts";
    static final String STATUS_PROCESSING = "Your activity is still being processed.";
    static final String STATUS_READY = "Your activity is ready.";
    static final String STATUS_ERROR = "There was an error processing your activity.";
    static final String STATUS_DELETED = "The created activity has been deleted.";
    /** "{file} duplicate of activity {id}", the answer to a re-upload (docs/providers/strava.md §3.2). */
    private static final Pattern DUPLICATE = Pattern.compile("duplicate of activity (\\d{1,19})");
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;
    /** Upload errors are free text from Strava: kept short in reasons. */
    private static final int MAX_REASON_CHARS = 160;

    private StravaMapper() {
    }

    /** The activities of one list page; anything but an array is malformed. */
    static List<JsonNode> activities(JsonNode page) {
        if (page == null || !page.isArray()) {
            throw new PermanentSyncException("strava answered the activity list with something that is not a JSON array");
        }
        List<JsonNode> list = new ArrayList<>(page.size());
        page.forEach(list::add);
        return list;
    }

    /** Strava's id of an activity (a JSON number, or {@code id_str}); validated, as it goes into paths. */
    static String activityId(JsonNode activity) {
        JsonNode id = activity.get("id");
        String text = id != null && id.isIntegralNumber() ? id.asText()
                : id != null && id.isTextual() ? id.asText().trim() : activity.path("id_str").asText("");
        if (!text.matches("\\d{1,19}")) {
            throw new PermanentSyncException("strava sent an activity without a numeric id");
        }
        return text;
    }

    static boolean manual(JsonNode activity) {
        return activity.path("manual").asBoolean(false);
    }

    static Instant start(JsonNode activity) {
        JsonNode startDate = activity.get("start_date");
        if (startDate == null || !startDate.isTextual()) {
            throw new PermanentSyncException("strava sent an activity without its start_date");
        }
        try {
            return Instant.parse(startDate.asText().trim());
        } catch (DateTimeParseException e) {
            throw new PermanentSyncException("strava sent a start_date that is not an ISO-8601 UTC time");
        }
    }

    /** Seconds from start to end; 0 for an activity without duration (nothing to sync). */
    static long elapsedSeconds(JsonNode activity) {
        Double elapsed = WIRE.optionalNumber(activity.get("elapsed_time"), "elapsed_time");
        if (elapsed == null || elapsed < 0 || !Double.isFinite(elapsed)) {
            throw new PermanentSyncException("strava sent an activity without a valid elapsed_time");
        }
        return Math.round(elapsed);
    }

    /**
     * A summary or detailed activity with its streams as a record; null for an activity of no duration, which
     * the canonical model cannot hold and a destination could not take.
     */
    static ActivityRecord toRecord(JsonNode activity, StravaStreams streams) {
        ActivityRecord record = totalsAndStreams(activity, streams);
        return record == null ? null : record.withLaps(laps(activity, record));
    }

    private static ActivityRecord totalsAndStreams(JsonNode activity, StravaStreams streams) {
        if (activity == null || !activity.isObject()) {
            throw new PermanentSyncException("strava sent an activity that is not a JSON object");
        }
        String id = activityId(activity);
        Instant start = start(activity);
        long elapsed = elapsedSeconds(activity);
        if (elapsed == 0) {
            return null;
        }
        Instant end = start.plusSeconds(elapsed);
        ZoneOffset offset = offset(activity, start);
        String device = WireValues.text(activity, "device_name");
        return new ActivityRecord(start, end, sport(WireValues.text(activity, "sport_type"), WireValues.text(activity, "type")), WireValues.text(activity, "name"),
                positiveOrNull(activity.get("distance"), "distance"), positiveOrNull(activity.get("calories"), "calories"),
                streams.samples(start), offset, provenance(id, device, WireValues.text(activity, "external_id")));
    }

    /**
     * The laps of a DetailedActivity ({@code laps}: each a Lap with {@code start_date}, {@code elapsed_time},
     * {@code distance}), in time order: the detail the provider reads anyway lists them, so they cost no request of
     * their own (the same Laps as {@code GET /activities/{id}/laps}). A lap of no duration is left out; a lap
     * reaching past its activity is clipped to it (elapsed time counts whole seconds).
     */
    static List<ActivityLap> laps(JsonNode activity, ActivityRecord record) {
        JsonNode laps = activity.get("laps");
        if (laps == null || laps.isNull()) {
            return List.of();
        }
        if (!laps.isArray()) {
            throw new PermanentSyncException("strava sent laps that are not a list");
        }
        List<ActivityLap> result = new ArrayList<>();
        for (JsonNode lap : laps) {
            if (!lap.isObject()) {
                throw new PermanentSyncException("strava sent a lap that is not a JSON object");
            }
            Instant start = start(lap);
            Instant end = start.plusSeconds(elapsedSeconds(lap));
            start = start.isBefore(record.start()) ? record.start() : start;
            end = end.isAfter(record.end()) ? record.end() : end;
            if (start.isBefore(end)) {
                result.add(new ActivityLap(start, end, positiveOrNull(lap.get("distance"), "lap distance")));
            }
        }
        result.sort(Comparator.comparing(ActivityLap::start));
        return result;
    }

    /**
     * An activity we uploaded carries our sync id as its {@code external_id} (Strava echoes it on the activity): its
     * provenance says so, so a sync the other way does not send it back. Other uploads' ids (a device's file name) are
     * no mark of ours.
     */
    static Provenance provenance(String activityId, String device, String externalId) {
        Provenance provenance = new Provenance(StravaProvider.ID, activityId, device);
        return SyncIds.isSyncId(externalId) ? provenance.withSyncId(externalId) : provenance;
    }

    /**
     * {@code utc_offset} (seconds, a number or a numeric string), else the difference of {@code start_date_local}
     * (local wall time printed with a "Z") and {@code start_date}, else UTC.
     */
    static ZoneOffset offset(JsonNode activity, Instant start) {
        Double seconds = WIRE.optionalNumber(activity.get("utc_offset"), "utc_offset");
        if (seconds == null) {
            String local = WireValues.text(activity, "start_date_local");
            if (local == null || local.isBlank()) {
                return ZoneOffset.UTC;
            }
            try {
                LocalDateTime wall = LocalDateTime.ofInstant(Instant.parse(local.trim()), ZoneOffset.UTC);
                seconds = (double) java.time.Duration.between(LocalDateTime.ofInstant(start, ZoneOffset.UTC), wall).getSeconds();
            } catch (DateTimeParseException e) {
                throw new PermanentSyncException("strava sent a start_date_local that is not an ISO-8601 time");
            }
        }
        if (Math.abs(seconds) > MAX_OFFSET_SECONDS) {
            throw new PermanentSyncException("strava sent a UTC offset beyond 18 hours");
        }
        return ZoneOffset.ofTotalSeconds((int) Math.round(seconds));
    }

    /** Strava's {@code sport_type} (else the older {@code type}) in the engine's vocabulary. */
    static Sport sport(String sportType, String type) {
        String code = sportType != null && !sportType.isBlank() ? sportType : type;
        if (code == null) {
            return Sport.OTHER;
        }
        return switch (code.trim()) {
            case "Run", "TrailRun", "VirtualRun" -> Sport.RUN;
            case "Ride", "VirtualRide", "GravelRide", "MountainBikeRide", "EBikeRide", "EMountainBikeRide" -> Sport.RIDE;
            case "Walk" -> Sport.WALK;
            case "Hike" -> Sport.HIKE;
            case "Swim" -> Sport.SWIM;
            case "Rowing", "VirtualRow" -> Sport.ROW;
            case "WeightTraining" -> Sport.STRENGTH;
            case "Yoga" -> Sport.YOGA;
            case "Workout" -> Sport.WORKOUT;
            default -> Sport.OTHER;
        };
    }

    /** The {@code sport_type} of an upload's or manual activity's kind. */
    static String sportType(Sport sport) {
        return switch (sport) {
            case RUN -> "Run";
            case RIDE -> "Ride";
            case WALK -> "Walk";
            case HIKE -> "Hike";
            case SWIM -> "Swim";
            case ROW -> "Rowing";
            case STRENGTH -> "WeightTraining";
            case YOGA -> "Yoga";
            case WORKOUT, OTHER -> "Workout";
        };
    }

    /** Strava reports 0 for totals it does not know (no GPS, no calorie estimate): unknown in the canonical model. */
    private static Double positiveOrNull(JsonNode value, String what) {
        Double number = WIRE.optionalNumber(value, what);
        if (number != null && number < 0) {
            throw new PermanentSyncException("strava sent a negative " + what);
        }
        return number == null || number == 0 ? null : number;
    }

    /** What an upload's answer says: processing, done (with the activity), a duplicate, or failed. */
    enum UploadState { PROCESSING, READY, DUPLICATE, FAILED, DELETED }

    /** An upload's state, Strava's upload id, the activity it made (or duplicates) when known, and a failure reason. */
    record UploadStatus(UploadState state, String uploadId, String activityId, String reason) {
    }

    /** The answer of {@code POST /uploads} or {@code GET /uploads/{id}}. */
    static UploadStatus uploadStatus(JsonNode upload) {
        if (upload == null || !upload.isObject()) {
            throw new PermanentSyncException("strava answered an upload with something that is not a JSON object");
        }
        String uploadId = idText(upload.get("id"), upload.get("id_str"));
        if (uploadId == null) {
            throw new PermanentSyncException("strava answered an upload without its id");
        }
        String error = WireValues.text(upload, "error");
        String status = WireValues.text(upload, "status");
        String activityId = idText(upload.get("activity_id"), null);
        if (error != null && !error.isBlank()) {
            Matcher duplicate = DUPLICATE.matcher(error);
            if (duplicate.find()) {
                return new UploadStatus(UploadState.DUPLICATE, uploadId, duplicate.group(1), null);
            }
            return new UploadStatus(UploadState.FAILED, uploadId, null, "strava could not process the uploaded file ("
                    + (status == null ? "no status" : status) + " " + shortened(error) + ")");
        }
        if (STATUS_DELETED.equals(status)) {
            return new UploadStatus(UploadState.DELETED, uploadId, activityId,
                    "strava deleted the activity of upload " + uploadId + " right after creating it");
        }
        if (STATUS_ERROR.equals(status)) {
            return new UploadStatus(UploadState.FAILED, uploadId, null, "strava could not process the uploaded file ("
                    + STATUS_ERROR + ")");
        }
        if (activityId != null) {
            return new UploadStatus(UploadState.READY, uploadId, activityId, null);
        }
        if (STATUS_READY.equals(status)) {
            throw new PermanentSyncException("strava reported upload " + uploadId + " ready without an activity_id");
        }
        if (STATUS_PROCESSING.equals(status) || status == null || status.isBlank()) {
            return new UploadStatus(UploadState.PROCESSING, uploadId, null, null);
        }
        throw new PermanentSyncException("strava answered upload " + uploadId + " with an unknown status");
    }

    /** The form fields of {@code POST /uploads} beside the file. */
    static Map<String, String> uploadFields(String externalId, String name) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("data_type", "fit");
        fields.put("external_id", externalId);
        fields.put("name", name);
        return fields;
    }

    /** The name an uploaded activity gets: the source's, else the kind of workout. */
    static String activityName(ActivityRecord record) {
        if (record.name() != null && !record.name().isBlank()) {
            return record.name().length() > 255 ? record.name().substring(0, 255) : record.name();
        }
        String kind = record.sport().wire().replace('_', ' ');
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    private static String idText(JsonNode id, JsonNode idStr) {
        if (id != null && id.isIntegralNumber() && id.asLong() > 0) {
            return id.asText();
        }
        if (id != null && id.isTextual() && id.asText().trim().matches("\\d{1,19}")) {
            return id.asText().trim();
        }
        if (idStr != null && idStr.isTextual() && idStr.asText().trim().matches("\\d{1,19}")) {
            return idStr.asText().trim();
        }
        return null;
    }

    private static String shortened(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_REASON_CHARS ? oneLine.substring(0, MAX_REASON_CHARS) + "…" : oneLine;
    }
}
