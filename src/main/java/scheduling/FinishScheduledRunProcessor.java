package scheduling;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import model.DataType;
import state.ScheduledRuns;

/**
 * scheduler-finish: moves the connection's schedule on, records per data type what was queued or why it was passed
 * by (visible on the connection's status), and gives the claim up — one conditional write.
 */
public class FinishScheduledRunProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FinishScheduledRunProcessor.class);

    private final ScheduledRuns runs;
    private final String holder;

    public FinishScheduledRunProcessor(ScheduledRuns runs, String holder) {
        this.runs = runs;
        this.holder = holder;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        ScheduledRuns.Claimed run = exchange.getProperty(ClaimScheduledRunProcessor.RUN, ScheduledRuns.Claimed.class);
        ScheduledRunPlan plan = exchange.getProperty(QueueScheduledRunProcessor.PLAN, ScheduledRunPlan.class);
        Map<DataType, ScheduledRuns.TypeOutcome> outcomes = exchange.getProperty(QueueScheduledRunProcessor.OUTCOMES, Map.class);
        if (!runs.finish(run, holder, plan.nextSyncAt(), plan.nextReconcileAt(), outcomes)) {
            LOG.warn("connection {}: the claim on its run lapsed before it was recorded; the scheduler that took it over"
                    + " records it", run.connection().id());
        }
    }
}
