package processors;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.MDC;

import failures.PermanentSyncException;
import jobs.JobMessage;
import metrics.SyncMetrics;
import model.Json;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** consume-SQS: reads the job message; one that cannot be read is a permanent failure (dead letter with the reason). */
public class ReadJobMessageProcessor implements Processor {

    /** Log context keys (MDC) of the job a worker thread is on. */
    public static final String JOB_ID = "jobId";
    public static final String CONNECTION_ID = "connectionId";
    private static final String WORKER_ROUTES = "sync-worker-";

    private final SyncMetrics metrics;

    public ReadJobMessageProcessor(SyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        recordQueueWait(exchange);
        String body = exchange.getMessage().getBody(String.class);
        JobMessage message;
        try {
            message = Json.MAPPER.readValue(body == null ? "" : body, JobMessage.class);
        } catch (IOException e) {
            throw new PermanentSyncException("job message is not valid JSON for a job");
        }
        if (message == null || !message.isComplete()) {
            throw new PermanentSyncException("job message lacks jobId, userId, connectionId or dataType");
        }
        exchange.setProperty(SyncExchange.JOB, message);
        // every log line of the job names it (JSON logs: jobId, connectionId); JobOutcomes clears them
        MDC.put(JOB_ID, message.jobId());
        MDC.put(CONNECTION_ID, message.connectionId());
    }

    /** How long the message waited on its queue before this worker took it (SQS's SentTimestamp): the queue's age. */
    private void recordQueueWait(Exchange exchange) {
        String route = exchange.getFromRouteId();
        Map<?, ?> attributes = exchange.getMessage().getHeader(Sqs2Constants.ATTRIBUTES, Map.class);
        if (route == null || !route.startsWith(WORKER_ROUTES) || attributes == null) {
            return;
        }
        Object sent = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (sent != null) {
            long waited = System.currentTimeMillis() - Long.parseLong(sent.toString());
            metrics.queueWait(route.substring(WORKER_ROUTES.length()), Duration.ofMillis(Math.max(0, waited)));
        }
    }
}
