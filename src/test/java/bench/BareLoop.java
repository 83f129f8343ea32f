package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;

import conflict.ConflictResolver;
import conflict.PlanSummary;
import conflict.SyncPlan;
import jobs.JobMessage;
import processors.RecordFates;
import model.HealthRecord;
import model.JobState;
import model.Json;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.ProviderRegistry;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import state.Connection;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.DueIndex;
import state.Job;
import state.JobCounts;
import state.JobStore;
import state.RecordLedger;
import state.Tables;

/**
 * The floor the worker is measured against: plain Java threads, as many as the hot worker's consumers, doing exactly
 * the calls one delta job makes — SQS receive (as many messages a poll as the worker takes) and delete; the job's read,
 * its type's lease on the connection, the job's claim, its records' fates in the ledger, the cursor and the job's end in
 * DynamoDB (the same conditional writes, through the same stores); the source's and the destination's fetch and the
 * destination's write through the same provider objects (their HTTP calls to the sandbox, token reads and decryption
 * included); the conflict plan — with the app's own SDK clients, and no Camel: no routes, no exchanges, no error
 * handler, no route policies, no metrics of jobs, no claim renewals. What the engine spends above this is what its
 * pipeline costs.
 */
final class BareLoop {

    private final SqsClient sqs;
    private final String queueUrl;
    private final int threads;
    private final int messagesPerPoll;
    private final Duration claimLease;
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ConnectionLeases leases;
    private final ProviderRegistry providers;
    private final RecordLedger ledger;

    BareLoop(CamelContext app) {
        DynamoDbClient dynamo = app.getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
        Tables tables = Tables.withPrefix(setting(app, "syncwell.table-prefix"));
        this.sqs = app.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        this.queueUrl = setting(app, "syncwell.queue.hot.url");
        this.threads = Integer.parseInt(setting(app, "syncwell.worker.hot.consumers"));
        this.messagesPerPoll = Integer.parseInt(setting(app, "syncwell.worker.messages-per-poll"));
        this.claimLease = Duration.ofSeconds(Integer.parseInt(setting(app, "syncwell.worker.visibility-timeout")));
        this.jobs = new JobStore(dynamo, tables);
        this.connections = new ConnectionStore(dynamo, tables, new DueIndex(Integer.parseInt(setting(app, "syncwell.scheduler.shards"))));
        this.leases = new ConnectionLeases(dynamo, tables);
        this.providers = app.getRegistry().lookupByNameAndType("providerRegistry", ProviderRegistry.class);
        this.ledger = app.getRegistry().lookupByNameAndType("recordLedger", RecordLedger.class);
    }

    int threads() {
        return threads;
    }

    /** Runs {@code count} queued jobs to SUCCEEDED; returns when the last is done. */
    void drain(int count) throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread consumer = new Thread(() -> {
                try {
                    while (done.get() < count && failure.get() == null) {
                        for (Message message : receive()) {
                            runJob(message.body());
                            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                            done.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }, "bare-loop-" + t);
            consumer.start();
        }
        finished.await();
        if (failure.get() != null) {
            throw new IllegalStateException("the bare loop failed after " + done.get() + " jobs", failure.get());
        }
    }

    private List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(messagesPerPoll).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("SentTimestamp")).messages();
    }

    /** One delta job, the happy path: what sync-enrich … sync-update-state do, in their order (the ledger's write too). */
    private void runJob(String body) {
        JobMessage message = read(body);
        Job job = jobs.find(message.jobId()).orElseThrow(() -> new IllegalStateException("no job " + message.jobId()));
        ConnectionLeases.Outcome lease = leases.acquire(message.userId(), message.connectionId(), message.dataType(),
                job.id(), "hot", Instant.now(), claimLease);
        if (!(lease instanceof ConnectionLeases.Acquired acquired)) {
            throw new IllegalStateException("job " + job.id() + " did not get its lease: " + lease);
        }
        Connection connection = acquired.connection();
        HealthProvider source = providers.pinned(connection.source(), connection.sourceVersion());
        HealthProvider destination = providers.pinned(connection.destination(), connection.destinationVersion());
        Instant cursor = connection.statusOf(message.dataType()).lastSyncTime();
        Instant now = Instant.now();
        TimeWindow window = new TimeWindow(cursor.minus(source.lookback()), now);
        if (!jobs.claim(job.id(), JobStore.Transition.to(JobState.IN_PROGRESS, "attempt 1: " + source.id() + " -> "
                + destination.id() + ", " + window.from() + " .. " + window.to()).attempts(1).window(window),
                now.minus(claimLease), UUID.randomUUID().toString())) {
            throw new IllegalStateException("job " + job.id() + " could not be claimed");
        }
        List<HealthRecord> fetched = source.fetch(new FetchRequest(new ProviderCall(message.userId(), source.id(), false),
                message.dataType(), window));
        List<HealthRecord> existing = destination.fetch(new FetchRequest(
                new ProviderCall(message.userId(), destination.id(), false), message.dataType(), window));
        SyncPlan plan = ConflictResolver.resolve(fetched.stream().map(destination::storedForm).toList(), existing,
                connection.strategyFor(message.dataType()), destination::canReplace);
        WriteOutcome outcome = destination.write(new WriteRequest(new ProviderCall(message.userId(), destination.id(), false),
                message.dataType(), plan.forWrite()));
        ledger.record(message.connectionId(), job.id(), RecordFates.decided(plan, message, destination.id(), Instant.now()));
        connections.advanceCursor(message.userId(), message.connectionId(), message.dataType(), cursor, window.to(),
                job.id(), JobState.SUCCEEDED);
        jobs.transition(job.id(), JobStore.Transition.to(JobState.SUCCEEDED, "fetched " + fetched.size() + ", written "
                + outcome.written()).counts(new JobCounts(fetched.size(), existing.size(), outcome.written(),
                plan.skips().size(), plan.merges().size())).plan(PlanSummary.of(plan)));
    }

    private static JobMessage read(String body) {
        try {
            return Json.MAPPER.readValue(body, JobMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(CamelContext app, String name) {
        return app.resolvePropertyPlaceholders("{{" + name + "}}");
    }
}
