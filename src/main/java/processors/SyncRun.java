package processors;

import java.time.Instant;
import java.util.List;

import conflict.SyncPlan;
import jobs.JobMessage;
import model.HealthRecord;
import model.TimeWindow;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import state.Connection;

/**
 * One attempt of one job as it moves through the worker route, kept in the exchange property
 * {@value #PROPERTY}. The message body carries the requests to the provider routes and their answers;
 * the dead-letter channel's {@code useOriginalMessage} still archives exactly the job message as queued.
 */
public final class SyncRun {

    public static final String PROPERTY = "SyncWellRun";
    /** Exchange properties naming the source and destination provider: the worker route calls their routes. */
    public static final String SOURCE = "SyncWellSource";
    public static final String DESTINATION = "SyncWellDestination";
    /** Name of the pipeline step running now: a dead letter says where the job failed. */
    public static final String STEP = "SyncWellStep";
    /** True when the job only plans: the worker route then records the plan instead of writing. */
    public static final String DRY_RUN = "SyncWellDryRun";
    /** How the attempt ended, named by its last step (succeeded, dry_run, deferred, requeued, dead_lettered): for metrics. */
    public static final String OUTCOME = "SyncWellOutcome";

    final JobMessage message;
    Connection connection;
    Instant cursor;
    TimeWindow window;
    HealthProvider source;
    HealthProvider destination;
    List<HealthRecord> sourceRecords = List.of();
    List<HealthRecord> destinationRecords = List.of();
    SyncPlan plan;

    SyncRun(JobMessage message) {
        this.message = message;
    }

    public JobMessage message() {
        return message;
    }

    /** A cold job's calls keep to the cold path's share of the provider's rate budget. */
    ProviderCall sourceCall() {
        return new ProviderCall(message.userId(), source.id(), "cold".equals(message.path()));
    }

    ProviderCall destinationCall() {
        return new ProviderCall(message.userId(), destination.id(), "cold".equals(message.path()));
    }
}
