package state;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static state.AttributeValues.s;

/**
 * The counters of the application's provider quotas ({@code providers.http.AppQuotas}): one item per provider, limit
 * and window, counting the calls taken in it, shared by every process. Each take is one atomic update; DynamoDB's TTL
 * drops a window's item after it ended.
 */
public class QuotaStore {

    private static final Map<String, String> NAMES = Map.of("#used", "used", "#expiresAt", "expiresAt");

    private final DynamoDbClient dynamo;
    private final String table;

    public QuotaStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.quotas();
    }

    /** Counts one call in the window, whatever its count: the window as it is now (its count is the call's number). */
    public QuotaWindow take(String window, long expiresAt) {
        Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(window)))
                .updateExpression("ADD #used :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":one", number(1), ":expiresAt", number(expiresAt)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return AttributeValues.fromItem(item, QuotaWindow.class);
    }

    /** Counts one call in the window only while fewer than {@code allowed} are counted; false (nothing changed) if not. */
    public boolean takeWithin(String window, long allowed, long expiresAt) {
        if (allowed < 1) {
            return false;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(window)))
                    .updateExpression("ADD #used :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)")
                    .conditionExpression("attribute_not_exists(#used) OR #used < :allowed")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":one", number(1), ":expiresAt", number(expiresAt),
                            ":allowed", number(allowed))));
            return true;
        } catch (ConditionalCheckFailedException used) {
            return false;
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
