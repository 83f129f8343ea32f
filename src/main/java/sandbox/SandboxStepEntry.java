package sandbox;

import java.time.Instant;

/** Steps taken in [start, end), as the test API lists and accepts them. */
record SandboxStepEntry(Instant start, Instant end, long count, String source) {
}
