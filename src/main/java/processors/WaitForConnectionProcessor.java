package processors;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.ConnectionBusyException;
import jobs.JobMessage;
import model.JobState;
import state.JobStore;

/**
 * Another job of the same connection and data type runs: this job's message goes back on its queue for a moment
 * ({@code direct:requeue-job}) — a second or two on the hot path, a few on the cold one — and its history says once
 * what it waits for. Nothing of the job is run or changed meanwhile.
 */
public class WaitForConnectionProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WaitForConnectionProcessor.class);

    private final JobStore jobs;

    public WaitForConnectionProcessor(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ConnectionBusyException busy = (ConnectionBusyException) FailureReason.of(exchange);
        JobMessage job = SyncExchange.job(exchange);
        if (!busy.noted()) {
            jobs.transition(job.jobId(), JobStore.Transition.to(JobState.QUEUED, busy.getMessage()));
        }
        LOG.debug("job {} waits: {}", job.jobId(), busy.getMessage());
        JobRequeue.prepare(exchange, job, delay(job.path()));
        exchange.setProperty(SyncExchange.OUTCOME, "requeued");
    }

    static Duration delay(String path) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "cold".equals(path) ? Duration.ofSeconds(2 + random.nextInt(3)) : Duration.ofSeconds(1 + random.nextInt(2));
    }
}
