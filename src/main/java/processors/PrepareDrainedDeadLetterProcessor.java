package processors;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import model.JobState;
import model.Json;
import state.Job;
import state.JobStore;

/**
 * The drain of an SQS dead-letter queue, first half: a message that crashed the worker until SQS moved it to the
 * queue's {@code -dlq} becomes an envelope like the dead-letter channel's, for the same bucket and prefix — one
 * place to look. Its job, if it has a record and has not finished, is marked FAILED here and MOVED_TO_DLQ by
 * {@link MarkJobDeadLetteredProcessor} once the envelope is in S3; the SQS message is deleted only after that.
 * The queue ({@code hot} or {@code cold}) comes in the property {@value #QUEUE}.
 */
public class PrepareDrainedDeadLetterProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareDrainedDeadLetterProcessor.class);
    public static final String QUEUE = "SyncWellDrainedQueue";
    static final String STEP = "sqs-redrive";

    private final JobStore jobs;

    public PrepareDrainedDeadLetterProcessor(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String original = exchange.getMessage().getBody(String.class);
        String queue = exchange.getProperty(QUEUE, "hot", String.class);
        int receives = receiveCount(exchange);
        String reason = "the worker failed on this message " + receives + (receives == 1 ? " time" : " times") + " (SQS redrive)";
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();

        JobMessage message = jobMessage(original);
        Optional<Job> job = message == null ? Optional.empty() : jobs.find(message.jobId());
        if (job.isPresent() && !job.get().state().isFinished()) {
            jobs.transition(message.jobId(), JobStore.Transition.to(JobState.FAILED, "failed at " + STEP + ": " + reason)
                    .error(reason));
            // MarkJobDeadLetteredProcessor marks the job once the envelope is safely stored
            exchange.setProperty(SyncRun.PROPERTY, new SyncRun(message));
        }
        DeadLetter letter = DeadLetter.of(id, message, original, queue, reason, STEP, receives, now);
        LOG.error("job {} dead-lettered from the {} queue's SQS dead-letter queue: {}", letter.jobId(), queue, reason);
        PrepareDeadLetterProcessor.stage(exchange, letter);
    }

    /** SQS's ApproximateReceiveCount of the message as the drain received it (the consumer asks for it). */
    static int receiveCount(Exchange exchange) {
        Map<?, ?> attributes = exchange.getMessage().getHeader(Sqs2Constants.ATTRIBUTES, Map.class);
        if (attributes != null) {
            for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
                if ("ApproximateReceiveCount".equals(String.valueOf(attribute.getKey()))) {
                    try {
                        return Integer.parseInt(String.valueOf(attribute.getValue()).trim());
                    } catch (NumberFormatException notANumber) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private static JobMessage jobMessage(String body) {
        try {
            JobMessage message = Json.MAPPER.readValue(body == null ? "" : body, JobMessage.class);
            return message == null || !message.isComplete() ? null : message;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
