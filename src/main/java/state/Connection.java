package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import model.ConflictStrategy;
import model.DataType;

/** A user's sync of some data types from one provider to another, with a cursor per data type in {@code status}. */
public record Connection(String userId, String id, String source, String destination, List<DataType> dataTypes,
                         ConflictStrategy conflictStrategy, String schedule, boolean enabled, Instant createdAt,
                         Instant updatedAt, long version, Map<String, DataTypeStatus> status) {

    public DataTypeStatus statusOf(DataType type) {
        return status.getOrDefault(type.id(), DataTypeStatus.never());
    }
}
