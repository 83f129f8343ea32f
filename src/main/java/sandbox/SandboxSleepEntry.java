package sandbox;

import java.time.Instant;
import java.util.List;

import model.SleepStage;

/**
 * One night (or nap) as the test API lists and accepts it: [start, end) with its stages in time order, possibly
 * none; {@code id} is the provider's own id, {@code source} who recorded it (null for seeded entries).
 */
record SandboxSleepEntry(Instant start, Instant end, List<SleepStage> stages, String source, String id) {

    SandboxSleepEntry {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }
}
