package model;

import java.time.Instant;
import java.time.ZoneOffset;

/** Steps counted in the interval [start, end). */
public record StepsRecord(Instant start, Instant end, long count, ZoneOffset zoneOffset, Provenance provenance)
        implements HealthRecord {

    @Override
    public DataType type() {
        return DataType.STEPS;
    }

    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof StepsRecord s && s.count == count;
    }
}
