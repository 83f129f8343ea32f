package state;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the scheduler finds a connection without reading the whole table: the sparse index
 * {@value Tables#CONNECTIONS_BY_DUE_TIME} keyed by a shard ({@value #SHARD}, spread by connection id so that no index
 * partition takes every write) and the time the connection is next due ({@value #DUE_AT}, epoch milliseconds: the
 * earlier of its next scheduled sync and its next reconciliation). A connection due for neither is not in the index.
 * Each scheduler tick asks every shard for what is due by now — one query per shard, whatever the table's size.
 *
 * @param shards how many shards; it may be raised later, never lowered (connections in a dropped shard are not found)
 */
public record DueIndex(int shards) {

    public static final String SHARD = "dueShard";
    public static final String DUE_AT = "dueAt";

    public DueIndex {
        if (shards < 1) {
            throw new IllegalArgumentException("the due index needs at least one shard, got " + shards);
        }
    }

    public String shardOf(String connectionId) {
        return "due-" + Math.floorMod(connectionId.hashCode(), shards);
    }

    public List<String> allShards() {
        return IntStream.range(0, shards).mapToObj(i -> "due-" + i).toList();
    }

    /** The earlier of the two times; null when neither is set. */
    public static Instant dueAt(Instant nextSyncAt, Instant nextReconcileAt) {
        if (nextSyncAt == null) {
            return nextReconcileAt;
        }
        return nextReconcileAt == null || nextSyncAt.isBefore(nextReconcileAt) ? nextSyncAt : nextReconcileAt;
    }

    /** The index attributes of a connection due at {@code dueAt}; empty when it is never due. */
    public Map<String, AttributeValue> attributes(String connectionId, Instant dueAt) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        if (dueAt != null) {
            attributes.put(SHARD, AttributeValue.fromS(shardOf(connectionId)));
            attributes.put(DUE_AT, AttributeValues.millis(dueAt));
        }
        return attributes;
    }
}
