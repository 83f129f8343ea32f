package processors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import com.fasterxml.jackson.databind.JsonNode;

import config.Settings;
import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import model.TimeWindow;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import state.Connection;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.DueIndex;
import state.Job;
import state.JobCounts;
import state.JobEvent;
import state.JobStore;
import state.Tables;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.awaitility.Awaitility.await;

/**
 * What the processor tests share: the running app's clients and settings, real stores built on them the way
 * {@code app.SyncWellConfiguration} builds them, job records written as the API writes them, connections made through
 * the API, and dead-letter envelopes put where the dead-letter route puts them.
 */
final class ProcessorFixtures {

    private ProcessorFixtures() {
    }

    static SyncWellInstance app() {
        return SharedSyncWell.instance();
    }

    /** A setting of the running app as it resolved it (its application.properties under the test overrides). */
    static Settings settings() {
        return new Settings(app().context());
    }

    static Tables tables() {
        return Tables.withPrefix(app().settings().getProperty("syncwell.table-prefix", "syncwell-"));
    }

    static DynamoDbClient dynamo() {
        return app().context().getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
    }

    static S3Client s3() {
        return app().context().getRegistry().lookupByNameAndType("s3Client", S3Client.class);
    }

    static JobStore jobStore() {
        return new JobStore(dynamo(), tables());
    }

    static state.RecordLedger recordLedger() {
        return new state.RecordLedger(dynamo(), tables(), settings().duration("syncwell.records.retention"));
    }

    static ConnectionStore connectionStore() {
        return new ConnectionStore(dynamo(), tables(), new DueIndex(settings().integer("syncwell.scheduler.shards")));
    }

    static ConnectionLeases leases() {
        return new ConnectionLeases(dynamo(), tables());
    }

    static String deadLetterBucket() {
        return settings().string("syncwell.bucket.dead-letters");
    }

    static DeadLetterArchive archive() {
        return new DeadLetterArchive(s3(), deadLetterBucket());
    }

    /** How long a job IN_PROGRESS counts as held by the worker that claimed it, as the app configures it. */
    static Duration claimLease() {
        return Duration.ofSeconds(settings().integer("syncwell.worker.visibility-timeout"));
    }

    static Exchange exchange() {
        return new DefaultExchange(app().context());
    }

    /** A replay as the API and the route ask for it: the dead letter's id in its property. */
    static Exchange replayOf(String deadLetterId) {
        Exchange exchange = exchange();
        exchange.setProperty(deadletters.DeadLetter.ID_PROPERTY, deadLetterId);
        return exchange;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A hot job of {@code type} in {@code state} since {@code at}, recorded as the API records jobs. */
    static Job jobRecord(String userId, String connectionId, DataType type, JobState state, int attempts, Instant at) {
        return jobRecord(userId, connectionId, type, "hot", null, false, state, attempts, null, at);
    }

    /** A job record with everything a test may vary: its queue, its window (cold), dry run, state, attempts, last error. */
    static Job jobRecord(String userId, String connectionId, DataType type, String path, TimeWindow window, boolean dryRun,
                         JobState state, int attempts, String error, Instant at) {
        Job job = new Job(newId(), userId, connectionId, type, path, "api", dryRun, window, state, attempts,
                List.of(new JobEvent(state, at, "recorded by a processor test")), JobCounts.none(), null, error, null, at, at,
                at.plus(Duration.ofDays(1)).getEpochSecond(), null);
        jobStore().create(job);
        return job;
    }

    /** A job of a user and connection that exist nowhere else: for processors that only read and write the job record. */
    static Job jobRecord(JobState state) {
        return jobRecord("user-" + newId(), newId(), DataType.STEPS, state, 1, Instant.now());
    }

    /** The queue message of a job, as the request routes send it (ids only). */
    static JobMessage messageOf(Job job) {
        return new JobMessage(job.id(), job.userId(), job.connectionId(), job.dataType(), job.path(), job.window(),
                job.trigger(), job.dryRun());
    }

    static Job reread(Job job) {
        return jobStore().find(job.id()).orElseThrow();
    }

    static JobEvent lastEvent(Job job) {
        return job.history().get(job.history().size() - 1);
    }

    /** A user whose Fitbit and Google Fit sandbox accounts are linked (through the API, as a browser links them). */
    static TestUser linkedUser() {
        return TestUser.linkedWithNoData(app(), "fitbit", "googlefit");
    }

    /** A new Fitbit → Google Fit connection of the user's steps, made through the API, as the store holds it. */
    static Connection stepsConnection(TestUser user) {
        String connectionId = user.connect("fitbit", "googlefit", List.of("steps"));
        ConnectionStore connections = connectionStore();
        return await().atMost(Duration.ofSeconds(5))
                .until(() -> connections.find(user.id, connectionId), Optional::isPresent).orElseThrow();
    }

    static Connection reread(Connection connection) {
        return connectionStore().find(connection.userId(), connection.id()).orElseThrow();
    }

    /** Whether another job could take the connection's lease of {@code type} now (it takes it, and gives it back). */
    static boolean leaseIsFree(Connection connection, DataType type) {
        String probe = newId();
        ConnectionLeases.Outcome outcome = leases().acquire(connection.userId(), connection.id(), type, probe, "hot",
                Instant.now(), Duration.ofSeconds(30));
        leases().release(connection.userId(), connection.id(), type, probe);
        return outcome instanceof ConnectionLeases.Acquired;
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The envelope a dead-letter step staged as the exchange's body, for the S3 write that follows it. */
    static DeadLetter stagedEnvelope(Exchange exchange) {
        try {
            return Json.MAPPER.readValue(exchange.getMessage().getBody(byte[].class), DeadLetter.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The staged envelope as JSON, every field as written (a field without a value is written as null). */
    static JsonNode stagedJson(Exchange exchange) {
        try {
            return Json.MAPPER.readTree(exchange.getMessage().getBody(byte[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts an envelope into the bucket under {@code stage}, as the dead-letter route (and later a replay) leaves it. */
    static String putEnvelope(DeadLetter letter, DeadLetterArchive.Stage stage) {
        String key = DeadLetterArchive.key(stage, letter.failedAt(), letter.id());
        s3().putObject(b -> b.bucket(deadLetterBucket()).key(key).contentType("application/json"),
                RequestBody.fromString(json(letter)));
        return key;
    }

    /** The raw JSON of the envelope stored at {@code key}. */
    static String storedJson(String key) {
        return s3().getObjectAsBytes(b -> b.bucket(deadLetterBucket()).key(key)).asUtf8String();
    }

    /** Removes an envelope from every stage, so that no other test (a replay of everything waiting) meets it. */
    static void removeEnvelope(String id, Instant failedAt) {
        for (DeadLetterArchive.Stage stage : DeadLetterArchive.Stage.values()) {
            String key = DeadLetterArchive.key(stage, failedAt, id);
            s3().deleteObject(b -> b.bucket(deadLetterBucket()).key(key));
        }
    }
}
