package state;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import model.DataType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static state.AttributeValues.millis;
import static state.AttributeValues.s;

/**
 * One job per connection and data type at a time. Two jobs of the same type (a repeated sync request, a burst of
 * pushes, a schedule firing during a manual sync, a backfill window beside a fresh sync) would plan against the same
 * destination snapshot and both write what it lacks — twice, at a destination without client ids. So a job that writes
 * first takes the type's lease on the connection item ({@code status.<type>.runningJobId}, its queue path, and an
 * expiry renewed while it runs, like the job's own claim); another job finding it held waits on its queue. A lease
 * whose holder died lapses at its expiry.
 *
 * <p>Fresh data before history: a hot job that finds a cold one (a backfill window) holding the lease marks the type
 * {@code hotWaitingUntil}, and no cold job takes the lease before then, so the hot job runs next.
 */
public class ConnectionLeases {

    /** The attributes of a lease, for an update expression's REMOVE ({@code #st}, {@code #dt}: status and type). */
    static final String LEASE_ATTRIBUTES = "#st.#dt.runningJobId, #st.#dt.runningPath, #st.#dt.leaseUntil";
    /** The lease is this job's ({@code :j}), or nobody's. */
    static final String HELD_BY_JOB_OR_NOBODY = "(attribute_not_exists(#st.#dt.runningJobId) OR #st.#dt.runningJobId = :j)";
    /** How long a cold job stays out of the way of a hot one waiting for the same type. */
    private static final Duration HOT_PRECEDENCE = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final String table;

    public ConnectionLeases(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.connections();
    }

    /** The outcome of asking for a lease. */
    public sealed interface Outcome {
    }

    /** The job holds the lease; {@code connection} as it is now, cursor included. */
    public record Acquired(Connection connection) implements Outcome {
    }

    /** Another job holds it ({@code holderPath}: hot or cold), or a hot job waits for it and this job is cold. */
    public record Busy(String holderJobId, String holderPath) implements Outcome {
    }

    /** The connection is gone, disabled, or no longer syncs the type: a reason, not a wait. */
    public record Unavailable(String reason) implements Outcome {
    }

    /**
     * Takes the lease of {@code type} on the connection for {@code jobId} until {@code now + lease}: free, lapsed, or
     * this job's already (a redelivery). Only while the connection exists, is enabled and syncs the type.
     *
     * @param path the job's queue: "hot" or "cold"
     */
    public Outcome acquire(String userId, String connectionId, DataType type, String jobId, String path, Instant now,
                           Duration lease) {
        boolean cold = "cold".equals(path);
        String condition = "enabled = :true AND contains(dataTypes, :type) AND attribute_exists(#st.#dt)"
                + " AND (attribute_not_exists(#st.#dt.runningJobId) OR #st.#dt.runningJobId = :j OR #st.#dt.leaseUntil < :now)"
                + (cold ? " AND (attribute_not_exists(#st.#dt.hotWaitingUntil) OR #st.#dt.hotWaitingUntil < :now)" : "");
        // a hot job that starts takes in whatever was waiting: the next request or push queues a job of its own
        String update = "SET #st.#dt.runningJobId = :j, #st.#dt.runningPath = :path, #st.#dt.leaseUntil = :until"
                + (cold ? "" : " REMOVE #st.#dt.hotWaitingUntil, " + WaitingJobs.SLOT_ATTRIBUTES);
        try {
            var answer = dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":type", s(type.id()),
                            ":j", s(jobId), ":path", s(path), ":now", millis(now), ":until", millis(now.plus(lease))))
                    .returnValues(ReturnValue.ALL_NEW));
            return new Acquired(AttributeValues.fromItem(answer.attributes(), Connection.class));
        } catch (ConditionalCheckFailedException refused) {
            return whyRefused(userId, connectionId, type, cold, now);
        }
    }

    private Outcome whyRefused(String userId, String connectionId, DataType type, boolean cold, Instant now) {
        var item = dynamo.getItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return new Unavailable("connection " + connectionId + " no longer exists");
        }
        Optional<String> unavailable = AttributeValues.fromItem(item, Connection.class).unavailableFor(type);
        if (unavailable.isPresent()) {
            return new Unavailable(unavailable.get());
        }
        Map<String, AttributeValue> status = Optional.ofNullable(item.get("status")).map(AttributeValue::m)
                .map(types -> types.get(type.id())).map(AttributeValue::m).orElse(Map.of());
        String holder = Optional.ofNullable(status.get("runningJobId")).map(AttributeValue::s).orElse(null);
        String holderPath = Optional.ofNullable(status.get("runningPath")).map(AttributeValue::s).orElse("hot");
        if (holder == null) {
            // free, but a hot job waits for it and this one is cold
            return new Busy(null, "hot");
        }
        if (!cold && "cold".equals(holderPath)) {
            markHotWaiting(userId, connectionId, type, now);
        }
        return new Busy(holder, holderPath);
    }

    private void markHotWaiting(String userId, String connectionId, DataType type, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("SET #st.#dt.hotWaitingUntil = :until")
                    .conditionExpression("attribute_exists(#st.#dt)")
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":until", millis(now.plus(HOT_PRECEDENCE)))));
        } catch (ConditionalCheckFailedException gone) {
            // the connection went meanwhile; the job finds out when it comes back
        }
    }

    /** Moves the lease's expiry on while {@code jobId} holds it; false once it does not. */
    public boolean renew(String userId, String connectionId, DataType type, String jobId, Instant until) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("SET #st.#dt.leaseUntil = :until")
                    .conditionExpression("#st.#dt.runningJobId = :j")
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId), ":until", millis(until))));
            return true;
        } catch (ConditionalCheckFailedException notHeld) {
            return false;
        }
    }

    /** Gives the lease up if {@code jobId} holds it (a job that stops without recording anything on the connection). */
    public void release(String userId, String connectionId, DataType type, String jobId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("REMOVE " + LEASE_ATTRIBUTES)
                    .conditionExpression("#st.#dt.runningJobId = :j")
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId))));
        } catch (ConditionalCheckFailedException notHeld) {
            // lapsed and taken by another job, or never taken
        }
    }

}
