package sandbox.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import model.SleepStage;

/**
 * One night (or nap) as the test API lists and accepts it: [start, end) with its stages in time order, possibly
 * none; {@code id} is the provider's own id, {@code source} who recorded it (null for seeded entries), {@code utcOffset}
 * the offset of the user's local time the provider keeps with it (null where it keeps none).
 */
public record SandboxSleepEntry(Instant start, Instant end, List<SleepStage> stages, String source, String id, @JsonInclude(JsonInclude.Include.NON_NULL) ZoneOffset utcOffset) {

    public SandboxSleepEntry {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    public SandboxSleepEntry(Instant start, Instant end, List<SleepStage> stages, String source, String id) {
        this(start, end, stages, source, id, null);
    }
}
