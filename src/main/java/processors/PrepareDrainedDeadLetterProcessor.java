package processors;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import failures.JobHeldElsewhereException;
import jobs.JobMessage;
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
 *
 * <p>Like the worker, the drain respects a job's live claim: a copy of the message of a job a worker holds now (a
 * duplicate that SQS redrove while the job ran) is left on the {@code -dlq} until the job is finished or its holder is
 * known dead; a copy of a finished job's message is dropped — the job is done, nothing is lost.
 */
public class PrepareDrainedDeadLetterProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareDrainedDeadLetterProcessor.class);
    public static final String QUEUE = "SyncWellDrainedQueue";
    static final String STEP = "sqs-redrive";

    /** Exchange property set when the message is a copy of a finished job's: deleted without an envelope. */
    public static final String DROP = "SyncWellDrainDrop";

    private final JobStore jobs;
    private final Duration claimLease;

    /** @param claimLease how long a job IN_PROGRESS is taken to be held by the worker that claimed it (as the worker does) */
    public PrepareDrainedDeadLetterProcessor(JobStore jobs, Duration claimLease) {
        this.jobs = jobs;
        this.claimLease = claimLease;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String original = exchange.getMessage().getBody(String.class);
        String queue = exchange.getProperty(QUEUE, "hot", String.class);
        int receives = receiveCount(exchange);
        String reason = "the worker failed on this message " + receives + (receives == 1 ? " time" : " times") + " (SQS redrive)";
        Instant now = Instant.now();
        String id = DeadLetterArchive.newId(now);

        JobMessage message = jobMessage(original);
        Optional<Job> job = message == null ? Optional.empty() : jobs.find(message.jobId());
        if (job.isPresent()) {
            // FAILED only as the worker claims a job: not finished, and no live claim on it (atomically)
            if (!jobs.claim(message.jobId(), JobStore.Transition.to(JobState.FAILED, "failed at " + STEP + ": " + reason)
                    .error(reason), now.minus(claimLease), STEP)) {
                Job held = jobs.find(message.jobId()).orElse(job.get());
                if (!held.state().isFinished()) {
                    throw new JobHeldElsewhereException("job " + held.id() + " is held by a worker now");
                }
                LOG.info("job {} already {}: the copy of its message on the {} queue's SQS dead-letter queue is dropped",
                        held.id(), held.state(), queue);
                exchange.setProperty(DROP, true);
                return;
            }
            // MarkJobDeadLetteredProcessor marks the job once the envelope is safely stored
            exchange.setProperty(SyncExchange.JOB, message);
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
