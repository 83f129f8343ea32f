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
        this.queueUrls = Map.copyOf(queueUrls);
    }

    @Override
    public void process(Exchange exchange) {
        queueUrls.forEach((label, url) -> {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(List.copyOf(STATES.values()))).attributes();
            STATES.forEach((state, attribute) -> gauge(label, state).set(Long.parseLong(attributes.getOrDefault(attribute, "0"))));
        });
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
