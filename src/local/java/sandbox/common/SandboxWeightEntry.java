package sandbox.common;

import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One weighing, as the test API lists and accepts it; id is the provider's own id for it, {@code utcOffset} the
 * offset of the user's local time the provider keeps with it (null where it keeps none: Google Fit).
 */
public record SandboxWeightEntry(Instant time, double kg, String source, String id, @JsonInclude(JsonInclude.Include.NON_NULL) ZoneOffset utcOffset) {

    public SandboxWeightEntry(Instant time, double kg, String source, String id) {
        this(time, kg, source, id, null);
    }
}
