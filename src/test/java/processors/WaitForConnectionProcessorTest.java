package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.ConnectionBusyException;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import model.TimeWindow;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.json;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.newId;
import static processors.ProcessorFixtures.reread;

/**
 * {@link WaitForConnectionProcessor}, where a job goes whose connection and data type another job holds
 * ({@code direct:wait-for-connection}), against the real job store: the job's history says once what it waits for (not
 * again on every return), its message goes back on its own queue after a second or two (hot) or a few (cold), and
 * nothing else of the job changes.
 */
@ExtendWith(SharedSyncWell.class)
class WaitForConnectionProcessorTest {

    private final WaitForConnectionProcessor processor = new WaitForConnectionProcessor(jobStore());

    @Test
    void aJobThatMustWaitSaysSoOnceAndGoesBackOnItsQueueForAMoment() throws Exception {
        Job job = jobRecord(JobState.QUEUED);
        String holder = newId();
        Exchange exchange = busy(job, new ConnectionBusyException("waits for job " + holder + " of the same connection", false));

        processor.process(exchange);

        Job waiting = reread(job);
        assertThat(waiting.state()).isEqualTo(JobState.QUEUED);
        assertThat(waiting.history()).hasSize(2);
        JobEvent event = lastEvent(waiting);
        assertThat(event.state()).isEqualTo(JobState.QUEUED);
        assertThat(event.detail()).isEqualTo("waits for job " + holder + " of the same connection");
        assertThat(waiting.attempts()).as("waiting is no attempt").isEqualTo(job.attempts());

        assertThat(exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class)).isBetween(1, 2);
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class))
                .isEqualTo(messageOf(job));
        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).isEqualTo("hot");
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isEqualTo("requeued");
    }

    @Test
    void aJobWhoseHistoryAlreadySaysItWaitsIsNotNotedAgain() throws Exception {
        Job job = jobRecord(JobState.QUEUED);
        Exchange exchange = busy(job, new ConnectionBusyException("waits for another job of the same connection", true));

        processor.process(exchange);

        Job waiting = reread(job);
        assertThat(waiting.history()).as("nothing written").isEqualTo(job.history());
        assertThat(waiting.updatedAt()).isEqualTo(job.updatedAt());
        assertThat(exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class)).isBetween(1, 2);
        assertThat(exchange.getProperty(SyncExchange.OUTCOME)).isEqualTo("requeued");
    }

    @Test
    void aColdWindowWaitsLongerAndGoesBackOnTheColdQueue() throws Exception {
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(now.minus(10, ChronoUnit.DAYS), now.minus(9, ChronoUnit.DAYS));
        Job job = jobRecord("user-" + newId(), newId(), DataType.SLEEP, "cold", window, false, JobState.QUEUED, 0, null, now);
        Exchange exchange = busy(job, new ConnectionBusyException("waits: a fresh sync of the type comes first", false));

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class)).isBetween(2, 4);
        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).isEqualTo("cold");
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class).window())
                .isEqualTo(window);
    }

    @Test
    void whateverTheBodyHeldTheRequeuedMessageIsTheJobMessageAsQueued() throws Exception {
        Job job = jobRecord(JobState.QUEUED);
        Exchange exchange = busy(job, new ConnectionBusyException("waits for another job", true));
        exchange.getMessage().setBody("{\"records\": [{\"count\": 12}]}");

        processor.process(exchange);

        assertThat(Json.MAPPER.readTree(exchange.getMessage().getBody(String.class)))
                .isEqualTo(Json.MAPPER.valueToTree(messageOf(job)));
    }

    @Test
    void theHotPathWaitsASecondOrTwoAndTheColdOneTwoToFourSeconds() {
        for (int i = 0; i < 200; i++) {
            assertThat(WaitForConnectionProcessor.delay("hot")).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(WaitForConnectionProcessor.delay(null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(WaitForConnectionProcessor.delay("cold")).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
    }

    /** The exchange as the error policy hands it over: the job message read, the busy connection caught. */
    private static Exchange busy(Job job, ConnectionBusyException busy) {
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "enrich");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, busy);
        exchange.getMessage().setBody(json(messageOf(job)));
        return exchange;
    }
}
