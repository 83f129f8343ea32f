package providers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import model.DataType;

/**
 * What {@code GET /v1/providers} shows of a provider: identity, API version, life-cycle status
 * ({@code active}, {@code deprecated}, {@code retired}) and its capability table — the data types it reads,
 * and for each type it writes, how it lets an existing record be overwritten. Connections are checked
 * against it.
 */
public record ProviderInfo(String id, String name, String version, String status, String notice, List<DataType> read,
                           Map<DataType, Overwrite> overwrite) {

    public ProviderInfo {
        read = List.copyOf(read);
        overwrite = Collections.unmodifiableMap(new LinkedHashMap<>(overwrite));
    }

    /** The data types it writes, in the order given. */
    @JsonProperty("write")
    public List<DataType> write() {
        return List.copyOf(overwrite.keySet());
    }

    public boolean canRead(DataType type) {
        return read.contains(type);
    }

    public boolean canWrite(DataType type) {
        return overwrite.containsKey(type);
    }

    /** A capability row: these types are written, and overwritten {@code how}. */
    public static Map<DataType, Overwrite> writes(Overwrite how, DataType... types) {
        Map<DataType, Overwrite> row = new LinkedHashMap<>();
        Arrays.stream(types).forEach(type -> row.put(type, how));
        return row;
    }
}
