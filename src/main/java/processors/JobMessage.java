package processors;

import model.DataType;
import model.TimeWindow;

/**
 * What a queue message says about a job: ids only, never a token or a health value (DESIGN.md §5).
 * {@code window} is set for backfill windows; a hot job's window follows from the cursor when it runs.
 */
public record JobMessage(String jobId, String userId, String connectionId, DataType dataType, String path,
                         TimeWindow window, String trigger) {
}
