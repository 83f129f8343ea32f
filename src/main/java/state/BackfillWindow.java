package state;

import java.time.Instant;

import model.DataType;
import model.JobState;
import model.TimeWindow;

/** One window of a backfill as its job stands: what {@code GET /v1/backfills/{id}} adds up. */
public record BackfillWindow(String id, DataType dataType, TimeWindow window, JobState state, JobCounts counts,
                             Instant updatedAt) {
}
