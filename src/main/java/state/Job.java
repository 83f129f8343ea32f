package state;

import java.time.Instant;
import java.util.List;

import model.DataType;
import model.JobState;
import model.TimeWindow;

/**
 * The record of one sync job (DESIGN.md §5 {@code GET /v1/jobs/{id}}). {@code deferredUntil}: a rate-limited job
 * runs again no earlier than this.
 */
public record Job(String id, String userId, String connectionId, DataType dataType, String path, String trigger,
                  TimeWindow window, JobState state, int attempts, List<JobEvent> history, JobCounts counts,
                  String error, Instant deferredUntil, Instant createdAt, Instant updatedAt, Long expiresAt) {
}
