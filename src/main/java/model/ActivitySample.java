package model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One point of a workout's streams at an instant; every measurement is optional (null when the device did not
 * record it), so GPS from one device and heart rate from another can be merged on a common time base.
 * SI units: degrees, metres, beats per minute, revolutions (or steps) per minute, watts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivitySample(Instant time, Double latitude, Double longitude, Double altitudeMetres, Double heartRate,
                             Double distanceMetres, Double cadence, Double powerWatts) {

    public ActivitySample {
        if (time == null) {
            throw new IllegalArgumentException("an activity sample needs a time");
        }
    }

    public boolean hasPosition() {
        return latitude != null && longitude != null;
    }
}
