package processors;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;

import com.fasterxml.jackson.core.JsonProcessingException;

import jobs.JobMessage;
import model.Json;

/** Prepares the re-send of a job's message to its own queue after {@code delay} ({@code direct:requeue-job}). */
final class JobRequeue {

    /** SQS's longest per-message delay. */
    static final Duration MAX_QUEUE_DELAY = Duration.ofMinutes(15);
    /** Exchange property naming the queue path (hot|cold) the message goes back to. */
    static final String QUEUE_PATH = "SyncWellQueuePath";

    private JobRequeue() {
    }

    /** A longer wait is finished by the next delivery, which finds the job still waiting and sends it back again. */
    static void prepare(Exchange exchange, JobMessage job, Duration delay) throws JsonProcessingException {
        long seconds = Math.min(Math.max(0, delay.toSeconds()), MAX_QUEUE_DELAY.toSeconds());
        exchange.getMessage().setHeader(Sqs2Constants.DELAY_HEADER, Math.toIntExact(seconds));
        // the job message as queued, ids only (whatever the body held when the job stopped)
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(job));
        exchange.setProperty(QUEUE_PATH, job.path());
    }
}
