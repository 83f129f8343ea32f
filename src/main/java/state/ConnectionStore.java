package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.DataType;
import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.s;

/** Connections by user, with the per-data-type cursors updated by conditional writes only. */
public class ConnectionStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public ConnectionStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.connections();
    }

    private static Map<String, AttributeValue> key(String userId, String connectionId) {
        return Map.of("userId", s(userId), "id", s(connectionId));
    }

    public void create(Connection connection) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(connection))
                .conditionExpression("attribute_not_exists(id)"));
    }

    public Optional<Connection> find(String userId, String connectionId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(userId, connectionId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.fromItem(item, Connection.class));
    }

    public List<Connection> list(String userId) {
        return dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", s(userId))).consistentRead(true))
                .items().stream().map(item -> AttributeValues.fromItem(item, Connection.class)).toList();
    }

    /** Saves a changed connection if nobody changed it since {@code expectedVersion} was read. */
    public boolean replace(Connection connection, long expectedVersion) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(connection))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion)))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    public boolean delete(String userId, String connectionId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(userId, connectionId)).conditionExpression("attribute_exists(id)"));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    /** Records the latest job of a data type without moving its cursor. */
    public void recordJob(String userId, String connectionId, DataType type, String jobId, JobState state) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, connectionId))
                    .updateExpression("SET #st.#dt.lastJobId = :j, #st.#dt.lastJobState = :s")
                    .conditionExpression("attribute_exists(#st.#dt)")
                    .expressionAttributeNames(Map.of("#st", "status", "#dt", type.id()))
                    .expressionAttributeValues(Map.of(":j", s(jobId), ":s", s(state.name()))));
        } catch (ConditionalCheckFailedException connectionGoneOrTypeRemoved) {
            // the connection was deleted or the data type removed while the job ran: nothing to record on
        }
    }

    /**
     * Moves the cursor of a data type from {@code expected} (null: never synced) to {@code next} and records
     * the job, atomically. False when someone else moved the cursor meanwhile, or the connection is gone.
     */
    public boolean advanceCursor(String userId, String connectionId, DataType type, Instant expected, Instant next,
                                 String jobId, JobState state) {
        var values = new java.util.HashMap<String, AttributeValue>(Map.of(
                ":next", s(next.toString()), ":j", s(jobId), ":s", s(state.name())));
        String condition;
        if (expected == null) {
            condition = "attribute_exists(#st.#dt) AND attribute_not_exists(#st.#dt.lastSyncTime)";
        } else {
            condition = "#st.#dt.lastSyncTime = :expected";
            values.put(":expected", s(expected.toString()));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, connectionId))
                    .updateExpression("SET #st.#dt.lastSyncTime = :next, #st.#dt.lastJobId = :j, #st.#dt.lastJobState = :s")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#st", "status", "#dt", type.id()))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }
}
