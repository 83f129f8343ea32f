package state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The scheduler's side of the connections table. A due run is found in the {@link DueIndex}, then claimed with a
 * conditional write — the connection still due at the time the index showed, and no other scheduler's claim alive — so
 * that of any number of scheduler replicas one handles it. The claim is a short lease ({@value #CLAIM}): a replica that
 * dies holding it leaves the connection due, and another takes it over once the lease lapses; the jobs it queues have
 * ids derived from the run they are for, so a run taken over queues nothing twice. {@link #finish} moves the schedule
 * on, records what was queued or skipped per data type and gives the claim up, in one write.
 */
public class ScheduledRuns {

    /** The attribute of a scheduler's claim: {@code {holder, until}} (epoch milliseconds). */
    static final String CLAIM = "scheduleClaim";
    /** Per data type: the last scheduled sync and reconciliation queued. */
    private static final String SYNC_JOB = "scheduledSyncJobId";
    private static final String RECONCILE_JOB = "reconcileJobId";
    private static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DueIndex due;

    public ScheduledRuns(DynamoDbClient dynamo, Tables tables, DueIndex due) {
        this.dynamo = dynamo;
        this.table = tables.connections();
        this.due = due;
    }

    /** A connection the index shows due at {@code dueAt} (epoch milliseconds). */
    public record Due(String userId, String connectionId, long dueAt) {
    }

    /**
     * A claimed connection as it is now, with what the scheduler needs per data type beyond the API's view: the last
     * scheduled sync and reconciliation it queued, and the job holding the type's lease.
     */
    public record Claimed(Connection connection, long dueAt, Map<DataType, Queued> lastQueued, Map<DataType, Lease> leases) {
    }

    /** The jobs the scheduler last queued for a data type (null: none yet). */
    public record Queued(String syncJobId, String reconcileJobId) {
    }

    /** The job running a data type now ({@link ConnectionLeases}), its queue path, and when its lease lapses. */
    public record Lease(String jobId, String path, Instant until) {
    }

    /**
     * What one run did for a data type: the sync and reconciliation jobs it queued (null: none), and why it passed
     * something by (null: it did not).
     */
    public record TypeOutcome(String syncJobId, String reconcileJobId, DataTypeStatus.Skip skip) {
    }

    /** The connections due by {@code now} in one shard of the index, earliest first, at most {@code limit}. */
    public List<Due> due(String shard, Instant now, int limit) {
        List<Due> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(table).indexName(Tables.CONNECTIONS_BY_DUE_TIME)
                    .keyConditionExpression("#shard = :shard AND #dueAt <= :now")
                    .expressionAttributeNames(Map.of("#shard", DueIndex.SHARD, "#dueAt", DueIndex.DUE_AT))
                    .expressionAttributeValues(Map.of(":shard", s(shard), ":now", millis(now)))
                    .limit(Math.min(PAGE, limit - found.size()))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> found.add(new Due(item.get("userId").s(), item.get("id").s(),
                    Long.parseLong(item.get(DueIndex.DUE_AT).n()))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < limit);
        return found;
    }

    /**
     * Claims a due run for {@code holder} until {@code now + lease}: only if the connection is still due at the time
     * the index showed (nobody handled the run since) and no live claim holds it. Empty when another scheduler has it.
     */
    public Optional<Claimed> claim(Due run, String holder, Instant now, Duration lease) {
        try {
            var answer = dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(run.userId(), run.connectionId()))
                    .updateExpression("SET #claim = :claim")
                    .conditionExpression("#dueAt = :seen AND (attribute_not_exists(#claim) OR #claim.#until < :now)")
                    .expressionAttributeNames(Map.of("#claim", CLAIM, "#until", "until", "#dueAt", DueIndex.DUE_AT))
                    .expressionAttributeValues(Map.of(
                            ":claim", AttributeValue.fromM(Map.of("holder", s(holder), "until", millis(now.plus(lease)))),
                            ":seen", AttributeValue.fromN(Long.toString(run.dueAt())), ":now", millis(now)))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(claimed(answer.attributes(), run.dueAt()));
        } catch (ConditionalCheckFailedException takenOrMoved) {
            return Optional.empty();
        }
    }

    private static Claimed claimed(Map<String, AttributeValue> item, long dueAt) {
        Connection connection = AttributeValues.fromItem(item, Connection.class);
        Map<DataType, Queued> queued = new LinkedHashMap<>();
        Map<DataType, Lease> leases = new LinkedHashMap<>();
        Map<String, AttributeValue> status = item.containsKey("status") ? item.get("status").m() : Map.of();
        for (DataType type : connection.dataTypes()) {
            Map<String, AttributeValue> entry = Optional.ofNullable(status.get(type.id())).map(AttributeValue::m).orElse(Map.of());
            queued.put(type, new Queued(text(entry, SYNC_JOB), text(entry, RECONCILE_JOB)));
            if (entry.containsKey("runningJobId") && entry.containsKey("leaseUntil")) {
                leases.put(type, new Lease(entry.get("runningJobId").s(), text(entry, "runningPath"),
                        Instant.ofEpochMilli(Long.parseLong(entry.get("leaseUntil").n()))));
            }
        }
        return new Claimed(connection, dueAt, queued, leases);
    }

    private static String text(Map<String, AttributeValue> entry, String attribute) {
        return entry.containsKey(attribute) ? entry.get(attribute).s() : null;
    }

    /**
     * Ends a claimed run: the next sync and reconciliation times (null: none), and per data type the jobs queued (kept,
     * its skip cleared) or the skip recorded; the claim given up. False when the claim was lost meanwhile (it lapsed
     * and another scheduler took the run over: it will record the run itself).
     */
    public boolean finish(Claimed run, String holder, Instant nextSyncAt, Instant nextReconcileAt,
                          Map<DataType, TypeOutcome> outcomes) {
        String connectionId = run.connection().id();
        List<String> remove = new ArrayList<>(List.of("#claim"));
        Map<String, String> names = new HashMap<>(Map.of("#claim", CLAIM, "#holder", "holder"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":holder", s(holder)));
        List<String> assignments = new ArrayList<>();
        assign(assignments, remove, values, "nextSyncAt", nextSyncAt == null ? null : s(nextSyncAt.toString()));
        assign(assignments, remove, values, "nextReconcileAt", nextReconcileAt == null ? null : s(nextReconcileAt.toString()));
        Map<String, AttributeValue> index = due.attributes(connectionId, DueIndex.dueAt(nextSyncAt, nextReconcileAt));
        assign(assignments, remove, values, DueIndex.SHARD, index.get(DueIndex.SHARD));
        assign(assignments, remove, values, DueIndex.DUE_AT, index.get(DueIndex.DUE_AT));
        if (!outcomes.isEmpty()) {
            names.put("#st", "status");
        }
        int i = 0;
        for (Map.Entry<DataType, TypeOutcome> entry : outcomes.entrySet()) {
            String type = "#st.#t" + i;
            TypeOutcome outcome = entry.getValue();
            names.put("#t" + i, entry.getKey().id());
            if (outcome.syncJobId() != null) {
                assignments.add(type + "." + SYNC_JOB + " = :sync" + i);
                values.put(":sync" + i, s(outcome.syncJobId()));
            }
            if (outcome.reconcileJobId() != null) {
                assignments.add(type + "." + RECONCILE_JOB + " = :reconcile" + i);
                values.put(":reconcile" + i, s(outcome.reconcileJobId()));
            }
            if (outcome.skip() != null) {
                assignments.add(type + ".skipped = :skip" + i);
                values.put(":skip" + i, AttributeValues.value(outcome.skip()));
            } else {
                remove.add(type + ".skipped");
            }
            i++;
        }
        String expression = (assignments.isEmpty() ? "" : "SET " + String.join(", ", assignments) + " ")
                + "REMOVE " + String.join(", ", remove);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ConnectionStore.key(run.connection().userId(), connectionId))
                    .updateExpression(expression)
                    .conditionExpression("#claim.#holder = :holder")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException claimLost) {
            return false;
        }
    }

    private static void assign(List<String> assignments, List<String> remove, Map<String, AttributeValue> values,
                               String attribute, AttributeValue value) {
        if (value == null) {
            remove.add(attribute);
        } else {
            assignments.add(attribute + " = :" + attribute);
            values.put(":" + attribute, value);
        }
    }

}
