package processors;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import conflict.SyncPlan;
import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.JobState;
import model.Json;
import model.Provenance;
import model.StepsRecord;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.archive;
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
import static processors.ProcessorFixtures.storedJson;

/**
 * {@link PrepareDeadLetterProcessor}, the first half of the dead-letter channel, against the real job store and bucket:
 * the job is FAILED with the step and the reason (and the plan its last attempt was about to write), and the exchange
 * holds the envelope keyed under {@code dead-letters/<day>/<id>.json}, which the archive finds once it is written there:
 * the job message as queued (ids only, whatever the body held), the reason, the failed step and the attempts, never a
 * token or a health value. A message that is no job message is archived as it came; an unexpected error shows only its
 * kind.
 */
@ExtendWith(SharedSyncWell.class)
class PrepareDeadLetterProcessorTest {

    /** A step count no other test uses, to be found nowhere in what the dead-letter channel writes. */
    private static final long STEP_COUNT = 7_654_321;

    private final PrepareDeadLetterProcessor processor = new PrepareDeadLetterProcessor(jobStore(), ProcessorFixtures.recordLedger());
    private final List<DeadLetter> written = new ArrayList<>();

    @AfterEach
    void removeTheEnvelopesThisTestWrote() {
        written.forEach(letter -> removeEnvelope(letter.id(), letter.failedAt()));
    }

    @Test
    void aPermanentlyFailedJobIsFailedAndItsEnvelopeSaysWhereWhyAndAfterHowManyAttempts() throws Exception {
        Job job = jobRecord("user-" + newId(), newId(), DataType.STEPS, JobState.IN_PROGRESS, 3, Instant.now());
        Exchange exchange = exchange();
        exchange.getMessage().setBody(json(messageOf(job)));
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("googlefit answered 400 to PATCH"));
        Instant before = Instant.now();

        processor.process(exchange);

