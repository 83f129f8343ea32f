package state;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import model.DataType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.millis;
import static state.AttributeValues.s;

/**
 * At most one hot job a connection and data type waits to start ({@code status.<type>.waitingJobId}): a sync request
 * or a provider's push arriving while one waits is answered with that job, which fetches everything up to the moment it
 * starts anyway. So a user calling {@code /sync} in a loop, or a burst of forged pushes, queues one job, not thousands.
 * The slot empties when a hot job of the type takes the lease ({@link ConnectionLeases}) — from then on new data needs a
 * new job — and a slot older than {@link #STALE_AFTER} (a job lost before it started) is taken over.
 */
public class WaitingJobs {

    /** Longer than SQS's longest delay and a worker's wait for the lease: a waiting job this old has been lost. */
    static final Duration STALE_AFTER = Duration.ofMinutes(20);
    /** The slot's attributes, for an update expression's REMOVE ({@code #st}, {@code #dt}: status and type). */
    static final String SLOT_ATTRIBUTES = "#st.#dt.waitingJobId, #st.#dt.waitingSince";

    private final DynamoDbClient dynamo;
    private final String table;

    public WaitingJobs(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.connections();
    }

    /**
     * Makes {@code jobId} the type's waiting job if none waits. Empty when it did (or the connection no longer syncs the
     * type: the job finds out itself); otherwise the id of the job already waiting.
     */
    public Optional<String> claim(String userId, String connectionId, DataType type, String jobId, Instant now) {
        // refused, then found empty: the waiting job started in between, so the slot is free again — ask once more
        for (int attempt = 0; attempt < 3; attempt++) {
            if (tryClaim(userId, connectionId, type, jobId, now)) {
                return Optional.empty();
            }
            Optional<String> waiting = waiting(userId, connectionId, type);
            if (waiting.isPresent()) {
                return waiting;
            }
        }
        // no status for the type: the connection went or stopped syncing it, which the job itself will report
        return Optional.empty();
    }

    private boolean tryClaim(String userId, String connectionId, DataType type, String jobId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("SET #st.#dt.waitingJobId = :j, #st.#dt.waitingSince = :now")
                    .conditionExpression("attribute_exists(#st.#dt) AND (attribute_not_exists(#st.#dt.waitingJobId)"
                            + " OR #st.#dt.waitingSince < :stale)")
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId), ":now", millis(now), ":stale", millis(now.minus(STALE_AFTER)))));
            return true;
        } catch (ConditionalCheckFailedException heldOrGone) {
            return false;
        }
    }

    /** Empties the slot if {@code jobId} holds it: its job could not be queued after all. */
    public void release(String userId, String connectionId, DataType type, String jobId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("REMOVE " + SLOT_ATTRIBUTES)
                    .conditionExpression("#st.#dt.waitingJobId = :j")
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId))));
        } catch (ConditionalCheckFailedException notHeld) {
            // taken over meanwhile, or the connection went
        }
    }

    private Optional<String> waiting(String userId, String connectionId, DataType type) {
        var item = dynamo.getItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId)).consistentRead(true))
                .item();
        return Optional.ofNullable(item).map(i -> i.get("status")).map(AttributeValue::m)
                .map(types -> types.get(type.id())).map(AttributeValue::m)
                .map(status -> status.get("waitingJobId")).map(AttributeValue::s);
    }
}
