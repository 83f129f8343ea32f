package state;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.DataType;
import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static state.AttributeValues.s;

/**
 * Connections by user, with the per-data-type cursors updated by conditional writes only. Every write names the
 * attributes it changes, so a settings change, a cursor update, a job's lease ({@link ConnectionLeases}) and the
 * scheduler's bookkeeping ({@link ScheduledRuns}) never undo one another.
 */
public class ConnectionStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final DueIndex due;

    public ConnectionStore(DynamoDbClient dynamo, Tables tables, DueIndex due) {
        this.dynamo = dynamo;
        this.table = tables.connections();
        this.due = due;
    }

    /** A connection's key in the connections table: its user's id and its own. */
    public static Map<String, AttributeValue> key(String userId, String connectionId) {
        return Map.of("userId", s(userId), "id", s(connectionId));
    }

    /** The expression names of a data type's entry in the status map: {@code #st.#dt}. */
    static Map<String, String> typeNames(DataType type) {
        return Map.of("#st", "status", "#dt", type.id());
    }

    public void create(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>(AttributeValues.item(connection));
        item.putAll(due.attributes(connection.id(), DueIndex.dueAt(connection.nextSyncAt(), connection.nextReconcileAt())));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
    }

    public Optional<Connection> find(String userId, String connectionId) {
        return fromItem(dynamo.getItem(b -> b.tableName(table).key(key(userId, connectionId)).consistentRead(true)).item());
    }

    /** The connection an item of the connections table holds; empty for the empty item a read of a missing key answers. */
    public static Optional<Connection> fromItem(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.fromItem(item, Connection.class));
    }

    /** One page of a user's connections, by id: {@code limit} at most, after {@code afterId} when given. */
    public record Page(List<Connection> connections, Optional<String> lastId) {
    }

    /** A page of the user's connections; {@code lastId} is present when more may follow. */
    public Page page(String userId, int limit, Optional<String> afterId) {
        var answer = dynamo.query(b -> {
            b.tableName(table).keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", s(userId)))
                    .consistentRead(true).limit(limit);
            afterId.ifPresent(id -> b.exclusiveStartKey(key(userId, id)));
        });
        List<Connection> connections = answer.items().stream().map(item -> AttributeValues.fromItem(item, Connection.class)).toList();
        boolean more = answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty();
        return new Page(connections, more ? Optional.of(answer.lastEvaluatedKey().get("id").s()) : Optional.empty());
    }

    public List<Connection> list(String userId) {
        return dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", s(userId))).consistentRead(true))
                .items().stream().map(item -> AttributeValues.fromItem(item, Connection.class)).toList();
    }

    /**
     * Writes the settings PATCH changed — and nothing else: cursors and job fields stay as the jobs left them, however
     * long ago {@code current} was read. Refused (empty) when the settings changed since {@code current} was read, or
     * while a scheduler holds the connection for a moment (it is about to move the schedule on). The connection's place
     * in the due index is written again from the times as PATCH knows them: at worst earlier than due, which costs the
     * scheduler a look that finds nothing to queue (a run's jobs have ids of their own, so none is queued twice).
     */
    public Optional<Connection> update(Connection current, ConnectionSettings changed) {
        Instant now = Instant.now();
        StringBuilder set = new StringBuilder("SET dataTypes = :types, conflictStrategy = :strategy,"
                + " conflictStrategies = :strategies, enabled = :enabled, updatedAt = :now, version = :next");
        StringBuilder remove = new StringBuilder();
        Map<String, String> names = new HashMap<>(Map.of("#st", "status", "#claim", ScheduledRuns.CLAIM, "#until", "until"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":types", AttributeValues.value(changed.dataTypes()),
                ":strategy", s(changed.conflictStrategy().name()),
                ":strategies", AttributeValues.value(changed.conflictStrategies()),
                ":enabled", AttributeValue.fromBool(changed.enabled()),
                ":now", s(now.toString()),
                ":next", AttributeValue.fromN(Long.toString(current.version() + 1)),
                ":version", AttributeValue.fromN(Long.toString(current.version())),
                ":nowMillis", AttributeValues.millis(now)));
        setOrRemove(set, remove, values, "schedule", changed.schedule() == null ? null : s(changed.schedule()));
        // whatever the user sets now is their own choice: a reason SyncWell gave for disabling it no longer holds
        setOrRemove(set, remove, values, "disabledReason", null);
        setOrRemove(set, remove, values, "nextSyncAt", changed.nextSyncAt() == null ? null : s(changed.nextSyncAt().toString()));
        Instant reconcileAt = current.nextReconcileAt() != null ? current.nextReconcileAt() : changed.firstReconcile();
        set.append(", nextReconcileAt = if_not_exists(nextReconcileAt, :firstReconcile)");
        values.put(":firstReconcile", s(changed.firstReconcile().toString()));
        Map<String, AttributeValue> index = due.attributes(current.id(), DueIndex.dueAt(changed.nextSyncAt(), reconcileAt));
        setOrRemove(set, remove, values, DueIndex.SHARD, index.get(DueIndex.SHARD));
        setOrRemove(set, remove, values, DueIndex.DUE_AT, index.get(DueIndex.DUE_AT));
        // a data type added gets a status of its own; one it had before keeps its cursor
        for (int i = 0; i < changed.dataTypes().size(); i++) {
            names.put("#t" + i, changed.dataTypes().get(i).id());
            set.append(", #st.#t").append(i).append(" = if_not_exists(#st.#t").append(i).append(", :never)");
        }
        if (!changed.dataTypes().isEmpty()) {
            values.put(":never", AttributeValue.fromM(Map.of()));
        }
        String expression = remove.isEmpty() ? set.toString() : set + " REMOVE " + remove;
        try {
            var answer = dynamo.updateItem(b -> b.tableName(table).key(key(current.userId(), current.id()))
                    .updateExpression(expression)
                    .conditionExpression("version = :version AND (attribute_not_exists(#claim) OR #claim.#until < :nowMillis)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(AttributeValues.fromItem(answer.attributes(), Connection.class));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return Optional.empty();
        }
    }

    private static void setOrRemove(StringBuilder set, StringBuilder remove, Map<String, AttributeValue> values,
                                    String attribute, AttributeValue value) {
        if (value == null) {
            remove.append(remove.isEmpty() ? "" : ", ").append(attribute);
        } else {
            set.append(", ").append(attribute).append(" = :").append(attribute);
            values.put(":" + attribute, value);
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

    /**
     * Disables the user's connections that read from or write to {@code provider}, saying why in {@code disabledReason}
     * (their version moves on, so a PATCH prepared before this is refused); answers how many it disabled.
     */
    public int disableUsing(String userId, String provider, String reason) {
        int disabled = 0;
        for (Connection connection : list(userId)) {
            if (!connection.enabled() || !(connection.source().equals(provider) || connection.destination().equals(provider))) {
                continue;
            }
            try {
                dynamo.updateItem(b -> b.tableName(table).key(key(userId, connection.id()))
                        .updateExpression("SET enabled = :false, disabledReason = :reason, updatedAt = :now, version = version + :one")
                        .conditionExpression("attribute_exists(id)")
                        .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false), ":reason", s(reason),
                                ":now", s(Instant.now().toString()), ":one", AttributeValue.fromN("1"))));
                disabled++;
            } catch (ConditionalCheckFailedException deletedMeanwhile) {
                // nothing left to disable
            }
        }
        return disabled;
    }

    /** The connections of every user that read from or write to {@code provider}: an operator's scan of the table. */
    public List<Connection> usingProvider(String provider) {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                        .filterExpression("#source = :p OR #destination = :p")
                        .expressionAttributeNames(Map.of("#source", "source", "#destination", "destination"))
                        .expressionAttributeValues(Map.of(":p", s(provider))))
                .items().stream().map(item -> AttributeValues.fromItem(item, Connection.class)).toList();
    }

    /**
     * Moves the provider version one end of a connection pinned ({@code source}: its source, else its destination) from
     * {@code from} to {@code to}; {@code unpinnedIsFrom}: a connection stored before pins is on {@code from}. Its
     * version moves on, so a PATCH prepared before is refused. False when the pin moved meanwhile or the connection is gone.
     */
    public boolean repin(Connection connection, boolean source, String from, String to, boolean unpinnedIsFrom) {
        String end = source ? "source" : "destination";
        String provider = source ? connection.source() : connection.destination();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(connection.userId(), connection.id()))
                    .updateExpression("SET #pin = :to, updatedAt = :now, version = version + :one")
                    .conditionExpression("#end = :p AND (#pin = :from" + (unpinnedIsFrom ? " OR attribute_not_exists(#pin))" : ")"))
                    .expressionAttributeNames(Map.of("#end", end, "#pin", end + "Version"))
                    .expressionAttributeValues(Map.of(":p", s(provider), ":from", s(from), ":to", s(to),
                            ":now", s(Instant.now().toString()), ":one", AttributeValue.fromN("1"))));
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    /** Records the latest job of a data type without moving its cursor. */
    public void recordJob(String userId, String connectionId, DataType type, String jobId, JobState state) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, connectionId))
                    .updateExpression("SET #st.#dt.lastJobId = :j, #st.#dt.lastJobState = :s")
                    .conditionExpression("attribute_exists(#st.#dt)")
                    .expressionAttributeNames(typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId), ":s", s(state.name()))));
        } catch (ConditionalCheckFailedException connectionGoneOrTypeRemoved) {
            // the connection was deleted or the data type removed while the job ran: nothing to record on
        }
    }

    /**
     * A job is done with its data type for now (finished, deferred or dead-lettered): records it and gives up its lease
     * ({@link ConnectionLeases}) in one write, so the next job of the type may run. A lease another job holds by now
     * stays.
     */
    public void finishJob(String userId, String connectionId, DataType type, String jobId, JobState state) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, connectionId))
                    .updateExpression("SET #st.#dt.lastJobId = :j, #st.#dt.lastJobState = :s REMOVE " + ConnectionLeases.LEASE_ATTRIBUTES)
                    .conditionExpression("attribute_exists(#st.#dt) AND " + ConnectionLeases.HELD_BY_JOB_OR_NOBODY)
                    .expressionAttributeNames(typeNames(type))
                    .expressionAttributeValues(Map.of(":j", s(jobId), ":s", s(state.name()))));
        } catch (ConditionalCheckFailedException leaseHeldElsewhere) {
            recordJob(userId, connectionId, type, jobId, state);
        }
    }

    /**
     * Moves the cursor of a data type from {@code expected} (null: never synced) to {@code next}, records the job and
     * gives up its lease, atomically. False when someone else moved the cursor meanwhile, or the connection is gone.
     */
    public boolean advanceCursor(String userId, String connectionId, DataType type, Instant expected, Instant next,
                                 String jobId, JobState state) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":next", s(next.toString()), ":j", s(jobId), ":s", s(state.name())));
        String cursorCondition;
        if (expected == null) {
            cursorCondition = "attribute_exists(#st.#dt) AND attribute_not_exists(#st.#dt.lastSyncTime)";
        } else {
            cursorCondition = "#st.#dt.lastSyncTime = :expected";
            values.put(":expected", s(expected.toString()));
        }
        String set = "SET #st.#dt.lastSyncTime = :next, #st.#dt.lastJobId = :j, #st.#dt.lastJobState = :s";
        // the common case in one write; the others (the lease lapsed while the job ran) take a second
        if (update(userId, connectionId, type, set + " REMOVE " + ConnectionLeases.LEASE_ATTRIBUTES,
                cursorCondition + " AND " + ConnectionLeases.HELD_BY_JOB_OR_NOBODY, values)) {
            return true;
        }
        boolean moved = update(userId, connectionId, type, set, cursorCondition, values);
        if (!moved) {
            finishJob(userId, connectionId, type, jobId, state);
        }
        return moved;
    }

    private boolean update(String userId, String connectionId, DataType type, String expression, String condition,
                           Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, connectionId))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeNames(typeNames(type))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notNow) {
            return false;
        }
    }
}
