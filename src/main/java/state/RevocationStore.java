package state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.s;

/**
 * Withdrawals of access still to be made ({@link Revocation}). Few at any time — an item lives from an unlink until the
 * provider confirms — so the due ones are found by a scan. Each attempt is claimed first by a conditional write, so
 * two API processes never make the same one at once.
 */
public class RevocationStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public RevocationStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.revocations();
    }

    public void save(Revocation revocation) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(revocation)));
    }

    /** Up to {@code limit} withdrawals whose next attempt is due at {@code now}. */
    public List<Revocation> due(Instant now, int limit) {
        List<Revocation> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .filterExpression("nextAttemptAt <= :now").expressionAttributeValues(Map.of(":now", AttributeValues.millis(now))))
                .items()) {
            due.add(AttributeValues.fromItem(item, Revocation.class));
            if (due.size() >= limit) {
                break;
            }
        }
        return due;
    }

    /**
     * Takes the attempt {@code revocation} is due for: its next attempt moves to {@code retryAt} (where it stays should
     * this process die during the attempt) and its count goes up — only if nobody took it since it was read.
     */
    public boolean claim(Revocation revocation, Instant retryAt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(revocation.id())))
                    .updateExpression("SET nextAttemptAt = :retry, attempts = attempts + :one")
                    .conditionExpression("nextAttemptAt = :seen")
                    .expressionAttributeValues(Map.of(":retry", AttributeValues.millis(retryAt), ":one", num(1),
                            ":seen", num(revocation.nextAttemptAt()))));
            return true;
        } catch (ConditionalCheckFailedException takenOrDone) {
            return false;
        }
    }

    /** The tokens a refresh before the attempt rotated: a later attempt must use those. */
    public void replaceTokens(String id, String encryptedTokens) {
        update(id, "SET encryptedTokens = :t", Map.of(":t", s(encryptedTokens)));
    }

    /** Why the attempt failed; the next one stays where the claim put it. */
    public void failed(String id, String reason) {
        update(id, "SET lastError = :e", Map.of(":e", s(reason)));
    }

    public void delete(String id) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(id))));
    }

    private void update(String id, String expression, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(id))).updateExpression(expression)
                    .conditionExpression("attribute_exists(id)").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException gone) {
            // done meanwhile
        }
    }

    private static AttributeValue num(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
