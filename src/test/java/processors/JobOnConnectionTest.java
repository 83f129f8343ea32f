package processors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.TimeWindow;
import state.Connection;
import state.ConnectionLeases;
import state.DataTypeStatus;
import support.SharedSyncWell;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static processors.ProcessorFixtures.connectionStore;
import static processors.ProcessorFixtures.leaseIsFree;
import static processors.ProcessorFixtures.leases;
import static processors.ProcessorFixtures.linkedUser;
import static processors.ProcessorFixtures.newId;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.stepsConnection;

/**
 * {@link JobOnConnection}, what a job that stops running leaves on its connection, against the real connection store
 * and leases: a hot job is recorded as its type's last job and gives the lease up; a cold window only gives it up; a
 * dry run touches nothing; a lease another job holds by now stays; a connection deleted meanwhile is no failure.
 */
@ExtendWith(SharedSyncWell.class)
class JobOnConnectionTest {

    private static TestUser user;

    @BeforeAll
    static void linkAUser() {
        user = linkedUser();
    }

    @Test
    void aStoppedHotJobIsItsTypesLastJobAndGivesTheLeaseUp() {
        Connection connection = stepsConnection(user);
        JobMessage job = hot(connection);
        holdLease(connection, job.jobId(), "hot");

        JobOnConnection.stopped(connectionStore(), leases(), job, JobState.DEFERRED);

        DataTypeStatus steps = reread(connection).statusOf(DataType.STEPS);
        assertThat(steps.lastJobId()).isEqualTo(job.jobId());
        assertThat(steps.lastJobState()).isEqualTo(JobState.DEFERRED);
        assertThat(steps.lastSyncTime()).as("the cursor does not move").isNull();
        assertThat(leaseIsFree(connection, DataType.STEPS)).isTrue();
    }

    @Test
    void aStoppedColdWindowGivesTheLeaseUpAndLeavesTheStatusToFreshSyncs() {
        Connection connection = stepsConnection(user);
        Instant now = Instant.now();
        JobMessage window = new JobMessage(newId(), connection.userId(), connection.id(), DataType.STEPS, "cold",
                new TimeWindow(now.minus(8, ChronoUnit.DAYS), now.minus(7, ChronoUnit.DAYS)), "backfill", false);
        holdLease(connection, window.jobId(), "cold");

        JobOnConnection.stopped(connectionStore(), leases(), window, JobState.MOVED_TO_DLQ);

        assertThat(leaseIsFree(connection, DataType.STEPS)).isTrue();
        assertThat(reread(connection).statusOf(DataType.STEPS)).isEqualTo(DataTypeStatus.never());
    }

    @Test
    void aStoppedDryRunTouchesNothing() {
        Connection connection = stepsConnection(user);
        JobMessage dryRun = new JobMessage(newId(), connection.userId(), connection.id(), DataType.STEPS, "hot", null,
                "api", true);
        // whoever holds the type's lease now keeps it: a dry run never took it
        String holder = newId();
        holdLease(connection, holder, "hot");

        JobOnConnection.stopped(connectionStore(), leases(), dryRun, JobState.DEFERRED);

        assertThat(reread(connection).statusOf(DataType.STEPS)).isEqualTo(DataTypeStatus.never());
        assertThat(leaseIsFree(connection, DataType.STEPS)).isFalse();
        leases().release(connection.userId(), connection.id(), DataType.STEPS, holder);
    }

    @Test
    void aLeaseAnotherJobHoldsByNowStaysButTheStoppedJobIsStillRecorded() {
        Connection connection = stepsConnection(user);
        JobMessage job = hot(connection);
        // the stopped job's lease lapsed while it ran, and another job took it
        String other = newId();
        holdLease(connection, other, "hot");

        JobOnConnection.stopped(connectionStore(), leases(), job, JobState.MOVED_TO_DLQ);

        DataTypeStatus steps = reread(connection).statusOf(DataType.STEPS);
        assertThat(steps.lastJobId()).isEqualTo(job.jobId());
        assertThat(steps.lastJobState()).isEqualTo(JobState.MOVED_TO_DLQ);
        ConnectionLeases.Outcome probe = leases().acquire(connection.userId(), connection.id(), DataType.STEPS, newId(),
                "hot", Instant.now(), Duration.ofSeconds(30));
        assertThat(probe).isEqualTo(new ConnectionLeases.Busy(other, "hot"));
        leases().release(connection.userId(), connection.id(), DataType.STEPS, other);
    }

    @Test
    void aConnectionDeletedMeanwhileIsNoFailure() {
        Connection connection = stepsConnection(user);
        JobMessage job = hot(connection);
        assertThat(connectionStore().delete(connection.userId(), connection.id())).isTrue();

        assertThatCode(() -> JobOnConnection.stopped(connectionStore(), leases(), job, JobState.MOVED_TO_DLQ))
                .doesNotThrowAnyException();
        assertThat(connectionStore().find(connection.userId(), connection.id())).as("not written back").isEmpty();

        JobMessage window = new JobMessage(newId(), connection.userId(), connection.id(), DataType.STEPS, "cold",
                new TimeWindow(Instant.now().minus(2, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS)),
                "backfill", false);
        assertThatCode(() -> JobOnConnection.stopped(connectionStore(), leases(), window, JobState.DEFERRED))
                .doesNotThrowAnyException();
        assertThat(connectionStore().find(connection.userId(), connection.id())).isEmpty();
    }

    private static JobMessage hot(Connection connection) {
        return new JobMessage(newId(), connection.userId(), connection.id(), DataType.STEPS, "hot", null, "api", false);
    }

    private static void holdLease(Connection connection, String jobId, String path) {
        assertThat(leases().acquire(connection.userId(), connection.id(), DataType.STEPS, jobId, path, Instant.now(),
                Duration.ofMinutes(5))).isInstanceOf(ConnectionLeases.Acquired.class);
    }
}
