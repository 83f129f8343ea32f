package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.PlanSummary;
import model.JobState;
import state.JobStore;

/**
 * finish-dry-run: in place of write and update-state for a dry run — the job keeps its plan and is SUCCEEDED,
 * nothing is written and the cursor stays where it is, so the real sync that follows plans the same.
 */
public class FinishDryRunProcessor implements Processor {

    public static final String DETAIL = "dry run: nothing written";

    private final JobStore jobs;

    public FinishDryRunProcessor(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "finish-dry-run");
        exchange.setProperty(SyncRun.OUTCOME, "dry_run");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        jobs.transition(run.message.jobId(), JobStore.Transition.to(JobState.SUCCEEDED, DETAIL)
                .counts(UpdateSyncStateProcessor.countsOf(run, 0)).plan(PlanSummary.of(run.plan)));
    }
}
