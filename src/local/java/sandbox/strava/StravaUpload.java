package sandbox.strava;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import sandbox.common.SandboxJson;

/**
 * An upload and how its processing ends: with the activity it made, or an error (a duplicate, an unreadable file).
 * Until {@code readyAt} it is reported as still being processed.
 */
record StravaUpload(long id, String externalId, Instant readyAt, Long activityId, String error) {

    static final String PROCESSING = "Your activity is still being processed.";
    static final String READY = "Your activity is ready.";
    static final String ERROR = "There was an error processing your activity.";

    /** The Upload answer at {@code now}. */
    ObjectNode answer(Instant now) {
        boolean done = !now.isBefore(readyAt);
        ObjectNode json = SandboxJson.object();
        json.put("id", id);
        json.put("id_str", Long.toString(id));
        if (externalId == null) {
            json.putNull("external_id");
        } else {
            json.put("external_id", externalId);
        }
        if (done && error != null) {
            json.put("error", error);
            json.put("status", ERROR);
        } else {
            json.putNull("error");
            json.put("status", done ? READY : PROCESSING);
        }
        if (done && activityId != null) {
            json.put("activity_id", activityId);
        } else {
            json.putNull("activity_id");
        }
        return json;
    }
}
