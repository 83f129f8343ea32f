package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.RateLimitedException;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import model.TimeWindow;
import state.Connection;
import state.ConnectionLeases;
import state.DataTypeStatus;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.connectionStore;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.json;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.leaseIsFree;
import static processors.ProcessorFixtures.leases;
import static processors.ProcessorFixtures.linkedUser;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.stepsConnection;

/**
 * {@link DeferJobProcessor}, where a rate-limited job goes ({@code direct:defer-job}), against the real job and
 * connection stores: the job is DEFERRED until the provider's window resets (plus jitter) and says so, its data type's
 * lease is given up and a hot job is recorded as the type's last job, and the exchange is ready for the re-send (SQS
 * delay header, the job message as body, its queue). A cold window only gives its lease up; a dry run leaves the
 * connection alone; a wait beyond SQS's longest delay is cut to it.
 */
@ExtendWith(SharedSyncWell.class)
class DeferJobProcessorTest {

    private static TestUser user;

    private final DeferJobProcessor processor = new DeferJobProcessor(jobStore(), connectionStore(), leases());

    @BeforeAll
    static void linkAUser() {
        user = linkedUser();
    }

    @Test
    void aRateLimitedJobIsDeferredUntilTheProvidersWindowResets() throws Exception {
        Connection connection = stepsConnection(user);
        Job job = runningHotJob(connection);
        Exchange exchange = failedWith(job, new RateLimitedException("fitbit answered 429 (too many requests)",
                Duration.ofSeconds(30)));
        Instant before = Instant.now();

        processor.process(exchange);

        Instant after = Instant.now();
        Job deferred = reread(job);
        assertThat(deferred.state()).isEqualTo(JobState.DEFERRED);
        // at least the provider's 30 s, at most a fifth more plus a second of jitter
        assertThat(deferred.deferredUntil()).isBetween(before.plusSeconds(30), after.plusSeconds(37));
        JobEvent event = lastEvent(deferred);
        assertThat(event.state()).isEqualTo(JobState.DEFERRED);
        assertThat(event.detail()).isEqualTo("fitbit answered 429 (too many requests); runs again after "
                + deferred.deferredUntil());

        int delay = exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class);
        assertThat(delay).isBetween(30, 37);
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class))
                .isEqualTo(messageOf(job));
        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).isEqualTo("hot");
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isEqualTo("deferred");
    }

    @Test
    void aDeferredHotJobGivesItsLeaseUpAndIsTheTypesLastJob() throws Exception {
        Connection connection = stepsConnection(user);
        Job job = runningHotJob(connection);
        assertThat(leaseIsFree(connection, DataType.STEPS)).as("the running job holds the lease").isFalse();

        processor.process(failedWith(job, new RateLimitedException("googlefit answered 429", Duration.ofSeconds(5))));

        DataTypeStatus steps = reread(connection).statusOf(DataType.STEPS);
        assertThat(steps.lastJobId()).isEqualTo(job.id());
        assertThat(steps.lastJobState()).isEqualTo(JobState.DEFERRED);
        assertThat(steps.lastSyncTime()).as("the cursor does not move").isNull();
        assertThat(leaseIsFree(connection, DataType.STEPS)).as("the next job of the type may run").isTrue();
    }

    @Test
    void aDeferredBackfillWindowGivesItsLeaseUpButLeavesTheStatusToFreshSyncs() throws Exception {
        Connection connection = stepsConnection(user);
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(now.minus(3, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS));
        Job job = jobRecord(connection.userId(), connection.id(), DataType.STEPS, "cold", window, false,
                JobState.IN_PROGRESS, 1, null, now);
        assertThat(leases().acquire(connection.userId(), connection.id(), DataType.STEPS, job.id(), "cold", now,
                Duration.ofMinutes(5))).isInstanceOf(ConnectionLeases.Acquired.class);
        Exchange exchange = failedWith(job, new RateLimitedException("strava answered 429", Duration.ofSeconds(2)));

        processor.process(exchange);

        assertThat(reread(job).state()).isEqualTo(JobState.DEFERRED);
        assertThat(leaseIsFree(connection, DataType.STEPS)).isTrue();
        assertThat(reread(connection).statusOf(DataType.STEPS).lastJobId()).as("no window is a type's last job").isNull();
        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).as("back on the cold queue").isEqualTo("cold");
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class).window())
                .isEqualTo(window);
    }

    @Test
    void aDeferredDryRunLeavesTheConnectionAlone() throws Exception {
        Connection connection = stepsConnection(user);
        Job dryRun = jobRecord(connection.userId(), connection.id(), DataType.STEPS, "hot", null, true,
                JobState.IN_PROGRESS, 1, null, Instant.now());

        processor.process(failedWith(dryRun, new RateLimitedException("fitbit answered 429", Duration.ofSeconds(1))));

        assertThat(reread(dryRun).state()).isEqualTo(JobState.DEFERRED);
        assertThat(reread(connection).statusOf(DataType.STEPS)).isEqualTo(DataTypeStatus.never());
    }

    @Test
    void aWaitLongerThanSqsCanDelayIsCutToFifteenMinutesButTheJobKnowsTheWholeWait() throws Exception {
        Connection connection = stepsConnection(user);
        Job job = runningHotJob(connection);
        Exchange exchange = failedWith(job, new RateLimitedException("strava's daily limit is spent", Duration.ofHours(2)));
        Instant before = Instant.now();

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class)).isEqualTo(900);
        assertThat(reread(job).deferredUntil()).isAfterOrEqualTo(before.plus(2, ChronoUnit.HOURS));
    }

    @Test
    void whateverTheBodyHeldTheRequeuedMessageIsTheJobMessageAsQueued() throws Exception {
        Connection connection = stepsConnection(user);
        Job job = runningHotJob(connection);
        Exchange exchange = failedWith(job, new RateLimitedException("fitbit answered 429", Duration.ofSeconds(1)));
        exchange.getMessage().setBody("[{\"steps\": 1234, \"provider answer\": true}]");

        processor.process(exchange);

        assertThat(Json.MAPPER.readTree(exchange.getMessage().getBody(String.class)))
                .isEqualTo(Json.MAPPER.valueToTree(messageOf(job)));
    }

    @Test
    void theJitterIsAtLeastASecondAndAtMostAFifthMorePlusOne() {
        for (int i = 0; i < 200; i++) {
            assertThat(DeferJobProcessor.withJitter(Duration.ZERO).toSeconds()).isBetween(1L, 2L);
            assertThat(DeferJobProcessor.withJitter(Duration.ofMillis(400)).toSeconds()).isBetween(1L, 2L);
            assertThat(DeferJobProcessor.withJitter(Duration.ofSeconds(10)).toSeconds()).isBetween(10L, 13L);
            assertThat(DeferJobProcessor.withJitter(Duration.ofSeconds(100)).toSeconds()).isBetween(100L, 121L);
        }
    }

    /** A hot job of the connection's steps that a worker runs now: IN_PROGRESS, holding the type's lease. */
    private static Job runningHotJob(Connection connection) {
        Instant now = Instant.now();
        Job job = jobRecord(connection.userId(), connection.id(), DataType.STEPS, JobState.IN_PROGRESS, 1, now);
        assertThat(leases().acquire(connection.userId(), connection.id(), DataType.STEPS, job.id(), "hot", now,
                Duration.ofMinutes(5))).isInstanceOf(ConnectionLeases.Acquired.class);
        return job;
    }

    /** The exchange as the error policy hands it over: the job message read, the 429 caught. */
    private static Exchange failedWith(Job job, RateLimitedException limited) {
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "fetch-source");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, limited);
        exchange.getMessage().setBody(json(messageOf(job)));
        return exchange;
    }
}
