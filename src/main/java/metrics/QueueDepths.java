package metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.micrometer.core.instrument.Gauge;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code syncwell_queue_messages{queue, state}}: how many messages each job queue and its SQS dead-letter queue hold —
 * visible (waiting), in flight (a worker has them) and delayed (deferred jobs) — as SQS's own attributes say, read
 * on the route {@code queue-metrics}'s timer (by API processes: autoscaled workers need not all ask).
 */
public class QueueDepths implements Processor {

    private static final Map<String, QueueAttributeName> STATES = Map.of(
            "visible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            "in_flight", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            "delayed", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final SqsClient sqs;
    private final SyncMetrics metrics;
    /** Metric label (hot, cold, hot-dlq, cold-dlq) → the queue's URL, as resolved at start. */
    private final Map<String, String> queueUrls;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public QueueDepths(SqsClient sqs, SyncMetrics metrics, Map<String, String> queueUrls) {
        this.sqs = sqs;
        this.metrics = metrics;
        this.queueUrls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(queueUrls));
    }

    @Override
    public void process(Exchange exchange) {
        read().forEach((label, states) -> states.forEach((state, count) -> gauge(label, state).set(count)));
    }

    /** Each queue (hot, cold, hot-dlq, cold-dlq) → its messages by state (visible, in_flight, delayed), asked of SQS now. */
    public Map<String, Map<String, Long>> read() {
        Map<String, Map<String, Long>> depths = new java.util.LinkedHashMap<>();
        queueUrls.forEach((label, url) -> {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(List.copyOf(STATES.values()))).attributes();
            Map<String, Long> states = new java.util.TreeMap<>();
            STATES.forEach((state, attribute) -> states.put(state, Long.parseLong(attributes.getOrDefault(attribute, "0"))));
            depths.put(label, states);
        });
        return depths;
    }

    private AtomicLong gauge(String queue, String state) {
        return values.computeIfAbsent(queue + "/" + state, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("syncwell.queue.messages", value, AtomicLong::get)
                    .description("Messages in a job queue, by state, as SQS counts them")
                    .tag("queue", queue).tag("state", state)
                    .register(metrics.registry());
            return value;
        });
    }
}
