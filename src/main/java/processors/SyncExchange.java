package processors;

import java.util.List;

import org.apache.camel.Exchange;

import conflict.SyncPlan;
import jobs.JobMessage;
import model.HealthRecord;

/**
 * What the worker's steps hand each other: exchange properties, each set by one step and read by those after it. The
 * message body carries only the requests to the provider routes and their answers, so the dead-letter channel's
 * {@code useOriginalMessage} still archives exactly the job message as queued.
 */
public final class SyncExchange {

    /** The job message ({@link JobMessage}): set when it is read, before any step. */
    public static final String JOB = "SyncWellJob";
    /** The job's record ({@code state.Job}) as sync-enrich read it. */
    public static final String JOB_RECORD = "SyncWellJobRecord";
    /** The backfill a job is a window of ({@code state.Backfill}), as sync-enrich read it; absent for other jobs. */
    public static final String BACKFILL = "SyncWellBackfill";
    /** The connection a dry run plans against ({@code state.Connection}), as sync-enrich read it. */
    public static final String CONNECTION_TO_PLAN = "SyncWellConnectionToPlan";
    /** The attempt's {@link SyncContext}: set by sync-enrich. */
    public static final String CONTEXT = "SyncWellContext";
    /** What the source holds in the window: set by sync-fetch-source. */
    public static final String SOURCE_RECORDS = "SyncWellSourceRecords";
    /** What the destination already holds in the window: set by sync-fetch-destination. */
    public static final String DESTINATION_RECORDS = "SyncWellDestinationRecords";
    /** The {@link SyncPlan}: set by sync-resolve. */
    public static final String PLAN = "SyncWellPlan";
    /** The source and destination provider ids, as the job's metrics name them: set by sync-enrich. */
    public static final String SOURCE = "SyncWellSource";
    public static final String DESTINATION = "SyncWellDestination";
    /**
     * What the routes of the provider versions the connection pinned are named after ({@code HealthProvider.routes}),
     * which the worker route calls {@code <routes>-fetch} and {@code <routes>-write} of: set by sync-enrich.
     */
    public static final String SOURCE_ROUTES = "SyncWellSourceRoutes";
    public static final String DESTINATION_ROUTES = "SyncWellDestinationRoutes";
    /** True when the job only plans: the worker route then records the plan instead of writing. */
    public static final String DRY_RUN = "SyncWellDryRun";
    /** The step (sync-&lt;step&gt; route) an attempt failed in, without the prefix: set by {@code routes.SyncSteps}. */
    public static final String FAILED_STEP = "SyncWellFailedStep";
    /** How the attempt ended, named by its last step (succeeded, dry_run, deferred, requeued, dead_lettered): for metrics. */
    public static final String OUTCOME = "SyncWellOutcome";

    private SyncExchange() {
    }

    /**
     * An attempt starts afresh: what an earlier attempt of the job left (its records, its plan, where it failed) says
     * nothing of this one.
     */
    static void startAttempt(Exchange exchange) {
        for (String left : new String[] {JOB_RECORD, BACKFILL, CONNECTION_TO_PLAN, CONTEXT, SOURCE_RECORDS,
                DESTINATION_RECORDS, PLAN, FAILED_STEP, OUTCOME}) {
            exchange.removeProperty(left);
        }
    }

    /** The job message; null when the message could not be read as one. */
    public static JobMessage job(Exchange exchange) {
        return exchange.getProperty(JOB, JobMessage.class);
    }

    static state.Job jobRecord(Exchange exchange) {
        return exchange.getProperty(JOB_RECORD, state.Job.class);
    }

    static state.Backfill backfill(Exchange exchange) {
        return exchange.getProperty(BACKFILL, state.Backfill.class);
    }

    static state.Connection connectionToPlan(Exchange exchange) {
        return exchange.getProperty(CONNECTION_TO_PLAN, state.Connection.class);
    }

    static SyncContext context(Exchange exchange) {
        return exchange.getProperty(CONTEXT, SyncContext.class);
    }

    @SuppressWarnings("unchecked")
    static List<HealthRecord> sourceRecords(Exchange exchange) {
        return exchange.getProperty(SOURCE_RECORDS, List.class);
    }

    @SuppressWarnings("unchecked")
    static List<HealthRecord> destinationRecords(Exchange exchange) {
        return exchange.getProperty(DESTINATION_RECORDS, List.class);
    }

    /** The plan, or null when the attempt did not get that far. */
    static SyncPlan plan(Exchange exchange) {
        return exchange.getProperty(PLAN, SyncPlan.class);
    }

    /** The step the attempt failed in, or {@code fallback} when it failed outside the steps (reading the message). */
    public static String failedStep(Exchange exchange, String fallback) {
        return exchange.getProperty(FAILED_STEP, fallback, String.class);
    }
}
