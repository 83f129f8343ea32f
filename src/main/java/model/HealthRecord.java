package model;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A record in the canonical model (docs/architecture.md §7): UTC instants plus the original zone offset, SI units,
 * provenance. {@code start == end} for instant measurements such as weight.
 */
public sealed interface HealthRecord permits StepsRecord, InstantSample, SleepRecord, ActivityRecord {

    DataType type();

    Instant start();

    Instant end();

    /** The offset of the user's local time when the record was taken, as the source reported it. */
    ZoneOffset zoneOffset();

    Provenance provenance();

    /** True when both records say the same thing about the same period, so writing one over the other changes nothing. */
    boolean sameValueAs(HealthRecord other);
}
