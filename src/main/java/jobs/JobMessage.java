package jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

import model.DataType;
import model.TimeWindow;

/**
 * What a queue message says about a job: ids only, never a token or a health value (docs/architecture.md §5).
 * {@code window} is set for backfill windows; a hot job's window follows from the cursor when it runs.
 * {@code dryRun}: plan only, write nothing and leave the cursor alone (left out of the message when false).
 */
public record JobMessage(String jobId, String userId, String connectionId, DataType dataType, String path,
                         TimeWindow window, String trigger,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean dryRun) {

    /** Whether it names a job at all: the ids and the data type every step needs. */
    public boolean isComplete() {
        return jobId != null && userId != null && connectionId != null && dataType != null;
    }
}
