package processors;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.MDC;

import jobs.JobMessage;
import metrics.SyncMetrics;

/**
 * Records each job attempt a worker took from its queue in {@code syncwell_jobs_seconds} once its exchange is done:
 * the outcome its last step named ({@link SyncExchange#OUTCOME}), else {@code duplicate} (a copy of a finished job's
 * message) or {@code returned} (the message went back to the queue: a backing service was unreachable, or another
 * delivery holds the job).
 */
public class JobOutcomes extends EventNotifierSupport {

    private static final String WORKER_ROUTES = "sync-worker-";

    private final SyncMetrics metrics;

    public JobOutcomes(SyncMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
            String route = ((ExchangeEvent) event).getExchange().getFromRouteId();
            return route != null && route.startsWith(WORKER_ROUTES);
        }
        return false;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        MDC.remove(ReadJobMessageProcessor.JOB_ID);
        MDC.remove(ReadJobMessageProcessor.CONNECTION_ID);
        JobMessage job = SyncExchange.job(exchange);
        String outcome = exchange.getProperty(SyncExchange.OUTCOME, String.class);
        if (outcome == null) {
            outcome = exchange.isFailed() ? "returned"
                    : Boolean.TRUE.equals(exchange.getProperty(LoadSyncContextProcessor.ALREADY_FINISHED, Boolean.class)) ? "duplicate" : "unfinished";
        }
        String path = exchange.getFromRouteId().substring(WORKER_ROUTES.length());
        metrics.jobFinished(path, exchange.getProperty(SyncExchange.SOURCE, String.class),
                exchange.getProperty(SyncExchange.DESTINATION, String.class),
                job == null || job.dataType() == null ? null : job.dataType().id(), outcome,
                Duration.ofMillis(exchange.getClock().elapsed()));
    }
}
