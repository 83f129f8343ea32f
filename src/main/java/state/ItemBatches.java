package state;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Writes many items in BatchWriteItem calls of DynamoDB's largest size, trying again what it leaves unprocessed. */
public final class ItemBatches {

    private static final int BATCH = 25;
    private static final int MAX_ROUNDS = 10;

    private ItemBatches() {
    }

    public static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + BATCH)).stream()
                    .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new IllegalStateException("DynamoDB left writes to " + table + " unprocessed " + MAX_ROUNDS + " times");
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }
}
