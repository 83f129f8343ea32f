package providers;

import java.util.List;

import model.DataType;

/** What {@code GET /v1/providers} shows of a provider: identity, API version, life-cycle status and capabilities. */
public record ProviderInfo(String id, String name, String version, String status, String notice, List<DataType> read,
                           List<DataType> write) {

    public boolean canRead(DataType type) {
        return read.contains(type);
    }

    public boolean canWrite(DataType type) {
        return write.contains(type);
    }
}
