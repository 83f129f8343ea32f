package processors;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.PlanSummary;
import conflict.SyncPlan;
import jobs.JobMessage;
import model.JobState;
import providers.spi.WriteOutcome;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.JobCounts;
import state.JobStore;

/**
 * sync-update-state: after the whole write succeeded, moves the cursor to the window's end — conditionally, only
 * if it still is where this job found it — and marks the job SUCCEEDED with its counts; the data type's lease is given
 * up in the same write. Cold windows (backfills, reconciliations) never move the cursor nor count as the type's last
 * sync: they only give the lease up. The job keeps the summary of its plan, to compare with a dry run's.
 */
public class UpdateSyncStateProcessor implements Processor {

    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ConnectionLeases leases;

    public UpdateSyncStateProcessor(JobStore jobs, ConnectionStore connections, ConnectionLeases leases) {
        this.jobs = jobs;
        this.connections = connections;
        this.leases = leases;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        int written = exchange.getMessage().getMandatoryBody(WriteOutcome.class).written();
        JobMessage job = SyncExchange.job(exchange);
        SyncContext context = SyncExchange.context(exchange);
        SyncPlan plan = SyncExchange.plan(exchange);
        String cursorNote;
        if (job.window() == null) {
            boolean moved = connections.advanceCursor(job.userId(), job.connectionId(), job.dataType(), context.cursor(),
                    context.window().to(), job.jobId(), JobState.SUCCEEDED);
            cursorNote = moved ? "cursor now " + context.window().to() : "cursor left alone: another job moved it meanwhile";
        } else {
            JobOnConnection.stopped(connections, leases, job, JobState.SUCCEEDED);
            cursorNote = "window of the " + job.trigger() + ", cursor unchanged";
        }
        JobCounts counts = countsOf(exchange, written);
        exchange.setProperty(SyncExchange.OUTCOME, "succeeded");
        jobs.transition(job.jobId(), JobStore.Transition.to(JobState.SUCCEEDED,
                "fetched " + counts.fetched() + ", written " + counts.written() + skipSummary(plan) + "; " + cursorNote)
                .counts(counts).plan(PlanSummary.of(plan)));
    }

    /** What the job saw and did; {@code written} is what the destination says it wrote (merges included). */
    static JobCounts countsOf(Exchange exchange, int written) {
        SyncPlan plan = SyncExchange.plan(exchange);
        return new JobCounts(SyncExchange.sourceRecords(exchange).size(), SyncExchange.destinationRecords(exchange).size(),
                written, plan.skips().size(), plan.merges().size());
    }

    static String skipSummary(SyncPlan plan) {
        if (plan.skips().isEmpty()) {
            return "";
        }
        Map<String, Integer> byReason = new TreeMap<>();
        plan.skips().forEach(skip -> byReason.merge(skip.reason(), 1, Integer::sum));
        return ", skipped " + plan.skips().size() + " " + byReason;
    }
}
