package sandbox.strava;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import sandbox.common.SandboxJson;

/**
 * One activity as Strava keeps it: UTC start, the zone it was recorded in (the athlete's, or the fixed offset its
 * file carried) and so its {@code utc_offset}, elapsed seconds, SI totals (0 when unknown, as Strava reports them),
 * where it came from ({@code external_id} and {@code upload_id} of an upload, {@code device_name}), its streams and
 * its laps; {@code manual} ones have neither. A recorded activity without lap presses has one lap, the whole of it,
 * as Strava shows it.
 */
record StravaActivity(long id, String name, String sportType, Instant startDate, ZoneId zone, long elapsedTime,
                      double distance, double calories, String externalId, Long uploadId, boolean manual, String deviceName,
                      StravaStreams streams, List<StravaLap> laps) {

    StravaActivity {
        laps = List.copyOf(laps);
    }

    private static final DateTimeFormatter LOCAL_WITH_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    Instant end() {
        return startDate.plusSeconds(elapsedTime);
    }

    ZoneOffset offset() {
        return zone.getRules().getOffset(startDate);
    }

    /** The zone's name after the offset in {@code timezone}: a fixed offset (an upload's own) is named as the offset. */
    private String zoneName() {
        return zone instanceof ZoneOffset fixed ? (fixed.getTotalSeconds() == 0 ? "UTC" : "UTC" + fixed.getId()) : zone.getId();
    }

    /** A SummaryActivity, as the list answers it. */
    ObjectNode summary(String athleteId) {
        ObjectNode json = SandboxJson.object();
        json.put("resource_state", 2);
        ObjectNode athlete = json.putObject("athlete");
        if (athleteId.matches("\\d{1,18}")) {
            athlete.put("id", Long.parseLong(athleteId));
        } else {
            athlete.put("id", athleteId);
        }
        athlete.put("resource_state", 1);
        json.put("name", name);
        json.put("distance", distance);
        // no pauses are simulated: moving time is the elapsed time
        json.put("moving_time", elapsedTime);
        json.put("elapsed_time", elapsedTime);
        json.put("total_elevation_gain", elevationGain());
        json.put("type", StravaSportType.legacyType(sportType));
        json.put("sport_type", sportType);
        json.put("id", id);
        json.put("start_date", DateTimeFormatter.ISO_INSTANT.format(startDate));
        // local wall time, printed with a "Z" as Strava does
        json.put("start_date_local", startDateLocal(startDate, offset()));
        json.put("timezone", "(GMT" + (offset().getTotalSeconds() == 0 ? "+00:00" : offset().getId()) + ") " + zoneName());
        json.put("utc_offset", offset().getTotalSeconds());
        json.put("manual", manual);
        json.put("private", false);
        json.put("trainer", false);
        json.put("commute", false);
        boolean hasHeartrate = streams.heartrate() != null;
        json.put("has_heartrate", hasHeartrate);
        if (hasHeartrate) {
            json.put("average_heartrate", Math.round(streams.heartrate().stream().filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue).average().orElse(0) * 10) / 10.0);
            json.put("max_heartrate", streams.heartrate().stream().filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue).max().orElse(0));
        }
        if (externalId == null) {
            json.putNull("external_id");
        } else {
            json.put("external_id", externalId);
        }
        if (uploadId == null) {
            json.putNull("upload_id");
        } else {
            json.put("upload_id", uploadId);
            json.put("upload_id_str", Long.toString(uploadId));
        }
        return json;
    }

    /** Strava's {@code start_date_local}: the local wall time, printed with a {@code Z} all the same. */
    static String startDateLocal(Instant start, ZoneOffset offset) {
        return LOCAL_WITH_Z.format(LocalDateTime.ofInstant(start, offset));
    }

    /** A DetailedActivity: the summary plus calories, description, device and laps. */
    ObjectNode detail(String athleteId) {
        ObjectNode json = summary(athleteId);
        json.put("resource_state", 3);
        json.put("calories", calories);
        json.putNull("description");
        if (deviceName != null) {
            json.put("device_name", deviceName);
        }
        ArrayNode lapsJson = json.putArray("laps");
        List<StravaLap> shown = manual || !laps.isEmpty() ? laps : List.of(new StravaLap(startDate, elapsedTime, distance));
        for (int index = 0; index < shown.size(); index++) {
            // lap ids: unique per activity and stable, as Strava's are
            lapsJson.add(shown.get(index).json(id * 1_000 + index, id, (ObjectNode) json.get("athlete"), offset(), index));
        }
        return json;
    }

    private double elevationGain() {
        if (streams.altitude() == null) {
            return 0;
        }
        double gain = 0;
        Double previous = null;
        for (Double altitude : streams.altitude()) {
            if (altitude != null && previous != null && altitude > previous) {
                gain += altitude - previous;
            }
            previous = altitude != null ? altitude : previous;
        }
        return Math.round(gain * 10) / 10.0;
    }
}
