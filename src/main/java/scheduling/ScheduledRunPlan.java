package scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import api.JobRequests;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import state.Connection;
import state.ScheduleClock;
import state.ScheduleSettings;
import state.ScheduledRuns;

/**
 * What one due run of a connection does — decided without side effects, from the claimed connection, its accounts'
 * states and the states of the jobs its last runs queued: which scheduled syncs ({@code trigger: schedule}, hot) and
 * reconciliations ({@code trigger: reconcile}, cold, over the last {@code reconcileWindow}) to queue per data type,
 * which to pass by and why, and when the connection is next due. Passed by: everything of a disabled connection or
 * one whose account must be linked again; a sync while the type's last scheduled sync is still queued or another hot
 * job runs the type (no pile-up behind a slow provider); a reconciliation while the last one has not finished. A
 * reconciliation running does not hold a sync back: the sync waits for it on the queue, hot before cold.
 *
 * @param queue           the jobs to queue
 * @param skips           the data types passed by (in part or whole), with the reason
 * @param nextSyncAt      the next scheduled sync (null: no schedule)
 * @param nextReconcileAt the next reconciliation
 */
public record ScheduledRunPlan(List<JobRequests.Scheduled> queue, Map<DataType, String> skips, Instant nextSyncAt,
                               Instant nextReconcileAt) {

    static final String SCHEDULE = "schedule";
    static final String RECONCILE = "reconcile";

    /** What the plan needs to know beyond the connection. */
    public interface Facts {
        /** Why the connection's accounts cannot be used now (unlinked, must be linked again); empty when they can. */
        Optional<String> accountProblem(Connection connection);

        /** The state of a job; empty when it is gone (expired). */
        Optional<JobState> jobState(String jobId);
    }

    public static ScheduledRunPlan of(ScheduledRuns.Claimed run, Facts facts, ScheduleSettings settings, Instant now) {
        Connection connection = run.connection();
        Duration period = connection.scheduleInterval();
        boolean syncDue = period != null && connection.nextSyncAt() != null && !connection.nextSyncAt().isAfter(now);
        boolean reconcileDue = connection.nextReconcileAt() != null && !connection.nextReconcileAt().isAfter(now);
        Instant nextSync = period == null ? null
                : connection.nextSyncAt() == null ? ScheduleClock.firstSync(connection.id(), period, now)
                : syncDue ? ScheduleClock.following(connection.nextSyncAt(), period, now) : connection.nextSyncAt();
        Instant nextReconcile = connection.nextReconcileAt() == null
                ? ScheduleClock.firstReconcile(connection.id(), settings.reconcileInterval(), now)
                : reconcileDue ? ScheduleClock.following(connection.nextReconcileAt(), settings.reconcileInterval(), now)
                : connection.nextReconcileAt();
        List<JobRequests.Scheduled> queue = new ArrayList<>();
        Map<DataType, String> skips = new LinkedHashMap<>();
        if (!syncDue && !reconcileDue) {
            // the index was behind (a schedule changed meanwhile): only the next times are put right
            return new ScheduledRunPlan(queue, skips, nextSync, nextReconcile);
        }
        Optional<String> connectionProblem = connection.enabled() ? facts.accountProblem(connection)
                : Optional.of("the connection is disabled");
        for (DataType type : connection.dataTypes()) {
            if (connectionProblem.isPresent()) {
                skips.put(type, connectionProblem.get());
                continue;
            }
            ScheduledRuns.Queued last = run.lastQueued().getOrDefault(type, new ScheduledRuns.Queued(null, null));
            List<String> passedBy = new ArrayList<>();
            if (syncDue) {
                Optional<String> busy = unfinished(last.syncJobId(), facts).or(() -> hotJobRunning(run.leases().get(type), now));
                if (busy.isPresent()) {
                    passedBy.add(busy.get());
                } else {
                    queue.add(new JobRequests.Scheduled(type, SCHEDULE, null, connection.nextSyncAt(),
                            "scheduled sync (every " + connection.schedule() + "), due " + connection.nextSyncAt()));
                }
            }
            if (reconcileDue) {
                Optional<String> busy = unfinished(last.reconcileJobId(), facts);
                if (busy.isPresent()) {
                    passedBy.add("reconciliation: " + busy.get());
                } else {
                    Instant end = connection.nextReconcileAt();
                    queue.add(new JobRequests.Scheduled(type, RECONCILE, new TimeWindow(end.minus(settings.reconcileWindow()), end),
                            end, "reconciliation of the " + settings.reconcileWindow() + " before " + end + " (late data)"));
                }
            }
            if (!passedBy.isEmpty()) {
                skips.put(type, String.join("; ", passedBy));
            }
        }
        return new ScheduledRunPlan(queue, skips, nextSync, nextReconcile);
    }

    private static Optional<String> unfinished(String jobId, Facts facts) {
        if (jobId == null) {
            return Optional.empty();
        }
        return facts.jobState(jobId).filter(state -> !state.isFinished())
                .map(state -> "the job " + jobId + " of the previous run is still " + state);
    }

    private static Optional<String> hotJobRunning(ScheduledRuns.Lease lease, Instant now) {
        if (lease == null || !lease.until().isAfter(now) || "cold".equals(lease.path())) {
            return Optional.empty();
        }
        return Optional.of("the job " + lease.jobId() + " is still running");
    }
}
