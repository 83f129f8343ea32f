package providers.spi;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a provider lets us overwrite a record it holds, when the source wins a conflict. */
public enum Overwrite {
    /** the record is changed in place */
    UPDATE("update"),
    /** the record is deleted and written again */
    DELETE_AND_CREATE("delete+create"),
    /** it cannot be overwritten: the conflict ends in a recorded skip */
    NONE("none");

    private final String wire;

    Overwrite(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
