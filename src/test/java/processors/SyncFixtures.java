package processors;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import config.Settings;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import providers.spi.ProviderRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import state.Backfill;
import state.BackfillStore;
import state.Connection;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.Job;
import state.JobCounts;
import state.JobEvent;
import state.JobStore;
import state.Tables;
import support.ApiClient;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sync path's processor tests share, on top of {@link ProcessorFixtures} (the shared instance and its real
 * stores, made as {@code app.SyncWellConfiguration} makes them): its providers, and the data a worker finds — users
 * linked through the sandbox, connections made through the API, job records as {@code api.JobRequests} writes them
 * (never queued: the shared instance's workers must not take them), and exchanges prepared the way the worker route
 * prepares them. Every id is a fresh UUID, so tests never meet one another's data.
 */
final class SyncFixtures {

    static final String SOURCE = "fitbit";
    static final String DESTINATION = "googlefit";

    final SyncWellInstance app;
    final Settings settings;
    final DynamoDbClient dynamo;
    final Tables tables;
    final JobStore jobs;
    final ConnectionStore connections;
    final ConnectionLeases leases;
    final BackfillStore backfills;
    final ProviderRegistry providers;

    SyncFixtures() {
        app = ProcessorFixtures.app();
        settings = ProcessorFixtures.settings();
        dynamo = ProcessorFixtures.dynamo();
        tables = ProcessorFixtures.tables();
        jobs = ProcessorFixtures.jobStore();
        connections = ProcessorFixtures.connectionStore();
        leases = ProcessorFixtures.leases();
        backfills = new BackfillStore(dynamo, tables);
        providers = app.context().getRegistry().lookupByNameAndType("providerRegistry", ProviderRegistry.class);
    }

    /** How long a claim and a lease hold without renewal: the queue's visibility timeout, as the configuration takes it. */
    Duration claimLease() {
        return ProcessorFixtures.claimLease();
    }

    Duration initialWindow() {
        return settings.duration("syncwell.initial-window");
    }

    // --- users and connections -----------------------------------------------------------------------------------

    /** A user whose Fitbit and Google Fit sandbox accounts are linked and empty. */
    TestUser user() {
        return TestUser.linkedWithNoData(app, SOURCE, DESTINATION);
    }

    /** A Fitbit → Google Fit connection of these data types, made through the API, as the store holds it. */
    Connection connection(TestUser user, String... dataTypes) {
        return connection(user, Map.of("dataTypes", List.of(dataTypes)));
    }

    /** A Fitbit → Google Fit connection made through the API with these fields of the request (steps unless given). */
    Connection connection(TestUser user, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>();
        body.put("source", SOURCE);
        body.put("destination", DESTINATION);
        body.put("dataTypes", List.of("steps"));
        body.putAll(fields);
        ApiClient.Answer created = user.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return stored(user.id, created.json().get("id").asText());
    }

    Connection stored(String userId, String connectionId) {
        return connections.find(userId, connectionId).orElseThrow();
    }

    Connection stored(Connection connection) {
        return stored(connection.userId(), connection.id());
    }

    void delete(TestUser user, Connection connection) {
        assertThat(user.api.delete("/v1/connections/" + connection.id()).status()).isEqualTo(204);
    }

    void patch(TestUser user, Connection connection, Map<String, Object> changes) {
        ApiClient.Answer patched = user.api.patch("/v1/connections/" + connection.id(), changes);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    // --- job records and backfills ----------------------------------------------------------------------------------

    /** A job record as {@code api.JobRequests} creates it: QUEUED, no attempt yet, one history entry. Not stored. */
    static Job newJob(Connection connection, DataType type, String path, String trigger, boolean dryRun, TimeWindow window,
                      String backfillId) {
        Instant now = Instant.now();
        return new Job(UUID.randomUUID().toString(), connection.userId(), connection.id(), type, path, trigger, dryRun, window,
                JobState.QUEUED, 0, List.of(new JobEvent(JobState.QUEUED, now, "queued by a processor test")),
                JobCounts.none(), null, null, null, now, now, now.plus(Duration.ofDays(1)).getEpochSecond(), backfillId);
    }

    /** The same job after earlier deliveries: in {@code state} since {@code at}, with one more history entry. */
    static Job withState(Job job, JobState state, int attempts, String detail, Instant deferredUntil, Instant at) {
        List<JobEvent> history = new java.util.ArrayList<>(job.history());
        history.add(new JobEvent(state, at, detail));
        return new Job(job.id(), job.userId(), job.connectionId(), job.dataType(), job.path(), job.trigger(), job.dryRun(),
                job.window(), state, attempts, history, job.counts(), job.plan(), job.error(), deferredUntil,
                job.createdAt(), at, job.expiresAt(), job.backfillId());
    }

    Job store(Job job) {
        jobs.create(job);
        return job;
    }

    /** A stored, queued hot sync of steps. */
    Job hotJob(Connection connection) {
        return store(newJob(connection, DataType.STEPS, "hot", "api", false, null, null));
    }

    /** A stored, queued dry run of steps. */
    Job dryRunJob(Connection connection) {
        return store(newJob(connection, DataType.STEPS, "hot", "api", true, null, null));
    }

    /** A stored, queued cold window of steps of {@code backfillId}. */
    Job backfillWindow(Connection connection, String backfillId, TimeWindow window) {
        return store(newJob(connection, DataType.STEPS, "cold", "backfill", false, window, backfillId));
    }

    Job job(String jobId) {
        return jobs.find(jobId).orElseThrow();
    }

    static String lastDetail(Job job) {
        return ProcessorFixtures.lastEvent(job).detail();
    }

    /** A stored, running backfill of the connection's steps over {@code range}, in one window. */
    Backfill backfill(Connection connection, TimeWindow range) {
        Instant now = Instant.now();
        Backfill backfill = new Backfill(UUID.randomUUID().toString(), connection.userId(), connection.id(), range.from(),
                range.to(), List.of(DataType.STEPS), Backfill.RUNNING, 1, now, null, now.plus(Duration.ofDays(1)).getEpochSecond());
        backfills.create(backfill);
        return backfill;
    }

    /** Some days well before now, for backfill windows. */
    static TimeWindow daysAgo(int from, int to) {
        Instant now = Instant.now();
        return new TimeWindow(now.minus(Duration.ofDays(from)), now.minus(Duration.ofDays(to)));
    }

    // --- leases ----------------------------------------------------------------------------------------------------

    /** Takes the data type's lease for {@code jobId} as a running job's worker does, and answers the connection it gave. */
    Connection takeLease(Connection connection, DataType type, String jobId, String path) {
        ConnectionLeases.Outcome outcome = leases.acquire(connection.userId(), connection.id(), type, jobId, path,
                Instant.now(), claimLease());
        assertThat(outcome).as("the lease of %s is free", type).isInstanceOf(ConnectionLeases.Acquired.class);
        return ((ConnectionLeases.Acquired) outcome).connection();
    }

    /**
     * Which job holds the type's lease on the connection, as another hot job asking for it would find: empty when it
     * is free (the probe then gives it straight back).
     */
    Optional<String> leaseHolder(Connection connection, DataType type) {
        String probe = UUID.randomUUID().toString();
        ConnectionLeases.Outcome outcome = leases.acquire(connection.userId(), connection.id(), type, probe, "hot",
                Instant.now(), Duration.ofSeconds(5));
        if (outcome instanceof ConnectionLeases.Acquired) {
            leases.release(connection.userId(), connection.id(), type, probe);
            return Optional.empty();
        }
        assertThat(outcome).as("the connection can run jobs of %s", type).isInstanceOf(ConnectionLeases.Busy.class);
        return Optional.ofNullable(((ConnectionLeases.Busy) outcome).holderJobId());
    }

    // --- exchanges ---------------------------------------------------------------------------------------------------

    /** An exchange whose job message was read (read-job-message done). */
    Exchange exchange(JobMessage message) {
        Exchange exchange = new DefaultExchange(app.context());
        exchange.setProperty(SyncExchange.JOB, message);
        return exchange;
    }

    /** The item a consistent GetItem answers for {@code key}: what camel-aws2-ddb puts in the route's header. */
    Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
        return dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    }

    /**
     * The reads of sync-enrich before its last step, as the route makes them: the job's record, its backfill when it is
     * a window of one, and for a dry run the connection — each read from its table by the key {@link EnrichReads} asks
     * for and turned into its exchange property by {@link EnrichReads}.
     */
    void enrich(Exchange exchange) {
        EnrichReads reads = new EnrichReads();
        reads.startAttempt(exchange);
        exchange.getMessage().setHeader(EnrichReads.ITEM, item(tables.jobs(), reads.jobKey(exchange)));
        exchange.setProperty(SyncExchange.JOB_RECORD, reads.job(exchange));
        if (reads.partOfBackfill(exchange)) {
            exchange.getMessage().setHeader(EnrichReads.ITEM, item(tables.backfills(), reads.backfillKey(exchange)));
            exchange.setProperty(SyncExchange.BACKFILL, reads.backfill(exchange));
        }
        if (reads.dryRun(exchange)) {
            exchange.getMessage().setHeader(EnrichReads.ITEM, item(tables.connections(), reads.connectionKey(exchange)));
            exchange.setProperty(SyncExchange.CONNECTION_TO_PLAN, reads.connection(exchange));
        }
        exchange.getMessage().removeHeaders("CamelAwsDdb*");
    }
}
