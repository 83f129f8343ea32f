package model;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The health data types a connection can carry; {@link #id()} is the wire name used by the API. */
public enum DataType {
    STEPS("steps"),
    HEART_RATE("heart_rate"),
    SLEEP("sleep"),
    WEIGHT("weight"),
    ACTIVITIES("activities");

    private final String id;

    DataType(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Optional<DataType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
