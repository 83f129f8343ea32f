package api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;

import failures.TransientSyncException;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import model.TimeWindow;
import state.Connection;
import state.Job;
import state.JobCounts;
import state.JobEvent;
import state.JobStore;
import state.WaitingJobs;

/**
 * Requests syncs of a connection, whoever asks (the API, a provider's push, the scheduler, a backfill): one job record
 * QUEUED per data type or window, then one message each on its queue through the request routes
 * ({@code direct:enqueue-hot}, {@code direct:enqueue-cold}).
 */
public class JobRequests {

    private static final String HOT = "hot";
    private static final String COLD = "cold";
    private static final int SQS_BATCH = 10;
    /** SQS's longest per-message delay. */
    private static final Duration MAX_QUEUE_DELAY = Duration.ofMinutes(15);

    private final JobStore jobs;
    private final WaitingJobs waiting;
    private final ProducerTemplate producer;
    private final Duration retention;

    public JobRequests(JobStore jobs, WaitingJobs waiting, ProducerTemplate producer, Duration retention) {
        this.jobs = jobs;
        this.waiting = waiting;
        this.producer = producer;
        this.retention = retention;
    }

    /** A job the scheduler queues for one data type: a hot sync from the cursor, or a cold pass over {@code window}. */
    public record Scheduled(DataType type, String trigger, TimeWindow window, Instant runAt, String detail) {

        String path() {
            return window == null ? HOT : COLD;
        }

        /** The same id for the same run, whichever scheduler queues it and however often. */
        String jobId(String connectionId) {
            return UUID.nameUUIDFromBytes((trigger + ":" + connectionId + ":" + type.id() + ":" + runAt.toEpochMilli())
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /** One window of a backfill. */
    public record Window(DataType type, TimeWindow window) {
    }

    /**
     * A hot sync of each type, in the order of {@code types}: a new job, or the one already waiting to start for that
     * type ({@link WaitingJobs}), which will fetch everything up to when it starts. {@code startIn}: how long a new job
     * waits on its queue before it runs (pushes wait a moment, so that the rest of a burst joins the same job).
     */
    public List<Job> requestHot(Connection connection, List<DataType> types, String trigger, String detail, Duration startIn) {
        Instant now = Instant.now();
        List<Job> answered = new ArrayList<>();
        List<Job> created = new ArrayList<>();
        Map<DataType, String> newIds = new LinkedHashMap<>();
        types.forEach(type -> newIds.putIfAbsent(type, UUID.randomUUID().toString()));
        Map<DataType, Optional<String>> waitingJobs = waiting.claimAll(connection.userId(), connection.id(), newIds, now);
        for (DataType type : newIds.keySet()) {
            Job job = job(newIds.get(type), connection, type, HOT, trigger, false, null, null, detail, now);
            Optional<String> alreadyWaiting = waitingJobs.get(type);
            if (alreadyWaiting.isPresent()) {
                // a job that waits to start is QUEUED (one that started gave up the slot): answered without reading it
                answered.add(job(alreadyWaiting.get(), connection, type, HOT, trigger, false, null, null, detail, now));
                continue;
            }
            created.add(job);
            answered.add(job);
        }
        try {
            // fresh ids: the records go in one batch, a round trip less than one write each
            jobs.createAll(created);
            enqueue(HOT, created, startIn);
        } catch (RuntimeException e) {
            // nothing waits after all: the next request queues its own job
            created.forEach(job -> waiting.release(job.userId(), job.connectionId(), job.dataType(), job.id()));
            throw e;
        }
        return answered;
    }

    /** A dry run of each type: always jobs of its own (it plans and writes nothing), in the order of {@code types}. */
    public List<Job> requestDryRun(Connection connection, List<DataType> types, String trigger, String detail) {
        Instant now = Instant.now();
        List<Job> queued = new ArrayList<>();
        for (DataType type : types) {
            Job job = job(UUID.randomUUID().toString(), connection, type, HOT, trigger, true, null, null, detail, now);
            jobs.create(job);
            queued.add(job);
        }
        enqueue(HOT, queued);
        return queued;
    }

    /**
     * The windows of a backfill as cold jobs, created in batches before any is sent; answered in the order given.
     */
    public List<Job> requestBackfill(Connection connection, String backfillId, List<Window> windows) {
        Instant now = Instant.now();
        List<Job> queued = windows.stream().map(w -> job(UUID.randomUUID().toString(), connection, w.type(), COLD,
                "backfill", false, w.window(), backfillId, "backfill " + backfillId, now)).toList();
        jobs.createAll(queued);
        enqueue(COLD, queued);
        return queued;
    }

    /**
     * The scheduler's jobs for one run of a connection. A job this run already created (a run taken over from a
     * scheduler that died in it) is not created again, and its message is sent again only while the job is QUEUED: at
     * worst a duplicate delivery of a job that has not run, which the worker tolerates.
     *
     * @return the jobs of the run, in the order given
     */
    public List<Job> requestScheduled(Connection connection, List<Scheduled> scheduled) {
        Instant now = Instant.now();
        List<Job> run = new ArrayList<>();
        List<Job> hot = new ArrayList<>();
        List<Job> cold = new ArrayList<>();
        for (Scheduled wanted : scheduled) {
            Job job = job(wanted.jobId(connection.id()), connection, wanted.type(), wanted.path(), wanted.trigger(), false,
                    wanted.window(), null, wanted.detail(), now);
            if (!jobs.createIfAbsent(job)) {
                job = jobs.find(job.id()).orElse(job);
            }
            run.add(job);
            if (job.state() == JobState.QUEUED) {
                (COLD.equals(job.path()) ? cold : hot).add(job);
            }
        }
        enqueue(HOT, hot);
        enqueue(COLD, cold);
        return run;
    }

    private Job job(String id, Connection connection, DataType type, String path, String trigger, boolean dryRun,
                    TimeWindow window, String backfillId, String detail, Instant now) {
        return new Job(id, connection.userId(), connection.id(), type, path, trigger, dryRun, window, JobState.QUEUED, 0,
                List.of(new JobEvent(JobState.QUEUED, now, detail)), JobCounts.none(), null, null, null, now, now,
                now.plus(retention).getEpochSecond(), backfillId);
    }

    private void enqueue(String path, List<Job> queued) {
        enqueue(path, queued, Duration.ZERO);
    }

    private void enqueue(String path, List<Job> queued, Duration startIn) {
        if (queued.isEmpty()) {
            return;
        }
        List<String> messages = queued.stream().map(job -> json(new JobMessage(job.id(), job.userId(), job.connectionId(),
                job.dataType(), path, job.window(), job.trigger(), job.dryRun()))).toList();
        // SQS takes at most ten messages a batch
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += SQS_BATCH) {
            batches.add(messages.subList(from, Math.min(messages.size(), from + SQS_BATCH)));
        }
        try {
            producer.requestBodyAndHeader("direct:enqueue-" + path, batches, Sqs2Constants.DELAY_HEADER,
                    Math.toIntExact(Math.min(startIn.toSeconds(), MAX_QUEUE_DELAY.toSeconds())));
        } catch (CamelExecutionException e) {
            throw new TransientSyncException("the job queue is unavailable", e);
        }
    }

    private static String json(JobMessage message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a job message", e);
        }
    }
}
