package processors;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import failures.JobHeldElsewhereException;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static processors.ProcessorFixtures.archive;
import static processors.ProcessorFixtures.claimLease;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.json;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.newId;
import static processors.ProcessorFixtures.putEnvelope;
import static processors.ProcessorFixtures.removeEnvelope;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.stagedEnvelope;
import static processors.ProcessorFixtures.stagedJson;

/**
 * {@link PrepareDrainedDeadLetterProcessor}, the first half of the drain of an SQS dead-letter queue, against the real
 * job store and bucket: a message SQS gave up on becomes an envelope like the dead-letter channel's (its queue, the
 * {@code sqs-redrive} step, SQS's receive count as the attempts) and its job is FAILED; a copy of the message of a job a
 * worker holds now is refused (left on the queue), a copy of a finished job's message is dropped without an envelope,
 * and a message without a job record or without a job at all is archived as it came.
 */
@ExtendWith(SharedSyncWell.class)
class PrepareDrainedDeadLetterProcessorTest {

    private final PrepareDrainedDeadLetterProcessor processor = new PrepareDrainedDeadLetterProcessor(jobStore(), claimLease());
    private final List<DeadLetter> written = new ArrayList<>();

    @AfterEach
    void removeTheEnvelopesThisTestWrote() {
        written.forEach(letter -> removeEnvelope(letter.id(), letter.failedAt()));
    }

    @Test
    void aMessageSqsGaveUpOnBecomesAnEnvelopeAndItsJobFails() throws Exception {
        Job job = jobRecord(JobState.RETRYING);
        Exchange exchange = drained(json(messageOf(job)), "cold", "3");

        processor.process(exchange);

        String reason = "the worker failed on this message 3 times (SQS redrive)";
        Job failed = reread(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo(reason);
        JobEvent event = lastEvent(failed);
        assertThat(event.state()).isEqualTo(JobState.FAILED);
        assertThat(event.detail()).isEqualTo("failed at sqs-redrive: " + reason);
        assertThat(exchange.getProperty(SyncExchange.JOB)).as("for the step that marks it once the envelope is stored")
                .isEqualTo(messageOf(job));
        assertThat(exchange.getProperty(PrepareDrainedDeadLetterProcessor.DROP)).isNull();

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(exchange.getProperty(DeadLetter.ID_PROPERTY)).isEqualTo(letter.id());
        assertThat(letter.jobId()).isEqualTo(job.id());
        assertThat(letter.queue()).isEqualTo("cold");
        assertThat(letter.reason()).isEqualTo(reason);
        assertThat(letter.failedStep()).isEqualTo("sqs-redrive");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.originalMessage()).isEqualTo(Json.MAPPER.valueToTree(messageOf(job)));
        String key = exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class);
        assertThat(key).isEqualTo(DeadLetterArchive.key(DeadLetterArchive.Stage.PENDING, letter.failedAt(), letter.id()));

