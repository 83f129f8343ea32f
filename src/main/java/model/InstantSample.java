package model;

import java.time.Instant;

/** A measurement taken at one instant (weight, heart rate): its period starts and ends at {@link #time()}. */
public sealed interface InstantSample extends HealthRecord permits WeightRecord, HeartRateRecord {

    Instant time();

    @Override
    default Instant start() {
        return time();
    }

    @Override
    default Instant end() {
        return time();
    }
}
