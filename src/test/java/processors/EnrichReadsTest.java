package processors;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.PermanentSyncException;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import state.Backfill;
import state.BackfillStore;
import state.Connection;
import state.ConnectionStore;
import state.Job;
import state.JobStore;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static processors.ProcessorFixtures.messageOf;
import static processors.SyncFixtures.daysAgo;

/**
 * The reads of sync-enrich against the real tables: the keys it asks camel-aws2-ddb for find the job, its backfill and
 * a dry run's connection, and the items the tables answer (header {@code CamelAwsDdbAttributes}) become the job's
 * record, its backfill (null once gone) and the connection as it is (null once deleted); a job without a record cannot
 * run, and an attempt starts without what an earlier one left.
 */
@ExtendWith(SharedSyncWell.class)
class EnrichReadsTest {

    private static SyncFixtures fixtures;
    private static TestUser user;
    private final EnrichReads reads = new EnrichReads();

    @BeforeAll
    static void realTables() {
        fixtures = new SyncFixtures();
        user = fixtures.user();
    }

    /** The route's GetItem of {@code key} in {@code table}: its answer in the header the component sets. */
    private static void answer(Exchange exchange, String table, Map<String, AttributeValue> key) {
        exchange.getMessage().setHeader(EnrichReads.ITEM, fixtures.item(table, key));
    }

    @Test
    void anAttemptStartsWithoutWhatAnEarlierAttemptLeft() {
        Job job = SyncFixtures.newJob(fixtures.connection(user, "steps"), DataType.STEPS, "hot", "api", false, null, null);
        Exchange exchange = fixtures.exchange(messageOf(job));
        for (String left : new String[] {SyncExchange.JOB_RECORD, SyncExchange.BACKFILL, SyncExchange.CONNECTION_TO_PLAN,
                SyncExchange.CONTEXT, SyncExchange.SOURCE_RECORDS, SyncExchange.DESTINATION_RECORDS, SyncExchange.PLAN,
                SyncExchange.FAILED_STEP, SyncExchange.OUTCOME}) {
            exchange.setProperty(left, "left by the attempt before");
        }

        reads.startAttempt(exchange);

        assertThat(exchange.getProperties()).doesNotContainKeys(SyncExchange.JOB_RECORD, SyncExchange.BACKFILL,
                SyncExchange.CONNECTION_TO_PLAN, SyncExchange.CONTEXT, SyncExchange.SOURCE_RECORDS,
                SyncExchange.DESTINATION_RECORDS, SyncExchange.PLAN, SyncExchange.FAILED_STEP, SyncExchange.OUTCOME);
        assertThat(SyncExchange.job(exchange)).as("the message is the job, whichever the attempt").isEqualTo(messageOf(job));
    }

