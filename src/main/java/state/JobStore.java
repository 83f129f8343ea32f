package state;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import conflict.PlanSummary;
import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.s;

/** Job records: created QUEUED by the request route, moved along by the worker with a history entry per transition. */
public class JobStore {

    /** How often a waiter reads the jobs again when no job finished in this process (the API may run apart from workers). */
    private static final long RECHECK_MILLIS = 250;

    private final DynamoDbClient dynamo;
    private final String table;
    /** Guards {@link #finishedTransitions}, signalled whenever this process finishes a job. */
    private final Object finishedSignal = new Object();
    private long finishedTransitions;

    public JobStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.jobs();
    }

    public void create(Job job) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(job)).conditionExpression("attribute_not_exists(id)"));
    }

    /** Creates the job unless a job of its id exists (ids derived from what the job is for); whether it did. */
    public boolean createIfAbsent(Job job) {
        try {
            create(job);
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /** Creates many new jobs (fresh ids) in batches ({@link ItemBatches}). */
    public void createAll(List<Job> created) {
        ItemBatches.putAll(dynamo, table, created.stream().map(AttributeValues::item).toList());
    }

    /**
     * A job that has not started and never will (its backfill was cancelled): CANCELLED, if it is still waiting —
     * QUEUED, DEFERRED, or RETRYING between attempts. A job running now finishes.
     *
     * @return whether it was cancelled
     */
    public boolean cancel(String jobId, String detail) {
        try {
            apply(jobId, Transition.to(JobState.CANCELLED, detail), "#state IN (:queued, :deferred, :retrying)",
                    Map.of(":queued", s(JobState.QUEUED.name()), ":deferred", s(JobState.DEFERRED.name()),
                            ":retrying", s(JobState.RETRYING.name())), Map.of());
            return true;
        } catch (ConditionalCheckFailedException startedOrFinished) {
            return false;
        }
    }

    /** What a backfill's progress is made of: each of its windows' state and counts (the index is eventually consistent). */
    public List<BackfillWindow> listByBackfill(String backfillId) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName(Tables.JOBS_BY_BACKFILL)
                        .keyConditionExpression("backfillId = :b")
                        .expressionAttributeValues(Map.of(":b", s(backfillId))))
                .items().stream().map(item -> AttributeValues.fromItem(item, BackfillWindow.class)).toList();
    }

    public Optional<Job> find(String jobId) {
        return fromItem(dynamo.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)).item());
    }

    /** A job's key in the jobs table. */
    public static Map<String, AttributeValue> key(String jobId) {
        return Map.of("id", s(jobId));
    }

    /** The job an item of the jobs table holds; empty for the empty item a read of a missing key answers. */
    public static Optional<Job> fromItem(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.fromItem(item, Job.class));
    }

    public List<Job> listByConnection(String connectionId, int limit) {
        return dynamo.query(b -> b.tableName(table).indexName(Tables.JOBS_BY_CONNECTION)
                        .keyConditionExpression("connectionId = :c")
                        .expressionAttributeValues(Map.of(":c", s(connectionId)))
                        .scanIndexForward(false).limit(limit))
                .items().stream().map(item -> AttributeValues.fromItem(item, Job.class)).toList();
    }

    /** Appends a transition to the job's history and sets its state, plus any of the optional fields given. */
    public void transition(String jobId, Transition transition) {
        apply(jobId, transition, "attribute_exists(id)", Map.of(), Map.of());
    }

    /**
     * As {@link #transition}, but only if no other delivery of the job's message holds it: the job is not finished, and
     * not IN_PROGRESS (or FAILED on its way to the dead letters) since {@code staleBefore} or later. SQS delivers a
     * message twice now and then; without this, both copies would run the job at once and write twice. A holder that
     * died leaves its claim stale, and its message comes back after the visibility timeout; a holder that lives keeps
     * its claim fresh with {@link #renewClaim} however long the job runs.
     *
     * @param holder names this delivery, for {@link #renewClaim}
     * @return whether this delivery now holds the job
     */
    public boolean claim(String jobId, Transition transition, Instant staleBefore, String holder) {
        try {
            apply(jobId, transition, "attribute_exists(id) AND NOT (#state IN (:succeeded, :deadLettered, :cancelled))"
                            + " AND (NOT (#state IN (:inProgress, :failed)) OR updatedAt < :staleBefore)",
                    Map.of(":succeeded", s(JobState.SUCCEEDED.name()), ":deadLettered", s(JobState.MOVED_TO_DLQ.name()),
                            ":cancelled", s(JobState.CANCELLED.name()),
                            ":inProgress", s(JobState.IN_PROGRESS.name()), ":failed", s(JobState.FAILED.name()),
                            ":staleBefore", s(staleBefore.toString())),
                    Map.of("claimHolder", s(holder)));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /**
     * Moves the job's {@code updatedAt} to now while {@code holder} still holds it IN_PROGRESS, so no other delivery
     * of its message takes over a job that merely runs long; the history is not touched.
     *
     * @return false once the job is no longer this holder's (finished, retrying, or claimed by another delivery)
     */
    public boolean renewClaim(String jobId, String holder) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(jobId)))
                    .updateExpression("SET updatedAt = :now")
                    .conditionExpression("#state = :inProgress AND claimHolder = :holder")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":now", s(Instant.now().toString()),
                            ":inProgress", s(JobState.IN_PROGRESS.name()), ":holder", s(holder))));
            return true;
        } catch (ConditionalCheckFailedException released) {
            return false;
        }
    }

    private void apply(String jobId, Transition transition, String condition, Map<String, AttributeValue> conditionValues,
                       Map<String, AttributeValue> alsoSet) {
        Instant now = Instant.now();
        StringBuilder update = new StringBuilder("SET #state = :state, updatedAt = :now, history = list_append(history, :event)");
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":state", s(transition.state().name()));
        values.put(":now", s(now.toString()));
        values.put(":event", AttributeValue.fromL(List.of(AttributeValues.value(
                new JobEvent(transition.state(), now, transition.detail())))));
        if (transition.attempts() != null) {
            update.append(", attempts = :attempts");
            values.put(":attempts", AttributeValue.fromN(transition.attempts().toString()));
        }
        if (transition.window() != null) {
            update.append(", #window = :window");
            values.put(":window", AttributeValues.value(transition.window()));
        }
        if (transition.counts() != null) {
            update.append(", counts = :counts");
            values.put(":counts", AttributeValues.value(transition.counts()));
        }
        if (transition.plan() != null) {
            update.append(", #plan = :plan");
            values.put(":plan", AttributeValues.value(transition.plan()));
        }
        if (transition.deferredUntil() != null) {
            update.append(", deferredUntil = :deferredUntil");
            values.put(":deferredUntil", s(transition.deferredUntil().toString()));
        }
        if (transition.error() != null) {
            update.append(", #error = :error");
            values.put(":error", s(transition.error()));
        }
        alsoSet.forEach((attribute, value) -> {
            update.append(", ").append(attribute).append(" = :").append(attribute);
            values.put(":" + attribute, value);
        });
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        if (transition.window() != null) {
            names.put("#window", "window");
        }
        if (transition.error() != null) {
            names.put("#error", "error");
        }
        if (transition.plan() != null) {
            names.put("#plan", "plan");
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(jobId)))
                .updateExpression(update.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        if (transition.state().isFinished()) {
            synchronized (finishedSignal) {
                finishedTransitions++;
                finishedSignal.notifyAll();
            }
        }
    }

    /**
     * Claims the replay of a dead-lettered job from dead letter {@code deadLetterId}: MOVED_TO_DLQ → QUEUED with
     * "replayed from dead letter <id>" in its history, its last error cleared, and the dead letter's id kept in
     * {@code replayOf}. Also true for the same dead letter again while the job is still QUEUED (a replay cut short
     * before its message was sent); false otherwise — the job is not dead-lettered, or has run since.
     */
    public boolean claimReplay(String jobId, String deadLetterId) {
        Instant now = Instant.now();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(jobId)))
                    .updateExpression("SET #state = :queued, updatedAt = :now, history = list_append(history, :event),"
                            + " replayOf = :dl REMOVE #error, deferredUntil")
                    .conditionExpression("#state = :dlq OR (replayOf = :dl AND #state = :queued)")
                    .expressionAttributeNames(Map.of("#state", "state", "#error", "error"))
                    .expressionAttributeValues(Map.of(":queued", s(JobState.QUEUED.name()), ":dlq",
                            s(JobState.MOVED_TO_DLQ.name()), ":now", s(now.toString()), ":dl", s(deadLetterId),
                            ":event", AttributeValue.fromL(List.of(AttributeValues.value(new JobEvent(JobState.QUEUED, now,
                                    "replayed from dead letter " + deadLetterId)))))));
            return true;
        } catch (ConditionalCheckFailedException notDeadLettered) {
            return false;
        }
    }

    /** The dead letter a job was last replayed from, if any ({@link #claimReplay}). */
    public Optional<String> replayedFrom(String jobId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(jobId))).consistentRead(true)
                .projectionExpression("replayOf")).item();
        return item == null || !item.containsKey("replayOf") ? Optional.empty() : Optional.ofNullable(item.get("replayOf").s());
    }

    /**
     * Waits until all these jobs are finished, or {@code within} has passed, and answers their records as they
     * are then (in the order of {@code jobIds}; a job whose record is gone is left out). A job finished by this
     * process wakes the waiter at once; jobs finished elsewhere are seen by reading the table again every
     * {@value #RECHECK_MILLIS} ms.
     */
    public List<Job> awaitFinished(List<String> jobIds, java.time.Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long seen;
            synchronized (finishedSignal) {
                seen = finishedTransitions;
            }
            List<Job> current = jobIds.stream().map(this::find).flatMap(Optional::stream).toList();
            long left = deadline - System.nanoTime();
            if (current.stream().allMatch(job -> job.state().isFinished()) || left <= 0) {
                return current;
            }
            synchronized (finishedSignal) {
                if (finishedTransitions == seen) {
                    finishedSignal.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), RECHECK_MILLIS)));
                }
            }
        }
    }

    /** A state change and what else it settles about the job; null fields stay as they are. */
    public record Transition(JobState state, String detail, Integer attempts, model.TimeWindow window, JobCounts counts,
                             String error, Instant deferredUntil, PlanSummary plan) {

        public static Transition to(JobState state, String detail) {
            return new Transition(state, detail, null, null, null, null, null, null);
        }

        public Transition plan(PlanSummary plan) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }

        public Transition attempts(int attempts) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }

        public Transition window(model.TimeWindow window) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }

        public Transition counts(JobCounts counts) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }

        public Transition error(String error) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }

        public Transition deferredUntil(Instant deferredUntil) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil, plan);
        }
    }
}
