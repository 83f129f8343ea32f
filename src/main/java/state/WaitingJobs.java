package state;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import model.DataType;
import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static state.AttributeValues.millis;
import static state.AttributeValues.s;

/**
 * At most one hot job a connection and data type waits to start ({@code status.<type>.waitingJobId}): a sync request
 * or a provider's push arriving while one waits is answered with that job, which fetches everything up to the moment it
 * starts anyway. So a user calling {@code /sync} in a loop, or a burst of forged pushes, queues one job, not thousands.
 * The slot empties when a hot job of the type takes the lease ({@link ConnectionLeases}) — from then on new data needs a
 * new job — and a slot older than {@link #STALE_AFTER} (a job lost before it started), or naming a job that is no
 * longer waiting ({@link #TRUSTED_FOR}), is taken over.
 */
public class WaitingJobs {

    /** Longer than SQS's longest delay and a worker's wait for the lease: a waiting job this old has been lost. */
    static final Duration STALE_AFTER = Duration.ofMinutes(20);
    /** The slot's attributes, for an update expression's REMOVE ({@code #st}, {@code #dt}: status and type). */
    static final String SLOT_ATTRIBUTES = "#st.#dt.waitingJobId, #st.#dt.waitingSince";

    /**
     * How long a slot is taken at its word. A job that started empties the slot in the write that gives it the lease,
     * so a slot naming a started or finished job should not be; yet one was once seen, under load, holding a job that
     * had succeeded, and a request answered with it would have synced nothing. Past this age the job is read before a
     * request joins it; younger slots are trusted, so a burst of requests joins without a read — and without taking
     * over a job whose record its request has not written yet.
     */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final String table;
    private final JobStore jobs;

    public WaitingJobs(DynamoDbClient dynamo, Tables tables, JobStore jobs) {
        this.dynamo = dynamo;
        this.table = tables.connections();
        this.jobs = jobs;
    }

    /**
     * Makes each type's job of {@code jobIds} its waiting job where none waits; answers, per type, the id of the job
     * already waiting, or empty where the new one is. One write whatever waits: each slot keeps its job if it has one
     * ({@code if_not_exists}), and the item as written says who holds it.
     */
    public Map<DataType, Optional<String>> claimAll(String userId, String connectionId, Map<DataType, String> jobIds, Instant now) {
        StringBuilder update = new StringBuilder("SET ");
        StringBuilder condition = new StringBuilder();
        Map<String, String> names = new java.util.HashMap<>(Map.of("#st", "status"));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":now", millis(now)));
        int i = 0;
        for (Map.Entry<DataType, String> job : jobIds.entrySet()) {
            String slot = "#st.#t" + i;
            names.put("#t" + i, job.getKey().id());
            values.put(":j" + i, s(job.getValue()));
            update.append(i == 0 ? "" : ", ")
                    .append(slot).append(".waitingJobId = if_not_exists(").append(slot).append(".waitingJobId, :j").append(i).append("), ")
                    .append(slot).append(".waitingSince = if_not_exists(").append(slot).append(".waitingSince, :now)");
            condition.append(i == 0 ? "" : " AND ").append("attribute_exists(").append(slot).append(")");
            i++;
        }
        Map<String, AttributeValue> written;
        try {
            written = dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression(update.toString()).conditionExpression(condition.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException typeGone) {
            // the connection went or stopped syncing one of the types: each on its own
            Map<DataType, Optional<String>> claimed = new java.util.LinkedHashMap<>();
            jobIds.forEach((type, jobId) -> claimed.put(type, claim(userId, connectionId, type, jobId, now)));
            return claimed;
        }
        Map<DataType, Optional<String>> claimed = new java.util.LinkedHashMap<>();
        jobIds.forEach((type, jobId) -> {
            String holder = waitingIn(written, type).orElse(jobId);
            long since = slotOf(written, type).map(slot -> slot.get("waitingSince")).map(v -> Long.parseLong(v.n())).orElse(now.toEpochMilli());
            if (holder.equals(jobId)) {
                claimed.put(type, Optional.empty());
            } else if (since < now.minus(STALE_AFTER).toEpochMilli()) {
                // a waiting job that never started: taken over like an empty slot
                claimed.put(type, claim(userId, connectionId, type, jobId, now));
            } else if (since < now.minus(TRUSTED_FOR).toEpochMilli() && !stillWaits(holder)) {
                claimed.put(type, takeOver(userId, connectionId, type, holder, jobId, now));
            } else {
                claimed.put(type, Optional.of(holder));
            }
        });
        return claimed;
    }

    /**
     * One type on its own, where the write for all of them could not be made (the connection no longer syncs one of
     * them) or a stale slot is taken over: empty when {@code jobId} waits now — or nobody does (the connection went, or
     * the waiting job started meanwhile: the new job then simply runs after it) — else the id of the job waiting.
     */
    private Optional<String> claim(String userId, String connectionId, DataType type, String jobId, Instant now) {
        return claimWhere(userId, connectionId, type, jobId, now, "(attribute_not_exists(#st.#dt.waitingJobId)"
                + " OR #st.#dt.waitingSince < :stale)", Map.of(":stale", millis(now.minus(STALE_AFTER))));
    }

    /**
     * Puts {@code jobId} in the slot in place of {@code heldBy}, a job that no longer waits (it started or ended, yet
     * the slot still names it): answered as {@link #claim}, so that of two requests taking over, one job waits.
     */
    private Optional<String> takeOver(String userId, String connectionId, DataType type, String heldBy, String jobId, Instant now) {
        return claimWhere(userId, connectionId, type, jobId, now, "#st.#dt.waitingJobId = :held", Map.of(":held", s(heldBy)));
    }

    private Optional<String> claimWhere(String userId, String connectionId, DataType type, String jobId, Instant now,
                                        String slotCondition, Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(conditionValues);
        values.put(":j", s(jobId));
        values.put(":now", millis(now));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId))
                    .updateExpression("SET #st.#dt.waitingJobId = :j, #st.#dt.waitingSince = :now")
                    .conditionExpression("attribute_exists(#st.#dt) AND " + slotCondition)
                    .expressionAttributeNames(ConnectionStore.typeNames(type))
                    .expressionAttributeValues(values));
            return Optional.empty();
        } catch (ConditionalCheckFailedException heldOrGone) {
            return waitingIn(read(userId, connectionId), type);
        }
    }

    /** Whether {@code jobId} will still run and fetch up to when it starts: it exists and waits (QUEUED, or between attempts). */
    private boolean stillWaits(String jobId) {
        return jobs.find(jobId).map(Job::state)
                .filter(state -> state == JobState.QUEUED || state == JobState.RETRYING || state == JobState.DEFERRED)
                .isPresent();
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

    private Map<String, AttributeValue> read(String userId, String connectionId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(ConnectionStore.key(userId, connectionId)).consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    private static Optional<String> waitingIn(Map<String, AttributeValue> connection, DataType type) {
        return slotOf(connection, type).map(status -> status.get("waitingJobId")).map(AttributeValue::s);
    }

    private static Optional<Map<String, AttributeValue>> slotOf(Map<String, AttributeValue> connection, DataType type) {
        return Optional.ofNullable(connection.get("status")).map(AttributeValue::m)
                .map(types -> types.get(type.id())).map(AttributeValue::m);
    }
}
