package sandbox.googlehealth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * What a sleep data point holds beside its interval: the sleep type ({@code CLASSIC}, {@code STAGES} or null) and
 * the stages, each with its own instants, offsets and type, in time order.
 */
record GoogleHealthSleep(String sleepType, List<Stage> stages) {

    static final Set<String> SLEEP_TYPES = Set.of("SLEEP_TYPE_UNSPECIFIED", "CLASSIC", "STAGES");
    static final Set<String> STAGE_TYPES = Set.of("SLEEP_STAGE_TYPE_UNSPECIFIED", "AWAKE", "LIGHT", "DEEP", "REM", "ASLEEP",
            "RESTLESS");

    GoogleHealthSleep {
        stages = List.copyOf(stages);
    }

    /** One stage segment. */
    record Stage(Instant start, ZoneOffset startOffset, Instant end, ZoneOffset endOffset, String type) {
    }

    /** The data of the {@code sleep} member, with the output-only summary the API adds. */
    void write(ObjectNode data) {
        if (sleepType != null) {
            data.put("type", sleepType);
        }
        long awake = 0;
        long asleep = 0;
        if (!stages.isEmpty()) {
            ArrayNode array = data.putArray("stages");
            for (Stage stage : stages) {
                ObjectNode json = array.addObject();
                json.put("startTime", GoogleHealthPoint.timestamp(stage.start()));
                json.put("startUtcOffset", GoogleHealthPoint.duration(stage.startOffset()));
                json.put("endTime", GoogleHealthPoint.timestamp(stage.end()));
                json.put("endUtcOffset", GoogleHealthPoint.duration(stage.endOffset()));
                json.put("type", stage.type());
                long minutes = Duration.between(stage.start(), stage.end()).toMinutes();
                switch (stage.type()) {
                    case "AWAKE", "RESTLESS" -> awake += minutes;
                    case "LIGHT", "DEEP", "REM", "ASLEEP" -> asleep += minutes;
                    default -> { }
                }
            }
        }
        data.putObject("metadata").put("processed", true);
        // int64 travels as a decimal string in proto3 JSON
        data.putObject("summary").put("minutesAsleep", Long.toString(asleep)).put("minutesAwake", Long.toString(awake));
    }
}
