package model;

import java.time.Instant;
import java.time.ZoneOffset;

/** A body weight measurement in kilograms. */
public record WeightRecord(Instant time, double kilograms, ZoneOffset zoneOffset, Provenance provenance)
        implements InstantSample {

    /** Providers round weights to 10 g or coarser; closer values are the same weight. */
    private static final double SAME_WEIGHT_KG = 0.005;

    @Override
    public DataType type() {
        return DataType.WEIGHT;
    }

    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof WeightRecord w && Math.abs(w.kilograms - kilograms) < SAME_WEIGHT_KG;
    }
}
