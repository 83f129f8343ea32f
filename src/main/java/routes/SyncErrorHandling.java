package routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.BackingServices;
import failures.ConnectionBusyException;
import failures.JobHeldElsewhereException;
import failures.PermanentSyncException;
import failures.RateLimitedException;
import jobs.JobMessage;
import processors.SyncExchange;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The error policy of the worker (docs/architecture.md §2), shared by name:
 * <ul>
 * <li>{@code sync-dead-letter}: transient failures other than rate limiting are redelivered — the whole attempt, from enrich on —
 * with exponential backoff and jitter, without holding the consumer thread; permanent failures and
 * exhausted retries go to the dead-letter route, which archives the original message to S3 before the
 * SQS message is deleted. If that archive fails, the exchange fails and SQS keeps the message.</li>
 * <li>An unreachable, throttled or failing backing service (DynamoDB, S3, SQS: {@link BackingServices}) is no reason to
 * give a job up: its message goes back to the queue, and comes again after the visibility timeout.</li>
 * <li>A job whose connection and data type another job holds waits on its queue ({@code direct:wait-for-connection}).</li>
 * <li>A copy of the message of a job another delivery holds goes back to the queue as it is (see
 * {@code JobHeldElsewhereException}).</li>
 * <li>Rate limiting (429) is no failure: the job is deferred until the provider's window resets
 * ({@code direct:defer-job}).</li>
 * <li>{@code sync-step}: for the routes a job passes through (its attempt, the provider routes): no handling
 * of their own, so a failure reaches the policy above unexhausted.</li>
 * <li>{@code drain-errors}: the drain of an SQS dead-letter queue leaves the copy of a held job's message there.</li>
 * <li>{@code scheduler-errors}: a scheduled run that fails is logged and left to lapse; the tick goes on.</li>
 * </ul>
 */
public class SyncErrorHandling extends RouteConfigurationBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(SyncErrorHandling.class);

    @Override
    public void configuration() {
        RouteConfigurationDefinition deadLetter = routeConfiguration("sync-dead-letter");
        deadLetter.errorHandler(deadLetterChannel("direct:dead-letter")
                        .deadLetterHandleNewException(false)
                        .useOriginalMessage()
                        .maximumRedeliveries(setting("syncwell.retry.max-redeliveries"))
                        .redeliveryDelay(setting("syncwell.retry.initial-delay-ms"))
                        .useExponentialBackOff()
                        .backOffMultiplier(setting("syncwell.retry.multiplier"))
                        .maximumRedeliveryDelay(setting("syncwell.retry.max-delay-ms"))
                        .useCollisionAvoidance()
                        .collisionAvoidancePercent(25)
                        .asyncDelayedRedelivery()
                        .onRedeliveryRef("markJobRetryingProcessor")
                        .logRetryAttempted(false)
                        .logExhausted(false)
                        .logStackTrace(false));
        // an onException clause does not inherit useOriginalMessage from the error handler: say it again
        deadLetter.onException(PermanentSyncException.class).maximumRedeliveries(0).useOriginalMessage();
        // our own backing services unreachable, throttled or failing (DynamoDB, S3, SQS; the SDK has retried already): no
        // redelivery here and no dead letter. The exchange fails, SQS keeps the message and hands it out again after the
        // visibility timeout (the back-off), and the job continues from its recorded state once the service is back
        deadLetter.onException(SdkException.class).onWhen(exchange -> BackingServices.hiccup(exchange.getException()))
                .maximumRedeliveries(0).handled(false).logExhausted(false)
                .process(SyncErrorHandling::logBackingServiceUnreachable);
        // a copy of the message of a job another delivery holds: back to the queue as it is, no retry, no dead letter,
        // no change to the job
        deadLetter.onException(JobHeldElsewhereException.class).maximumRedeliveries(0).handled(false).logExhausted(false)
                .process(SyncErrorHandling::logHeldElsewhere);
        deadLetter.onException(RateLimitedException.class).maximumRedeliveries(0).handled(true).useOriginalMessage()
                .to("direct:defer-job");
        deadLetter.onException(ConnectionBusyException.class).maximumRedeliveries(0).handled(true).useOriginalMessage()
                .logExhausted(false).to("direct:wait-for-connection");

        routeConfiguration("sync-step").errorHandler(noErrorHandler());

        // the drain leaves a copy of a held job's message on the -dlq, as the worker leaves it on its queue
        routeConfiguration("drain-errors").onException(JobHeldElsewhereException.class).handled(false).logExhausted(false)
                .process(SyncErrorHandling::logHeldElsewhere);

        // one due run that fails (a DynamoDB hiccup) costs only itself: its claim lapses and a later tick takes it over
        routeConfiguration("scheduler-errors").onException(Exception.class).handled(true).logExhausted(false)
                .process(SyncErrorHandling::logScheduledRunFailed);
    }

    private static void logScheduledRunFailed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("a scheduled run failed and is taken over once its claim lapses: {}",
                failure == null ? "?" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static void logBackingServiceUnreachable(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("job {} at {}: a backing service is unreachable, throttled or failing ({}); its message returns to the queue"
                        + " after the visibility timeout",
                job == null ? "?" : job.jobId(), SyncExchange.failedStep(exchange, "consume"),
                failure == null ? "?" : failure.getClass().getSimpleName());
    }

    private static void logHeldElsewhere(Exchange exchange) {
        Exception held = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.info("{}: this copy of its message returns to the queue after the visibility timeout",
                held == null ? "a job" : held.getMessage());
    }

    private int setting(String key) {
        return Integer.parseInt(getContext().resolvePropertyPlaceholders("{{" + key + "}}").trim());
    }
}
