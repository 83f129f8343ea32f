package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.s;

/** Backfills by id, and a connection's newest first; the progress of each is read from its windows' jobs. */
public class BackfillStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public BackfillStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.backfills();
    }

    public void create(Backfill backfill) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(backfill)).conditionExpression("attribute_not_exists(id)"));
    }

    public Optional<Backfill> find(String id) {
        return fromItem(dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item());
    }

    /** A backfill's key in the backfills table. */
    public static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    /** The backfill an item of the backfills table holds; empty for the empty item a read of a missing key answers. */
    public static Optional<Backfill> fromItem(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.fromItem(item, Backfill.class));
    }

    public List<Backfill> listByConnection(String connectionId, int limit) {
        return dynamo.query(b -> b.tableName(table).indexName(Tables.BACKFILLS_BY_CONNECTION)
                        .keyConditionExpression("connectionId = :c")
                        .expressionAttributeValues(Map.of(":c", s(connectionId)))
                        .scanIndexForward(false).limit(limit))
                .items().stream().map(item -> AttributeValues.fromItem(item, Backfill.class)).toList();
    }

    /** Marks a running backfill cancelled; false when it was not running (cancelled already). */
    public boolean cancel(String id, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(id)))
                    .updateExpression("SET #state = :cancelled, cancelledAt = :at")
                    .conditionExpression("#state = :running")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":cancelled", s(Backfill.CANCELLED), ":running", s(Backfill.RUNNING),
                            ":at", s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException notRunning) {
            return false;
        }
    }
}
