package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import failures.TransientSyncException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * After a SendMessageBatch: SQS answers 200 even when it refused some entries, and names them. A batch not taken
 * whole fails the request that sent it (the caller answers 503 or retries), rather than leaving jobs without messages.
 */
public class CheckBatchSentProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        SendMessageBatchResponse answer = exchange.getMessage().getBody(SendMessageBatchResponse.class);
        if (answer != null && answer.hasFailed() && !answer.failed().isEmpty()) {
            throw new TransientSyncException("the job queue refused " + answer.failed().size() + " message(s): "
                    + answer.failed().get(0).code());
        }
    }
}
