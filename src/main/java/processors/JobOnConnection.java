package processors;

import jobs.JobMessage;
import model.JobState;
import state.ConnectionLeases;
import state.ConnectionStore;

/**
 * What a job leaves on its connection when it stops running (deferred, dead-lettered; success moves the cursor
 * instead): its data type's lease is given up, and a hot job is recorded as the type's last job. A dry run took no
 * lease and is no sync; a cold window (backfill, reconciliation) leaves the status to the syncs of fresh data.
 */
final class JobOnConnection {

    private JobOnConnection() {
    }

    static void stopped(ConnectionStore connections, ConnectionLeases leases, JobMessage job, JobState state) {
        if (job.dryRun()) {
            return;
        }
        if (job.window() != null) {
            leases.release(job.userId(), job.connectionId(), job.dataType(), job.jobId());
        } else {
            connections.finishJob(job.userId(), job.connectionId(), job.dataType(), job.jobId(), state);
        }
    }
}