        // in the same bucket and prefix as the dead-letter channel's envelopes: one place to look
        putEnvelope(letter, DeadLetterArchive.Stage.PENDING);
        assertThat(archive().locate(letter.id(), null).orElseThrow().letter()).isEqualTo(letter);
    }

    @Test
    void aCopyOfTheMessageOfAJobAWorkerHoldsNowIsLeftOnTheQueue() {
        Job running = jobRecord(JobState.IN_PROGRESS);

        assertThatThrownBy(() -> processor.process(drained(json(messageOf(running)), "hot", "2")))
                .isInstanceOf(JobHeldElsewhereException.class)
                .hasMessage("job " + running.id() + " is held by a worker now");

        Job untouched = reread(running);
        assertThat(untouched.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(untouched.history()).hasSize(1);
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverAndFails() throws Exception {
        Instant longAgo = Instant.now().minus(claimLease()).minus(5, ChronoUnit.MINUTES);
        Job abandoned = jobRecord("user-" + newId(), newId(), DataType.WEIGHT, JobState.IN_PROGRESS, 1, longAgo);
        Exchange exchange = drained(json(messageOf(abandoned)), "hot", "5");

        processor.process(exchange);

        written.add(stagedEnvelope(exchange));
        Job failed = reread(abandoned);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("the worker failed on this message 5 times (SQS redrive)");
    }

    @Test
    void aCopyOfAFinishedJobsMessageIsDroppedWithoutAnEnvelope() throws Exception {
        Job finished = jobRecord(JobState.SUCCEEDED);
        String body = json(messageOf(finished));
        Exchange exchange = drained(body, "hot", "4");

        processor.process(exchange);

        assertThat(exchange.getProperty(PrepareDrainedDeadLetterProcessor.DROP)).isEqualTo(true);
        assertThat(exchange.getProperty(DeadLetter.ID_PROPERTY)).isNull();
        assertThat(exchange.getMessage().getHeader(AWS2S3Constants.KEY)).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(body);
        Job untouched = reread(finished);
        assertThat(untouched.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(untouched.history()).hasSize(1);
    }

    @Test
    void aMessageWhoseJobHasNoRecordIsArchivedWithoutMarkingAnyJob() throws Exception {
        JobMessage message = new JobMessage(newId(), "user-" + newId(), newId(), DataType.STEPS, "hot", null, "api", false);
        Exchange exchange = drained(json(message), "hot", "1");

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(exchange.getProperty(SyncExchange.JOB)).as("no job to mark afterwards").isNull();
        assertThat(letter.jobId()).isEqualTo(message.jobId());
        assertThat(letter.reason()).isEqualTo("the worker failed on this message 1 time (SQS redrive)");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(jobStore().find(message.jobId())).isEmpty();
    }

    @Test
    void anUnreadableMessageIsArchivedAsText() throws Exception {
        Exchange exchange = drained("{not a job", "hot", "2");

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.jobId()).isNull();
        assertThat(stagedJson(exchange).get("originalMessage").isNull()).as("no message to keep as JSON").isTrue();
        assertThat(letter.unreadableMessage()).isEqualTo("{not a job");
        assertThat(letter.queue()).isEqualTo("hot");
        assertThat(exchange.getProperty(SyncExchange.JOB)).isNull();
    }

    @Test
    void withoutItsQueueOrReceiveCountTheMessageCountsAsTheHotQueuesNeverReceived() throws Exception {
        Exchange exchange = exchange();
        exchange.getMessage().setBody("{\"not\": \"a job\"}");

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.queue()).isEqualTo("hot");
        assertThat(letter.attempts()).isZero();
        assertThat(letter.reason()).isEqualTo("the worker failed on this message 0 times (SQS redrive)");
        assertThat(letter.originalMessage()).isEqualTo(Json.MAPPER.readTree("{\"not\": \"a job\"}"));
    }

    @Test
    void theReceiveCountIsReadFromSqsAttributesWhateverTheirKeys() {
        assertThat(PrepareDrainedDeadLetterProcessor.receiveCount(withAttributes(
                Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "7")))).isEqualTo(7);
        assertThat(PrepareDrainedDeadLetterProcessor.receiveCount(withAttributes(Map.of("ApproximateReceiveCount", " 2 "))))
                .isEqualTo(2);
        assertThat(PrepareDrainedDeadLetterProcessor.receiveCount(withAttributes(Map.of("ApproximateReceiveCount", "many"))))
                .isZero();
        assertThat(PrepareDrainedDeadLetterProcessor.receiveCount(withAttributes(
                Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, "1700000000000")))).isZero();
        assertThat(PrepareDrainedDeadLetterProcessor.receiveCount(exchange())).isZero();
    }

    /** A message as the drain's SQS consumer hands it over: its body, the queue it drains, SQS's receive count. */
    private static Exchange drained(String body, String queue, String receiveCount) {
        Exchange exchange = withAttributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, receiveCount));
        exchange.getMessage().setBody(body);
        exchange.setProperty(PrepareDrainedDeadLetterProcessor.QUEUE, queue);
        return exchange;
    }

    private static Exchange withAttributes(Map<?, ?> attributes) {
        Exchange exchange = exchange();
        exchange.getMessage().setHeader(Sqs2Constants.ATTRIBUTES, attributes);
        return exchange;
    }
}
