package processors;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.MDC;

import failures.PermanentSyncException;
import model.Json;

/** consume-SQS: reads the job message; one that cannot be read is a permanent failure (dead letter with the reason). */
public class ReadJobMessageProcessor implements Processor {

    /** Log context keys (MDC) of the job a worker thread is on. */
    public static final String JOB_ID = "jobId";
    public static final String CONNECTION_ID = "connectionId";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "read-job-message");
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
        exchange.setProperty(SyncRun.PROPERTY, new SyncRun(message));
        // every log line of the job names it (JSON logs: jobId, connectionId); metrics.JobOutcomes clears them
        MDC.put(JOB_ID, message.jobId());
        MDC.put(CONNECTION_ID, message.connectionId());
    }
}
