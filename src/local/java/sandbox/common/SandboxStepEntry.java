package sandbox.common;

import java.time.Instant;

/** Steps taken in [start, end), as the test API lists and accepts them. */
public record SandboxStepEntry(Instant start, Instant end, long count, String source) {
}
