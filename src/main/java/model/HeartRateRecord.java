package model;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A heart-rate sample in beats per minute at an instant (providers' minute series give the minute's start).
 */
public record HeartRateRecord(Instant time, double bpm, ZoneOffset zoneOffset, Provenance provenance) implements InstantSample {

    /** Heart rates are whole beats (Google Fit keeps floats): closer than half a beat is the same. */
    private static final double SAME_BPM = 0.5;

    @Override
    public DataType type() {
        return DataType.HEART_RATE;
    }

    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof HeartRateRecord h && Math.abs(h.bpm - bpm) < SAME_BPM;
    }
}
