package processors;

import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive.Stage;
import deadletters.DeadLetterArchive.Stored;
import deadletters.DeadLetterArchive;
import deadletters.DeadLetterReplay.Result;
import deadletters.DeadLetterReplay;
import jobs.JobMessage;
import model.JobState;
import model.Json;
import state.Job;
import state.JobStore;

/**
 * First step of a replay: finds the dead letter, moves it aside to {@code replaying/} and claims the replay in
 * the job record (MOVED_TO_DLQ → QUEUED, "replayed from dead letter <id>", a conditional write), then leaves
 * the job message as queued in the body for the re-send. The order makes a crash at any point safe:
 * <ul>
 * <li>the envelope is always under one of the stages (copy before delete), so it is never lost;</li>
 * <li>the job record says which dead letter it was replayed from, so a replay cut short is finished by
 * replaying the same id again: the message is sent again only while the job still is QUEUED (a duplicate
 * delivery of a job that has not run yet, which the worker tolerates), never once the job has run;</li>
 * <li>a dead letter under {@code replayed/} is never replayed again.</li>
 * </ul>
 * Input: the dead letter's id in the property {@value DeadLetter#ID_PROPERTY} (optionally its key in
 * {@value DeadLetter#KEY_PROPERTY}, or the key in the S3 consumer's header).
 */
public class ClaimDeadLetterReplayProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimDeadLetterReplayProcessor.class);
    /** The same property the dead-letter channel names a new dead letter in. */
    /** The outcome so far ({@link DeadLetterReplay}); REPLAYED until a later step says otherwise. */
    public static final String OUTCOME = "SyncWellReplayOutcome";
    /** True when the job message must go (again) onto its queue. */
    public static final String SEND = "SyncWellReplaySend";
    /** {@code hot} or {@code cold}: the queue the message goes back to. */
    public static final String QUEUE = "SyncWellReplayQueue";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final DeadLetterArchive archive;
    private final JobStore jobs;

    public ClaimDeadLetterReplayProcessor(DeadLetterArchive archive, JobStore jobs) {
        this.archive = archive;
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) {
        String keyHint = exchange.getProperty(DeadLetter.KEY_PROPERTY, String.class);
        if (keyHint == null) {
            keyHint = exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class);
        }
        String id = exchange.getProperty(DeadLetter.ID_PROPERTY, String.class);
        if (id == null) {
            id = DeadLetterArchive.idOf(keyHint).orElse(null);
        }
        // nothing of the caller's (S3 headers, API headers) may travel on as SQS message attributes
        exchange.getMessage().removeHeaders("*");
        exchange.setProperty(SEND, false);
        DeadLetterReplay outcome = claim(id, keyHint, exchange);
        exchange.setProperty(OUTCOME, outcome);
        if (outcome.result() != Result.REPLAYED) {
            LOG.info("dead letter {} not replayed: {}", id, outcome.detail());
        }
    }

    private DeadLetterReplay claim(String id, String keyHint, Exchange exchange) {
        if (id == null || !ID.matcher(id).matches()) {
            return DeadLetterReplay.refused(Result.NOT_FOUND, id, null, "no dead letter " + id);
        }
        Optional<Stored> found = archive.locate(id, keyHint);
        if (found.isEmpty()) {
            return DeadLetterReplay.refused(Result.NOT_FOUND, id, null, "no dead letter " + id);
        }
        Stored stored = found.get();
        DeadLetter letter = stored.letter();
        if (stored.stage() == Stage.REPLAYED) {
            return DeadLetterReplay.refused(Result.ALREADY_REPLAYED, id, letter.jobId(),
                    "dead letter " + id + " was already replayed");
        }
        JobMessage message = messageOf(letter);
        if (message == null) {
            return DeadLetterReplay.refused(Result.NOT_REPLAYABLE, id, letter.jobId(),
                    "dead letter " + id + " holds no readable job message: there is nothing to put back");
        }
        Optional<Job> job = jobs.find(message.jobId());
        if (job.isEmpty()) {
            return DeadLetterReplay.refused(Result.NOT_REPLAYABLE, id, message.jobId(),
                    "job " + message.jobId() + " has no record any more (expired)");
        }
        String key = stored.key();
        if (stored.stage() == Stage.PENDING) {
            if (job.get().state() != JobState.MOVED_TO_DLQ) {
                // e.g. FAILED: its dead-lettering did not finish, so SQS still holds the message and runs it again
                return DeadLetterReplay.refused(Result.NOT_REPLAYABLE, id, message.jobId(),
                        "job " + message.jobId() + " is " + job.get().state() + ", not MOVED_TO_DLQ");
            }
            key = archive.move(key, Stage.REPLAYING);
        }
        boolean send;
        if (jobs.claimReplay(message.jobId(), id)) {
            send = true;
        } else if (jobs.replayedFrom(message.jobId()).filter(id::equals).isPresent()) {
            // replayed before, and the job has run since: only the move to replayed/ is left to do
            send = false;
        } else {
            archive.move(key, Stage.PENDING);
            return DeadLetterReplay.refused(Result.NOT_REPLAYABLE, id, message.jobId(),
                    "job " + message.jobId() + " is " + jobs.find(message.jobId()).map(Job::state).orElse(null)
                            + ", not MOVED_TO_DLQ");
        }
        String queue = "cold".equals(letter.queue()) || (letter.queue() == null && "cold".equals(message.path()))
                ? "cold" : "hot";
        exchange.setProperty(DeadLetter.KEY_PROPERTY, key);
        exchange.setProperty(SEND, send);
        exchange.setProperty(QUEUE, queue);
        exchange.getMessage().setBody(json(message));
        return new DeadLetterReplay(Result.REPLAYED, id, message.jobId(), queue, null);
    }

    private static JobMessage messageOf(DeadLetter letter) {
        if (letter.originalMessage() == null || !letter.originalMessage().isObject()) {
            return null;
        }
        try {
            JobMessage message = Json.MAPPER.treeToValue(letter.originalMessage(), JobMessage.class);
            return message == null || !message.isComplete() ? null : message;
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static String json(JobMessage message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a job message", e);
        }
    }
}
