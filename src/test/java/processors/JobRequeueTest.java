package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobs.JobMessage;
import model.DataType;
import model.Json;
import model.TimeWindow;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.newId;

/**
 * {@link JobRequeue}: what {@code direct:requeue-job} sends — the job message as queued (ids only, whatever the body
 * held), SQS's delay in whole seconds (none below zero, none beyond SQS's fifteen minutes) and the queue it goes back
 * to.
 */
@ExtendWith(SharedSyncWell.class)
class JobRequeueTest {

    @Test
    void theJobMessageGoesBackOnItsQueueAfterTheDelay() throws Exception {
        JobMessage job = hotJob();
        Exchange exchange = exchange();
        exchange.getMessage().setBody("[{\"count\": 120}]");

        JobRequeue.prepare(exchange, job, Duration.ofSeconds(42));

        assertThat(exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER)).isEqualTo(42);
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class)).isEqualTo(job);
        assertThat(exchange.getMessage().getBody(String.class)).doesNotContain("count");
        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).isEqualTo("hot");
    }

    @Test
    void aColdWindowGoesBackToTheColdQueueWithItsWindow() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TimeWindow window = new TimeWindow(now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS));
        JobMessage job = new JobMessage(newId(), "user-" + newId(), newId(), DataType.HEART_RATE, "cold", window,
                "backfill", false);
        Exchange exchange = exchange();

        JobRequeue.prepare(exchange, job, Duration.ofSeconds(3));

        assertThat(exchange.getProperty(JobRequeue.QUEUE_PATH)).isEqualTo("cold");
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aDryRunStaysADryRun() throws Exception {
        JobMessage dryRun = new JobMessage(newId(), "user-" + newId(), newId(), DataType.SLEEP, "hot", null, "api", true);
        Exchange exchange = exchange();

        JobRequeue.prepare(exchange, dryRun, Duration.ofSeconds(1));

        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class).dryRun()).isTrue();
    }

    @Test
    void theDelayIsInWholeSecondsBetweenNoneAndFifteenMinutes() throws Exception {
        assertThat(delayFor(Duration.ofMillis(1_900))).isEqualTo(1);
        assertThat(delayFor(Duration.ZERO)).isZero();
        assertThat(delayFor(Duration.ofSeconds(-5))).isZero();
        assertThat(delayFor(Duration.ofMinutes(15))).isEqualTo(900);
        assertThat(delayFor(Duration.ofMinutes(15).plusSeconds(1))).isEqualTo(900);
        assertThat(delayFor(Duration.ofDays(2))).isEqualTo(900);
        assertThat(JobRequeue.MAX_QUEUE_DELAY).isEqualTo(Duration.ofMinutes(15));
    }

    private static int delayFor(Duration delay) throws Exception {
        Exchange exchange = exchange();
        JobRequeue.prepare(exchange, hotJob(), delay);
        return exchange.getMessage().getHeader(Sqs2Constants.DELAY_HEADER, Integer.class);
    }

    private static JobMessage hotJob() {
        return new JobMessage(newId(), "user-" + newId(), newId(), DataType.STEPS, "hot", null, "push", false);
    }
}
