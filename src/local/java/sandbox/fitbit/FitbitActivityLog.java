package sandbox.fitbit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import model.ActivityLap;
import model.ActivitySample;

/**
 * A Fitbit activity log as Fitbit keeps it: local start, duration in milliseconds, distance in kilometres, calories, and
 * for a tracker's GPS workout its TCX track points (absolute times, as TCX has them) and laps (none for a single lap).
 *
 * @param activityTypeId the catalogue id when logged by id (null for a named activity)
 * @param logType        "tracker" for what the user's device recorded, "manual" for logs made through the API
 */
record FitbitActivityLog(long logId, Long activityTypeId, String activityName, String logType, LocalDateTime start,
                         long durationMillis, Double distanceKm, Integer calories, List<ActivitySample> track,
                         List<ActivityLap> laps, Instant lastModified) {

    FitbitActivityLog {
        track = List.copyOf(track);
        laps = List.copyOf(laps);
    }
}
