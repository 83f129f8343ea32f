package processors;

import java.time.Instant;
import java.util.List;

import conflict.SyncPlan;
import model.HealthRecord;
import model.TimeWindow;
import providers.HealthProvider;
import providers.ProviderCall;
import state.Connection;

/**
 * One attempt of one job as it moves through the worker route, kept in the exchange property
 * {@value #PROPERTY} (the message body is the job message itself, so the dead-letter channel's
 * {@code useOriginalMessage} archives exactly what was queued).
 */
public final class SyncRun {

    public static final String PROPERTY = "SyncWellRun";
    /** Name of the pipeline step running now: a dead letter says where the job failed. */
    public static final String STEP = "SyncWellStep";

    final JobMessage message;
    Connection connection;
    Instant cursor;
    TimeWindow window;
    HealthProvider source;
    HealthProvider destination;
    List<HealthRecord> sourceRecords = List.of();
    List<HealthRecord> destinationRecords = List.of();
    SyncPlan plan;
    int written;

    SyncRun(JobMessage message) {
        this.message = message;
    }

    public JobMessage message() {
        return message;
    }

    ProviderCall sourceCall() {
        return new ProviderCall(message.userId(), source.id());
    }

    ProviderCall destinationCall() {
        return new ProviderCall(message.userId(), destination.id());
    }
}
