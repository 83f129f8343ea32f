package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import failures.PermanentSyncException;
import failures.RateLimitedException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import metrics.SyncMetrics;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import state.Connection;
import state.ConnectionLeases;
import state.DataTypeStatus;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static processors.ProcessorFixtures.connectionStore;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.leaseIsFree;
import static processors.ProcessorFixtures.leases;
import static processors.ProcessorFixtures.linkedUser;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.stepsConnection;

/**
 * {@link MarkJobDeadLetteredProcessor}, the last step of the dead-letter channel and of the drain, against the real job
 * and connection stores and a meter registry of its own: the job is MOVED_TO_DLQ naming its dead letter, a hot job is
 * its type's last job and gives its lease up (a cold window only gives it up), and
 * {@code syncwell_dead_letters_total} counts it by queue and kind of reason — also for a message that was no job.
 */
@ExtendWith(SharedSyncWell.class)
class MarkJobDeadLetteredProcessorTest {

    private static TestUser user;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MarkJobDeadLetteredProcessor processor = new MarkJobDeadLetteredProcessor(jobStore(), connectionStore(),
            leases(), new SyncMetrics(registry));

    @BeforeAll
    static void linkAUser() {
        user = linkedUser();
    }

    @Test
    void aDeadLetteredJobIsMovedToTheDeadLettersNamingItsEnvelope() {
        Connection connection = stepsConnection(user);
        Instant now = Instant.now();
        Job job = jobRecord(connection.userId(), connection.id(), DataType.STEPS, "hot", null, false, JobState.FAILED, 2,
                "googlefit answered 400 to PATCH", now);
        assertThat(leases().acquire(connection.userId(), connection.id(), DataType.STEPS, job.id(), "hot", now,
                Duration.ofMinutes(5))).isInstanceOf(ConnectionLeases.Acquired.class);
        String deadLetterId = DeadLetterArchive.newId(now);
        Exchange exchange = deadLettered(job, deadLetterId, new PermanentSyncException("googlefit answered 400 to PATCH"));

        processor.process(exchange);

        Job moved = reread(job);
        assertThat(moved.state()).isEqualTo(JobState.MOVED_TO_DLQ);
        JobEvent event = lastEvent(moved);
        assertThat(event.state()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(event.detail()).isEqualTo("dead letter " + deadLetterId + " in S3");
        assertThat(moved.error()).as("the reason stays on the job").isEqualTo("googlefit answered 400 to PATCH");
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isEqualTo("dead_lettered");

        DataTypeStatus steps = reread(connection).statusOf(DataType.STEPS);
        assertThat(steps.lastJobId()).isEqualTo(job.id());
        assertThat(steps.lastJobState()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(leaseIsFree(connection, DataType.STEPS)).as("the next job of the type may run").isTrue();
        assertThat(deadLetters("hot", "permanent")).isEqualTo(1.0);
    }

    @Test
    void aDeadLetteredBackfillWindowGivesItsLeaseUpButIsNoTypesLastJob() {
        Connection connection = stepsConnection(user);
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(now.minus(5, ChronoUnit.DAYS), now.minus(4, ChronoUnit.DAYS));
        Job job = jobRecord(connection.userId(), connection.id(), DataType.STEPS, "cold", window, false, JobState.FAILED, 4,
                "fitbit answered 503", now);
        assertThat(leases().acquire(connection.userId(), connection.id(), DataType.STEPS, job.id(), "cold", now,
                Duration.ofMinutes(5))).isInstanceOf(ConnectionLeases.Acquired.class);

        processor.process(deadLettered(job, DeadLetterArchive.newId(now), new TransientSyncException("fitbit answered 503")));

        assertThat(reread(job).state()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(leaseIsFree(connection, DataType.STEPS)).isTrue();
        assertThat(reread(connection).statusOf(DataType.STEPS).lastJobId()).isNull();
        assertThat(deadLetters("cold", "retries_exhausted")).isEqualTo(1.0);
    }

    @Test
    void aJobDrainedFromAnSqsDeadLetterQueueCountsAsRedrivenOnThatQueue() {
        Connection connection = stepsConnection(user);
        Job job = jobRecord(connection.userId(), connection.id(), DataType.STEPS, JobState.FAILED, 1, Instant.now());
        String deadLetterId = DeadLetterArchive.newId(Instant.now());
        Exchange exchange = exchange();
        exchange.setProperty(PrepareDrainedDeadLetterProcessor.QUEUE, "hot");
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(DeadLetter.ID_PROPERTY, deadLetterId);

        processor.process(exchange);

        Job moved = reread(job);
        assertThat(moved.state()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(lastEvent(moved).detail()).isEqualTo("dead letter " + deadLetterId + " in S3");
        assertThat(reread(connection).statusOf(DataType.STEPS).lastJobState()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(deadLetters("hot", "redriven")).isEqualTo(1.0);
    }

    @Test
    void aMessageThatWasNoJobIsCountedButChangesNoJob() {
        Exchange exchange = exchange();
        exchange.setProperty(DeadLetter.ID_PROPERTY, DeadLetterArchive.newId(Instant.now()));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentSyncException("job message is not valid JSON for a job"));

        assertThatCode(() -> processor.process(exchange)).doesNotThrowAnyException();

        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isEqualTo("dead_lettered");
        assertThat(deadLetters("unknown", "permanent")).isEqualTo(1.0);
    }

    @Test
    void aJobWhoseConnectionIsGoneIsStillMovedToTheDeadLetters() {
        Job job = jobRecord(JobState.FAILED);

        processor.process(deadLettered(job, DeadLetterArchive.newId(Instant.now()),
                new ReauthRequiredException("fitbit refused the account's tokens: it must be linked again")));

        assertThat(reread(job).state()).isEqualTo(JobState.MOVED_TO_DLQ);
        assertThat(deadLetters("hot", "reauth_required")).isEqualTo(1.0);
    }

    @Test
    void theCounterNamesTheKindOfReasonInAWord() {
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new ReauthRequiredException("link again"), false))
                .isEqualTo("reauth_required");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new PermanentSyncException("400"), false)).isEqualTo("permanent");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new TransientSyncException("503"), false))
                .isEqualTo("retries_exhausted");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new RateLimitedException("429", Duration.ofSeconds(1)), false))
                .isEqualTo("retries_exhausted");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new IllegalStateException("a bug"), false)).isEqualTo("unexpected");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(null, false)).isEqualTo("unexpected");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(null, true)).as("SQS gave the message up").isEqualTo("redriven");
        assertThat(MarkJobDeadLetteredProcessor.reasonKind(new PermanentSyncException("400"), true)).isEqualTo("permanent");
    }

    /** The exchange as the dead-letter route has it once the envelope is in S3. */
    private static Exchange deadLettered(Job job, String deadLetterId, Exception failure) {
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.setProperty(DeadLetter.ID_PROPERTY, deadLetterId);
        return exchange;
    }

    /** {@code syncwell_dead_letters_total} of one queue and kind of reason, as this test's registry counted it. */
    private double deadLetters(String queue, String reasonKind) {
        return registry.get("syncwell.dead.letters").tags("queue", queue, "reason_kind", reasonKind).counter().count();
    }
}
