package processors;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import failures.PermanentSyncException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jobs.JobMessage;
import metrics.SyncMetrics;
import model.DataType;
import model.Json;
import model.TimeWindow;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first step of a job taken from its queue: a message as the request routes queue it becomes the exchange's job
 * (and the log context names it); one that is not JSON of a job, or lacks an id or the data type, is a permanent
 * failure whose reason says so. Also how long the message waited on its queue, recorded for worker routes only.
 */
@ExtendWith(SharedSyncWell.class)
class ReadJobMessageProcessorTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ReadJobMessageProcessor processor = new ReadJobMessageProcessor(new SyncMetrics(registry));

    @BeforeEach
    @AfterEach
    void noJobInTheLogContext() {
        MDC.remove(ReadJobMessageProcessor.JOB_ID);
        MDC.remove(ReadJobMessageProcessor.CONNECTION_ID);
    }

    private Exchange delivered(String body) {
        Exchange exchange = new DefaultExchange(app.context());
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static JobMessage hotSync() {
        return new JobMessage(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(), UUID.randomUUID().toString(),
                DataType.STEPS, "hot", null, "api", false);
    }

    @Test
    void aQueuedMessageBecomesTheJobOfTheExchange() throws Exception {
        JobMessage queued = hotSync();
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(queued));

        processor.process(exchange);

        assertThat(SyncExchange.job(exchange)).isEqualTo(queued);
        assertThat(MDC.get(ReadJobMessageProcessor.JOB_ID)).isEqualTo(queued.jobId());
        assertThat(MDC.get(ReadJobMessageProcessor.CONNECTION_ID)).isEqualTo(queued.connectionId());
        assertThat(exchange.getMessage().getBody(String.class)).as("the body stays the message as queued")
                .isEqualTo(Json.MAPPER.writeValueAsString(queued));
    }

    @Test
    void aBackfillWindowKeepsItsWindowAndPath() throws Exception {
        Instant to = Instant.parse("2024-03-02T00:00:00Z");
        JobMessage window = new JobMessage(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(),
                UUID.randomUUID().toString(), DataType.HEART_RATE, "cold", new TimeWindow(to.minus(Duration.ofDays(1)), to),
                "backfill", false);
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(window));

        processor.process(exchange);

        JobMessage read = SyncExchange.job(exchange);
        assertThat(read).isEqualTo(window);
        assertThat(read.window().to()).isEqualTo(to);
        assertThat(read.path()).isEqualTo("cold");
    }

    @Test
    void aDryRunIsReadAsOne() throws Exception {
        JobMessage dryRun = new JobMessage(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(),
                UUID.randomUUID().toString(), DataType.WEIGHT, "hot", null, "api", true);
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(dryRun));

        processor.process(exchange);

        assertThat(SyncExchange.job(exchange).dryRun()).isTrue();
    }

    @Test
    void aMessageWithoutTheDryRunFlagIsASync() {
        String jobId = UUID.randomUUID().toString();
        Exchange exchange = delivered("{\"jobId\":\"" + jobId + "\",\"userId\":\"user-1\",\"connectionId\":\"c-1\","
                + "\"dataType\":\"steps\",\"path\":\"hot\",\"trigger\":\"api\"}");

        processor.process(exchange);

        assertThat(SyncExchange.job(exchange).dryRun()).isFalse();
        assertThat(SyncExchange.job(exchange).jobId()).isEqualTo(jobId);
    }

    @Test
    void aFieldTheWorkerDoesNotKnowIsTolerated() {
        Exchange exchange = delivered("{\"jobId\":\"j-1\",\"userId\":\"user-1\",\"connectionId\":\"c-1\","
                + "\"dataType\":\"sleep\",\"path\":\"hot\",\"trigger\":\"push\",\"addedLater\":42}");

        processor.process(exchange);

        assertThat(SyncExchange.job(exchange).dataType()).isEqualTo(DataType.SLEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[]", "\"a job\"",
            "{\"jobId\":\"j-1\",\"userId\":\"u-1\",\"connectionId\":\"c-1\",\"dataType\":\"calories\"}",
            "{\"jobId\":\"j-1\",\"userId\":\"u-1\",\"connectionId\":\"c-1\",\"dataType\":\"steps\","
                    + "\"window\":{\"from\":\"2024-03-02T00:00:00Z\",\"to\":\"2024-03-01T00:00:00Z\"}}"})
    void aMessageThatIsNotJsonOfAJobIsAPermanentFailure(String body) {
        Exchange exchange = delivered(body);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("job message is not valid JSON for a job");

        assertThat(SyncExchange.job(exchange)).isNull();
        assertThat(MDC.get(ReadJobMessageProcessor.JOB_ID)).isNull();
    }

    @Test
    void aMessageWithoutABodyIsAPermanentFailure() {
        Exchange exchange = delivered(null);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("job message is not valid JSON for a job");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}",
            "{\"userId\":\"u-1\",\"connectionId\":\"c-1\",\"dataType\":\"steps\"}",
            "{\"jobId\":\"j-1\",\"connectionId\":\"c-1\",\"dataType\":\"steps\"}",
            "{\"jobId\":\"j-1\",\"userId\":\"u-1\",\"dataType\":\"steps\"}",
            "{\"jobId\":\"j-1\",\"userId\":\"u-1\",\"connectionId\":\"c-1\"}"})
    void aMessageLackingAnIdOrTheDataTypeIsAPermanentFailure(String body) {
        Exchange exchange = delivered(body);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("job message lacks jobId, userId, connectionId or dataType");

        assertThat(SyncExchange.job(exchange)).isNull();
        assertThat(MDC.get(ReadJobMessageProcessor.JOB_ID)).isNull();
    }

    @Test
    void aWorkerRecordsHowLongTheMessageWaitedOnItsQueue() throws Exception {
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(hotSync()));
        exchange.getExchangeExtension().setFromRouteId("sync-worker-cold");
        long sent = System.currentTimeMillis() - 5_000;
        exchange.getMessage().setHeader(Sqs2Constants.ATTRIBUTES,
                Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(sent)));

        processor.process(exchange);

        Timer waited = registry.find("syncwell.jobs.queue.wait").tag("path", "cold").timer();
        assertThat(waited).isNotNull();
        assertThat(waited.count()).isEqualTo(1);
        assertThat(waited.totalTime(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 60_000.0);
    }

    @Test
    void aMessageStampedAheadOfThisClockWaitedNoTime() throws Exception {
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(hotSync()));
        exchange.getExchangeExtension().setFromRouteId("sync-worker-hot");
        exchange.getMessage().setHeader(Sqs2Constants.ATTRIBUTES,
                Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(System.currentTimeMillis() + 60_000)));

        processor.process(exchange);

        Timer waited = registry.find("syncwell.jobs.queue.wait").tag("path", "hot").timer();
        assertThat(waited).isNotNull();
        assertThat(waited.count()).isEqualTo(1);
        assertThat(waited.totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void aMessageReadOutsideTheWorkerRoutesRecordsNoQueueWait() throws Exception {
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(hotSync()));
        exchange.getExchangeExtension().setFromRouteId("dead-letter-replay");
        exchange.getMessage().setHeader(Sqs2Constants.ATTRIBUTES,
                Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(System.currentTimeMillis() - 5_000)));

        processor.process(exchange);

        assertThat(registry.find("syncwell.jobs.queue.wait").timers()).isEmpty();
        assertThat(SyncExchange.job(exchange)).isNotNull();
    }

    @Test
    void aMessageWithoutItsQueueAttributesRecordsNoQueueWait() throws Exception {
        Exchange exchange = delivered(Json.MAPPER.writeValueAsString(hotSync()));
        exchange.getExchangeExtension().setFromRouteId("sync-worker-hot");

        processor.process(exchange);

        assertThat(registry.find("syncwell.jobs.queue.wait").timers()).isEmpty();
        assertThat(SyncExchange.job(exchange)).isNotNull();
    }
}
