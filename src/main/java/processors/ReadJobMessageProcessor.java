package processors;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import failures.PermanentSyncException;
import model.Json;

/** consume-SQS: reads the job message; one that cannot be read is a permanent failure (dead letter with the reason). */
public class ReadJobMessageProcessor implements Processor {

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
    }
}
