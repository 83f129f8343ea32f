package model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One lap of a workout: the part [start, end) between two lap presses (or auto-laps), with the distance covered in it
 * (metres; null when unknown). Strava lists laps, FIT files carry lap messages, TCX files Lap elements.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityLap(Instant start, Instant end, Double distanceMetres) {

    /** Lap distances providers round to the metre (Strava keeps decimetres): closer is the same. */
    private static final double SAME_DISTANCE_METRES = 1.0;

    public ActivityLap {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a lap needs start < end, got " + start + " .. " + end);
        }
    }

    boolean sameAs(ActivityLap other) {
        return Records.sameSecond(start, other.start) && Records.sameSecond(end, other.end)
                && Records.close(distanceMetres, other.distanceMetres, SAME_DISTANCE_METRES);
    }
}
