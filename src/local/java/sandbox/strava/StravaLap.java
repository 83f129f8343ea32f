package sandbox.strava;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import model.ActivityLap;
import sandbox.common.SandboxJson;

/** One lap of a Strava activity: its UTC start, elapsed seconds and distance (metres). */
record StravaLap(Instant startDate, long elapsedTime, double distance) {

    static StravaLap of(ActivityLap lap) {
        return new StravaLap(lap.start(), Duration.between(lap.start(), lap.end()).getSeconds(),
                lap.distanceMetres() == null ? 0 : lap.distanceMetres());
    }

    ActivityLap toLap() {
        return new ActivityLap(startDate, startDate.plusSeconds(elapsedTime), distance == 0 ? null : distance);
    }

    /** A Lap as Strava answers it inside a DetailedActivity; {@code index} counts from 0, Strava's lap_index from 1. */
    ObjectNode json(long lapId, long activityId, ObjectNode athlete, ZoneOffset offset, int index) {
        ObjectNode json = SandboxJson.object();
        json.put("id", lapId);
        json.put("resource_state", 2);
        json.put("name", "Lap " + (index + 1));
        json.putObject("activity").put("id", activityId).put("resource_state", 1);
        json.set("athlete", athlete.deepCopy());
        json.put("elapsed_time", elapsedTime);
        // no pauses are simulated: moving time is the elapsed time
        json.put("moving_time", elapsedTime);
        json.put("start_date", DateTimeFormatter.ISO_INSTANT.format(startDate));
        json.put("start_date_local", StravaActivity.startDateLocal(startDate, offset));
        json.put("distance", distance);
        json.put("average_speed", elapsedTime == 0 ? 0 : Math.round(distance / elapsedTime * 1000) / 1000.0);
        json.put("lap_index", index + 1);
        json.put("split", index + 1);
        return json;
    }
}