    @Test
    void theJobsRecordIsReadByItsKey() {
        Job job = fixtures.hotJob(fixtures.connection(user, "steps"));
        Exchange exchange = fixtures.exchange(messageOf(job));

        assertThat(reads.jobKey(exchange)).isEqualTo(JobStore.key(job.id()));
        answer(exchange, fixtures.tables.jobs(), reads.jobKey(exchange));
        Job read = reads.job(exchange);

        assertThat(read).usingRecursiveComparison().isEqualTo(job);
        assertThat(read.state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aJobWithoutARecordCannotRun() {
        Job job = SyncFixtures.newJob(fixtures.connection(user, "steps"), DataType.STEPS, "hot", "api", false, null, null);
        Exchange exchange = fixtures.exchange(messageOf(job));
        answer(exchange, fixtures.tables.jobs(), reads.jobKey(exchange));

        assertThatThrownBy(() -> reads.job(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("job " + job.id() + " has no record");
    }

    @Test
    void aJobIsNotFoundWhenTheReadAnsweredNothing() {
        Job job = SyncFixtures.newJob(fixtures.connection(user, "steps"), DataType.STEPS, "hot", "api", false, null, null);
        Exchange exchange = fixtures.exchange(messageOf(job));

        assertThatThrownBy(() -> reads.job(exchange))
                .isInstanceOf(PermanentSyncException.class)
                .hasMessage("job " + job.id() + " has no record");
    }

    @Test
    void aSyncOfFreshDataIsNoWindowOfABackfillNorADryRun() {
        Job job = fixtures.hotJob(fixtures.connection(user, "steps"));
        Exchange exchange = fixtures.exchange(messageOf(job));
        exchange.setProperty(SyncExchange.JOB_RECORD, job);

        assertThat(reads.partOfBackfill(exchange)).isFalse();
        assertThat(reads.dryRun(exchange)).isFalse();
    }

    @Test
    void aBackfillWindowReadsItsBackfill() {
        Connection connection = fixtures.connection(user, "steps");
        TimeWindow window = daysAgo(10, 9);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        Exchange exchange = fixtures.exchange(messageOf(job));
        answer(exchange, fixtures.tables.jobs(), reads.jobKey(exchange));
        exchange.setProperty(SyncExchange.JOB_RECORD, reads.job(exchange));

        assertThat(reads.partOfBackfill(exchange)).isTrue();
        assertThat(reads.backfillKey(exchange)).isEqualTo(BackfillStore.key(backfill.id()));
        answer(exchange, fixtures.tables.backfills(), reads.backfillKey(exchange));
        Backfill read = reads.backfill(exchange);

        assertThat(read).usingRecursiveComparison().isEqualTo(backfill);
        assertThat(read.cancelled()).isFalse();
    }

    @Test
    void aCancelledBackfillReadsAsCancelled() {
        Connection connection = fixtures.connection(user, "steps");
        TimeWindow window = daysAgo(12, 11);
        Backfill backfill = fixtures.backfill(connection, window);
        Job job = fixtures.backfillWindow(connection, backfill.id(), window);
        assertThat(fixtures.backfills.cancel(backfill.id(), Instant.now())).isTrue();
        Exchange exchange = fixtures.exchange(messageOf(job));
        exchange.setProperty(SyncExchange.JOB_RECORD, job);
        answer(exchange, fixtures.tables.backfills(), reads.backfillKey(exchange));

        Backfill read = reads.backfill(exchange);

        assertThat(read.cancelled()).isTrue();
        assertThat(read.cancelledAt()).isNotNull();
    }

    @Test
    void aBackfillThatIsGoneReadsAsNone() {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.backfillWindow(connection, UUID.randomUUID().toString(), daysAgo(14, 13));
        Exchange exchange = fixtures.exchange(messageOf(job));
        exchange.setProperty(SyncExchange.JOB_RECORD, job);
        answer(exchange, fixtures.tables.backfills(), reads.backfillKey(exchange));

        assertThat(reads.backfill(exchange)).isNull();
    }

    @Test
    void aDryRunReadsTheConnectionAsItIs() {
        Connection connection = fixtures.connection(user, "steps");
        Instant cursor = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(fixtures.connections.advanceCursor(connection.userId(), connection.id(), DataType.STEPS, null, cursor,
                UUID.randomUUID().toString(), JobState.SUCCEEDED)).isTrue();
        Job job = fixtures.dryRunJob(connection);
        Exchange exchange = fixtures.exchange(messageOf(job));

        assertThat(reads.dryRun(exchange)).isTrue();
        assertThat(reads.connectionKey(exchange)).isEqualTo(ConnectionStore.key(connection.userId(), connection.id()));
        answer(exchange, fixtures.tables.connections(), reads.connectionKey(exchange));
        Connection read = reads.connection(exchange);

        assertThat(read).usingRecursiveComparison().isEqualTo(fixtures.stored(connection));
        assertThat(read.statusOf(DataType.STEPS).lastSyncTime()).as("the cursor as it is now").isEqualTo(cursor);
    }

    @Test
    void aDeletedConnectionReadsAsNone() {
        Connection connection = fixtures.connection(user, "steps");
        Job job = fixtures.dryRunJob(connection);
        fixtures.delete(user, connection);
        Exchange exchange = fixtures.exchange(messageOf(job));
        answer(exchange, fixtures.tables.connections(), reads.connectionKey(exchange));

        assertThat(reads.connection(exchange)).isNull();
    }
}
