package state;

import java.time.Instant;

import model.JobState;

/** Per data type of a connection: the cursor ({@code lastSyncTime}) and the last job's outcome. */
public record DataTypeStatus(Instant lastSyncTime, String lastJobId, JobState lastJobState) {

    public static DataTypeStatus never() {
        return new DataTypeStatus(null, null, null);
    }
}
