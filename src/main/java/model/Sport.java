package model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of a workout, in the engine's own small vocabulary; each mapper translates its provider's codes
 * (Strava sport_type, Fitbit activityTypeId, Google activity type numbers, FIT sport) to and from it.
 * OTHER keeps what has no closer match rather than refusing it.
 */
public enum Sport {
    RUN, RIDE, WALK, HIKE, SWIM, ROW, STRENGTH, YOGA, WORKOUT, OTHER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Sport fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
