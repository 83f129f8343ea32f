package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.PlanSummary;
import model.JobState;
import state.JobStore;

/**
 * sync-finish-dry-run: in place of sync-write and sync-update-state for a dry run — the job keeps its plan and is SUCCEEDED,
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
        exchange.setProperty(SyncExchange.OUTCOME, "dry_run");
        jobs.transition(SyncExchange.job(exchange).jobId(), JobStore.Transition.to(JobState.SUCCEEDED, DETAIL)
                .counts(UpdateSyncStateProcessor.countsOf(exchange, 0)).plan(PlanSummary.of(SyncExchange.plan(exchange))));
    }
}
