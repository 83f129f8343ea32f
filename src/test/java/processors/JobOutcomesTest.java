package processors;

import org.apache.camel.Exchange;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.apache.camel.impl.event.ExchangeCompletedEvent;
import org.apache.camel.impl.event.ExchangeCreatedEvent;
import org.apache.camel.impl.event.ExchangeFailedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import failures.TransientSyncException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jobs.JobMessage;
import metrics.SyncMetrics;
import model.DataType;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.app;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.newId;

/**
 * {@link JobOutcomes}, the event notifier behind {@code syncwell_jobs_seconds}, with a meter registry of its own: only
 * exchanges of the worker routes that completed or failed are recorded, by queue path, providers, data type and the
 * outcome the last step named — else {@code returned} (failed), {@code duplicate} (a finished job's copy) or
 * {@code unfinished}; the job's log context is cleared.
 */
@ExtendWith(SharedSyncWell.class)
class JobOutcomesTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final JobOutcomes outcomes = new JobOutcomes(new SyncMetrics(registry));

    @Test
    void onlyFinishedExchangesOfTheWorkerRoutesAreRecorded() {
        Exchange worker = fromRoute("sync-worker-hot");
        Exchange other = fromRoute("dead-letter-replay");
        Exchange nowhere = exchange();

        assertThat(outcomes.isEnabled(new ExchangeCompletedEvent(worker))).isTrue();
        assertThat(outcomes.isEnabled(new ExchangeFailedEvent(worker))).isTrue();
        assertThat(outcomes.isEnabled(new ExchangeCreatedEvent(worker))).as("not done yet").isFalse();
        assertThat(outcomes.isEnabled(new ExchangeCompletedEvent(other))).isFalse();
        assertThat(outcomes.isEnabled(new ExchangeCompletedEvent(nowhere))).isFalse();
        assertThat(outcomes.isEnabled(new CamelContextStartedEvent(app().context()))).isFalse();
    }

    @Test
    void anAttemptIsRecordedWithTheOutcomeItsLastStepNamed() {
        Exchange exchange = fromRoute("sync-worker-hot");
        exchange.setProperty(SyncExchange.JOB, job(DataType.STEPS, "hot"));
        exchange.setProperty(SyncExchange.SOURCE, "fitbit");
        exchange.setProperty(SyncExchange.DESTINATION, "googlefit");
        exchange.setProperty(SyncExchange.OUTCOME, "deferred");

        outcomes.notify(new ExchangeCompletedEvent(exchange));

        assertThat(attempts("hot", "fitbit", "googlefit", "steps", "deferred")).isEqualTo(1);
    }

    @Test
    void aFailedAttemptWithoutAnOutcomeWasReturnedToItsQueue() {
        Exchange exchange = fromRoute("sync-worker-cold");
        exchange.setProperty(SyncExchange.JOB, job(DataType.SLEEP, "cold"));
        exchange.setProperty(SyncExchange.SOURCE, "garmin");
        exchange.setProperty(SyncExchange.DESTINATION, "googlehealth");
        exchange.setException(new TransientSyncException("dynamodb is unreachable"));

        outcomes.notify(new ExchangeFailedEvent(exchange));

        assertThat(attempts("cold", "garmin", "googlehealth", "sleep", "returned")).isEqualTo(1);
    }

    @Test
    void aCopyOfAFinishedJobsMessageIsADuplicate() {
        Exchange exchange = fromRoute("sync-worker-hot");
        exchange.setProperty(SyncExchange.JOB, job(DataType.WEIGHT, "hot"));
        exchange.setProperty(LoadSyncContextProcessor.ALREADY_FINISHED, true);

        outcomes.notify(new ExchangeCompletedEvent(exchange));

        assertThat(attempts("hot", "unknown", "unknown", "weight", "duplicate")).isEqualTo(1);
    }

    @Test
    void anAttemptThatNamedNoOutcomeAndDidNotFailIsUnfinished() {
        Exchange exchange = fromRoute("sync-worker-hot");

        outcomes.notify(new ExchangeCompletedEvent(exchange));

        assertThat(attempts("hot", "unknown", "unknown", "unknown", "unfinished")).isEqualTo(1);
    }

    @Test
    void theJobsLogContextIsClearedOnceItsAttemptIsDone() {
        MDC.put(ReadJobMessageProcessor.JOB_ID, newId());
        MDC.put(ReadJobMessageProcessor.CONNECTION_ID, newId());
        Exchange exchange = fromRoute("sync-worker-hot");
        exchange.setProperty(SyncExchange.OUTCOME, "succeeded");

        outcomes.notify(new ExchangeCompletedEvent(exchange));

        assertThat(MDC.get(ReadJobMessageProcessor.JOB_ID)).isNull();
        assertThat(MDC.get(ReadJobMessageProcessor.CONNECTION_ID)).isNull();
    }

    private static Exchange fromRoute(String routeId) {
        Exchange exchange = exchange();
        exchange.getExchangeExtension().setFromRouteId(routeId);
        return exchange;
    }

    private static JobMessage job(DataType type, String path) {
        return new JobMessage(newId(), "user-" + newId(), newId(), type, path, null, "api", false);
    }

    /** How many attempts {@code syncwell_jobs_seconds} recorded with these labels. */
    private long attempts(String path, String source, String destination, String dataType, String outcome) {
        return registry.get("syncwell.jobs").tags("path", path, "source", source, "destination", destination,
                "data_type", dataType, "outcome", outcome).timer().count();
    }
}
