package state;

import java.time.Instant;

import model.JobState;

/**
 * Per data type of a connection: the cursor ({@code lastSyncTime}), the last job's outcome, and why the scheduler last
 * passed the type by ({@code skipped}; gone once it queues the type again).
 */
public record DataTypeStatus(Instant lastSyncTime, String lastJobId, JobState lastJobState, Skip skipped) {

    /** A run of the schedule that queued nothing for the type, and why. */
    public record Skip(Instant at, String reason) {
    }

    public static DataTypeStatus never() {
        return new DataTypeStatus(null, null, null, null);
    }
}
