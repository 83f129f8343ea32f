package state;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.JobState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static state.AttributeValues.s;

/** Job records: created QUEUED by the request route, moved along by the worker with a history entry per transition. */
public class JobStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public JobStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.jobs();
    }

    public void create(Job job) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(job)).conditionExpression("attribute_not_exists(id)"));
    }

    public Optional<Job> find(String jobId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(jobId))).consistentRead(true)).item();
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
        Instant now = Instant.now();
        StringBuilder update = new StringBuilder("SET #state = :state, updatedAt = :now, history = list_append(history, :event)");
        Map<String, AttributeValue> values = new HashMap<>();
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
        if (transition.deferredUntil() != null) {
            update.append(", deferredUntil = :deferredUntil");
            values.put(":deferredUntil", s(transition.deferredUntil().toString()));
        }
        if (transition.error() != null) {
            update.append(", #error = :error");
            values.put(":error", s(transition.error()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        if (transition.window() != null) {
            names.put("#window", "window");
        }
        if (transition.error() != null) {
            names.put("#error", "error");
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(jobId)))
                .updateExpression(update.toString())
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    /** A state change and what else it settles about the job; null fields stay as they are. */
    public record Transition(JobState state, String detail, Integer attempts, model.TimeWindow window, JobCounts counts,
                             String error, Instant deferredUntil) {

        public static Transition to(JobState state, String detail) {
            return new Transition(state, detail, null, null, null, null, null);
        }

        public Transition attempts(int attempts) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil);
        }

        public Transition window(model.TimeWindow window) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil);
        }

        public Transition counts(JobCounts counts) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil);
        }

        public Transition error(String error) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil);
        }

        public Transition deferredUntil(Instant deferredUntil) {
            return new Transition(state, detail, attempts, window, counts, error, deferredUntil);
        }
    }
}
