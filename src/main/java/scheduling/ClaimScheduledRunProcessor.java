package scheduling;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import state.ScheduleSettings;
import state.ScheduledRuns;

/**
 * scheduler-claim: claims one due run for this scheduler ({@link ScheduledRuns#claim}); property {@value #RUN} holds
 * the claimed connection, or stays unset when another scheduler has the run.
 */
public class ClaimScheduledRunProcessor implements Processor {

    public static final String RUN = "SyncWellScheduledRun";

    private final ScheduledRuns runs;
    private final ScheduleSettings settings;
    private final String holder;

    /** @param holder this scheduler's name in its claims */
    public ClaimScheduledRunProcessor(ScheduledRuns runs, ScheduleSettings settings, String holder) {
        this.runs = runs;
        this.settings = settings;
        this.holder = holder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ScheduledRuns.Due due = exchange.getMessage().getMandatoryBody(ScheduledRuns.Due.class);
        runs.claim(due, holder, Instant.now(), settings.claimLease()).ifPresent(run -> exchange.setProperty(RUN, run));
    }
}
