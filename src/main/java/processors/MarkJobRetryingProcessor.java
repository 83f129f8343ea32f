package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jobs.JobMessage;
import model.JobState;
import state.JobStore;

/** Runs before each redelivery of a transiently failed attempt: the job shows RETRYING and why. */
public class MarkJobRetryingProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MarkJobRetryingProcessor.class);

    private final JobStore jobs;

    public MarkJobRetryingProcessor(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        if (job == null) {
            return;
        }
        String reason = FailureReason.describe(FailureReason.of(exchange));
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        String step = SyncExchange.failedStep(exchange, "?");
        LOG.warn("job {} failed at {} ({}); redelivery {}", job.jobId(), step, reason, redelivery);
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.RETRYING,
                "failed at " + step + ": " + reason + "; redelivery " + redelivery));
    }
}
