package sandbox;

import java.time.Instant;

/** One weighing, as the test API lists and accepts it; id is the provider's own id for it. */
record SandboxWeightEntry(Instant time, double kg, String source, String id) {
}
