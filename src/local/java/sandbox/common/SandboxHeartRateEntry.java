package sandbox.common;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** One heart-rate reading, as the test API lists and accepts it. */
public record SandboxHeartRateEntry(Instant time, double bpm, String source) {

    /** Whole beats are written as integers (Fitbit keeps nothing else); Google Fit's fractions stay. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode json = SandboxJson.object().put("time", time.toString());
        if (bpm == Math.rint(bpm)) {
            json.put("bpm", (long) bpm);
        } else {
            json.put("bpm", bpm);
        }
        return json.put("source", source);
    }
}
