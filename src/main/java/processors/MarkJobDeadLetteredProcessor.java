package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import model.JobState;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.JobStore;

/** Last step of the dead-letter channel, after the envelope is safely in S3: the job is MOVED_TO_DLQ. */
public class MarkJobDeadLetteredProcessor implements Processor {

    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ConnectionLeases leases;

    public MarkJobDeadLetteredProcessor(JobStore jobs, ConnectionStore connections, ConnectionLeases leases) {
        this.jobs = jobs;
        this.connections = connections;
        this.leases = leases;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        if (run == null) {
            return;
        }
        JobMessage job = run.message;
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.MOVED_TO_DLQ,
                "dead letter " + exchange.getProperty(PrepareDeadLetterProcessor.DEAD_LETTER_ID, String.class) + " in S3"));
        JobOnConnection.stopped(connections, leases, job, JobState.MOVED_TO_DLQ);
    }
}