        Job failed = reread(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("googlefit answered 400 to PATCH");
        JobEvent event = lastEvent(failed);
        assertThat(event.state()).isEqualTo(JobState.FAILED);
        assertThat(event.detail()).isEqualTo("failed at write: googlefit answered 400 to PATCH");

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.id()).as("the UTC day, then a UUID").matches("\\d{8}Z-[0-9a-f-]{36}");
        assertThat(exchange.getProperty(DeadLetter.ID_PROPERTY)).isEqualTo(letter.id());
        assertThat(letter.jobId()).isEqualTo(job.id());
        assertThat(letter.userId()).isEqualTo(job.userId());
        assertThat(letter.connectionId()).isEqualTo(job.connectionId());
        assertThat(letter.dataType()).isEqualTo("steps");
        assertThat(letter.queue()).isEqualTo("hot");
        assertThat(letter.reason()).isEqualTo("googlefit answered 400 to PATCH");
        assertThat(letter.failedStep()).isEqualTo("write");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.failedAt()).isBetween(before, Instant.now());
        assertThat(letter.originalMessage()).isEqualTo(Json.MAPPER.valueToTree(messageOf(job)));
        assertThat(letter.unreadableMessage()).isNull();

        String key = exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class);
        assertThat(key).isEqualTo(DeadLetterArchive.key(DeadLetterArchive.Stage.PENDING, letter.failedAt(), letter.id()));
        assertThat(key).startsWith("dead-letters/").endsWith("/" + letter.id() + ".json");
        assertThat(exchange.getMessage().getHeader(AWS2S3Constants.CONTENT_TYPE)).isEqualTo("application/json");

        // written where the route writes it, the archive finds it by its id alone
        putEnvelope(letter, DeadLetterArchive.Stage.PENDING);
        DeadLetterArchive.Stored stored = archive().locate(letter.id(), null).orElseThrow();
        assertThat(stored.key()).isEqualTo(key);
        assertThat(stored.stage()).isEqualTo(DeadLetterArchive.Stage.PENDING);
        assertThat(stored.letter()).isEqualTo(letter);
    }

    @Test
    void theEnvelopeHoldsTheJobMessageOnlyNeverATokenOrAHealthValue() throws Exception {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        // whatever the body holds by now (a provider's answer, a request with its credentials): not archived
        exchange.getMessage().setBody("{\"jobId\": \"" + job.id() + "\", \"accessToken\": \"not-a-real-access-token\","
                + " \"records\": [{\"count\": " + STEP_COUNT + "}]}");
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        exchange.setProperty(SyncExchange.PLAN, planCreating(STEP_COUNT));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("googlefit refused the data point"));

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        String key = putEnvelope(letter, DeadLetterArchive.Stage.PENDING);
        String archived = storedJson(key);
        assertThat(archived).contains(job.id()).contains("googlefit refused the data point");
        assertThat(archived).doesNotContain("not-a-real-access-token").doesNotContainIgnoringCase("token")
                .doesNotContain("Bearer").doesNotContain(Long.toString(STEP_COUNT));
        assertThat(letter.originalMessage()).isEqualTo(Json.MAPPER.valueToTree(messageOf(job)));
    }

    @Test
    void theFailedJobKeepsThePlanItsLastAttemptWasAboutToWriteWithoutItsValues() throws Exception {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.getMessage().setBody(json(messageOf(job)));
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        exchange.setProperty(SyncExchange.PLAN, planCreating(STEP_COUNT));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("googlefit answered 400 to PATCH"));

        processor.process(exchange);
        written.add(stagedEnvelope(exchange));

        Job failed = reread(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.plan()).isNotNull();
        assertThat(failed.plan().get("create").asInt()).isEqualTo(1);
        assertThat(failed.plan().toString()).doesNotContain(Long.toString(STEP_COUNT));
    }

    @Test
    void anUnexpectedErrorIsArchivedByItsKindOnly() throws Exception {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.getMessage().setBody(json(messageOf(job)));
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "resolve");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException("record " + STEP_COUNT + " steps at 10:00"));

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.reason()).isEqualTo("unexpected IllegalArgumentException (see the worker log)");
        assertThat(letter.failedStep()).isEqualTo("resolve");
        Job failed = reread(job);
        assertThat(failed.error()).isEqualTo("unexpected IllegalArgumentException (see the worker log)");
        assertThat(json(letter)).doesNotContain(Long.toString(STEP_COUNT));
    }

    @Test
    void aMessageThatIsNoJobMessageIsArchivedAsTextFailedAtConsume() throws Exception {
        Exchange exchange = exchange();
        exchange.getMessage().setBody("{not a job");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("job message is not valid JSON for a job"));

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.jobId()).isNull();
        assertThat(letter.userId()).isNull();
        assertThat(letter.connectionId()).isNull();
        assertThat(letter.dataType()).isNull();
        assertThat(letter.queue()).isNull();
        assertThat(stagedJson(exchange).get("originalMessage").isNull()).as("no message to keep as JSON").isTrue();
        assertThat(letter.unreadableMessage()).isEqualTo("{not a job");
        assertThat(letter.reason()).isEqualTo("job message is not valid JSON for a job");
        assertThat(letter.failedStep()).as("it failed before any step").isEqualTo("consume");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class)).startsWith("dead-letters/");
    }

    @Test
    void aJsonObjectThatIsNoJobMessageIsArchivedAsItCame() throws Exception {
        String body = "{\"jobId\": \"only-an-id\"}";
        Exchange exchange = exchange();
        exchange.getMessage().setBody(body);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new PermanentSyncException("job message lacks jobId, userId, connectionId or dataType"));

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.originalMessage()).isEqualTo(Json.MAPPER.readTree(body));
        assertThat(letter.unreadableMessage()).isNull();
        assertThat(letter.jobId()).as("not read as a job").isNull();
    }

    @Test
    void aTooLongBodyIsKeptBounded() throws Exception {
        String body = "x".repeat(10_000);
        Exchange exchange = exchange();
        exchange.getMessage().setBody(body);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("job message is not valid JSON for a job"));

        processor.process(exchange);

        DeadLetter letter = stagedEnvelope(exchange);
        written.add(letter);
        assertThat(letter.unreadableMessage()).hasSize(4096 + 3).startsWith("xxx").endsWith("...");
    }

    /** A plan that creates one steps record of {@code count} steps. */
    private static SyncPlan planCreating(long count) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        HealthRecord steps = new StepsRecord(start, start.plus(1, ChronoUnit.MINUTES), count, ZoneOffset.UTC,
                new Provenance("fitbit", "fitbit-record-1", null));
        return new SyncPlan(List.of(steps), List.of(), List.of());
    }
}
