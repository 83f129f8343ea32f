package scheduling;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import api.JobRequests;
import model.DataType;
import model.JobState;
import state.Account;
import state.AccountStore;
import state.Connection;
import state.DataTypeStatus;
import state.Job;
import state.JobStore;
import state.ScheduleSettings;
import state.ScheduledRuns;

/**
 * scheduler-queue: plans the claimed run ({@link ScheduledRunPlan}) and queues its jobs — ids derived from the run, so
 * a run another scheduler took over queues nothing twice. Property {@value #OUTCOMES}: per data type the jobs queued
 * or the reason it was passed by; {@value #PLAN}: the plan, with the next times.
 */
public class QueueScheduledRunProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(QueueScheduledRunProcessor.class);
    public static final String PLAN = "SyncWellScheduledPlan";
    public static final String OUTCOMES = "SyncWellScheduledOutcomes";

    private final AccountStore accounts;
    private final JobStore jobs;
    private final JobRequests jobRequests;
    private final ScheduleSettings settings;

    public QueueScheduledRunProcessor(AccountStore accounts, JobStore jobs, JobRequests jobRequests, ScheduleSettings settings) {
        this.accounts = accounts;
        this.jobs = jobs;
        this.jobRequests = jobRequests;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        ScheduledRuns.Claimed run = exchange.getProperty(ClaimScheduledRunProcessor.RUN, ScheduledRuns.Claimed.class);
        Instant now = Instant.now();
        ScheduledRunPlan plan = ScheduledRunPlan.of(run, facts(), settings, now);
        List<Job> queued = jobRequests.requestScheduled(run.connection(), plan.queue());
        Map<DataType, ScheduledRuns.TypeOutcome> outcomes = new LinkedHashMap<>();
        for (DataType type : run.connection().dataTypes()) {
            String reason = plan.skips().get(type);
            outcomes.put(type, new ScheduledRuns.TypeOutcome(queuedFor(queued, type, ScheduledRunPlan.SCHEDULE),
                    queuedFor(queued, type, ScheduledRunPlan.RECONCILE),
                    reason == null ? null : new DataTypeStatus.Skip(now, reason)));
        }
        if (!queued.isEmpty() || !plan.skips().isEmpty()) {
            LOG.info("connection {}: {} scheduled job(s) queued, {} data type(s) passed by {}", run.connection().id(),
                    queued.size(), plan.skips().size(), plan.skips());
        }
        exchange.setProperty(PLAN, plan);
        exchange.setProperty(OUTCOMES, outcomes);
    }

    private static String queuedFor(List<Job> queued, DataType type, String trigger) {
        return queued.stream().filter(job -> job.dataType() == type && trigger.equals(job.trigger())).map(Job::id)
                .findFirst().orElse(null);
    }

    private ScheduledRunPlan.Facts facts() {
        return new ScheduledRunPlan.Facts() {
            @Override
            public Optional<String> accountProblem(Connection connection) {
                for (String provider : List.of(connection.source(), connection.destination())) {
                    Optional<Account> account = accounts.find(connection.userId(), provider);
                    if (account.isEmpty()) {
                        return Optional.of("the " + provider + " account is not linked");
                    }
                    if (!Account.LINKED.equals(account.get().status())) {
                        return Optional.of("the " + provider + " account needs to be linked again");
                    }
                }
                return Optional.empty();
            }

            @Override
            public Optional<JobState> jobState(String jobId) {
                return jobs.find(jobId).map(Job::state);
            }
        };
    }
}
