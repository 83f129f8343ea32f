package sandbox.wahoo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import model.ActivityLap;
import model.ActivitySample;

/**
 * A Wahoo workout as the API keeps it: the header ({@code starts}, {@code minutes}, name, type, the client's
 * {@code workout_token}) and, once a device or a FIT upload delivered it, its summary. Guarded by the owning
 * {@link WahooUser}'s monitor.
 */
final class WahooWorkout {

    /**
     * The workout_summary: totals from the FIT file, the samples and laps it holds, the user's offset at the start (the
     * FIT file's local timestamp) and the key of its file URL. {@code fit} is the uploaded file, null for device
     * workouts (their file is written on request).
     */
    record Summary(long id, Double distanceMetres, Double kilocalories, Duration total, List<ActivitySample> samples,
                   ZoneOffset offset, String fileKey, byte[] fit, Instant createdAt, List<ActivityLap> laps) {

        Summary {
            samples = samples == null ? List.of() : List.copyOf(samples);
            laps = laps == null ? List.of() : List.copyOf(laps);
        }
    }

    final long id;
    Instant starts;
    int minutes;
    String name;
    int typeId;
    final String workoutToken;
    final Instant createdAt;
    Instant updatedAt;
    Summary summary;

    WahooWorkout(long id, Instant starts, int minutes, String name, int typeId, String workoutToken, Instant createdAt) {
        this.id = id;
        this.starts = starts;
        this.minutes = minutes;
        this.name = name;
        this.typeId = typeId;
        this.workoutToken = workoutToken;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Where the workout ends: its summary's total duration, else its header's minutes. */
    Instant end() {
        return summary != null && summary.total() != null && !summary.total().isZero()
                ? starts.plus(summary.total()) : starts.plusSeconds(60L * minutes);
    }
}
