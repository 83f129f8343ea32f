package api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import failures.TransientSyncException;
import model.DataType;
import model.JobState;
import model.Json;
import processors.JobMessage;
import state.Connection;
import state.Job;
import state.JobCounts;
import state.JobEvent;
import state.JobStore;

/**
 * Requests hot-path syncs of a connection, whoever asks (the API, a provider's push): one job record
 * QUEUED per data type, then one message each on the hot queue through the request route
 * ({@code direct:enqueue-hot}).
 */
public class JobRequests {

    private final JobStore jobs;
    private final ProducerTemplate producer;
    private final Duration retention;

    public JobRequests(JobStore jobs, ProducerTemplate producer, Duration retention) {
        this.jobs = jobs;
        this.producer = producer;
        this.retention = retention;
    }

    /** The jobs queued, in the order of {@code types}. */
    public List<Job> requestHot(Connection connection, List<DataType> types, String trigger, String detail) {
        return requestHot(connection, types, trigger, detail, false);
    }

    /** As {@link #requestHot(Connection, List, String, String)}; a {@code dryRun} job only plans, it writes nothing. */
    public List<Job> requestHot(Connection connection, List<DataType> types, String trigger, String detail, boolean dryRun) {
        Instant now = Instant.now();
        List<Job> queued = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (DataType type : types) {
            Job job = new Job(UUID.randomUUID().toString(), connection.userId(), connection.id(), type, "hot", trigger, dryRun,
                    null, JobState.QUEUED, 0, List.of(new JobEvent(JobState.QUEUED, now, detail)), JobCounts.none(), null,
                    null, null, now, now, now.plus(retention).getEpochSecond());
            jobs.create(job);
            queued.add(job);
            messages.add(json(new JobMessage(job.id(), job.userId(), job.connectionId(), type, "hot", null, trigger,
                    dryRun)));
        }
        try {
            producer.requestBody("direct:enqueue-hot", messages);
        } catch (CamelExecutionException e) {
            throw new TransientSyncException("the job queue is unavailable", e);
        }
        return queued;
    }

    private static String json(JobMessage message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a job message", e);
        }
    }
}
