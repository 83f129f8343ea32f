package state;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.JobState;
import model.TimeWindow;

/**
 * The record of one sync job (docs/architecture.md §5 {@code GET /v1/jobs/{id}}). {@code deferredUntil}: a rate-limited job
 * runs again no earlier than this. {@code dryRun}: the job only plans, it writes nothing. {@code plan}: the
 * summary of what the job planned ({@code conflict.PlanSummary}), once it resolved; kept as the JSON it was
 * stored as, so reading a job never depends on how the summary's class evolves. {@code backfillId}: the backfill a cold
 * window belongs to.
 */
public record Job(String id, String userId, String connectionId, DataType dataType, String path, String trigger,
                  boolean dryRun, TimeWindow window, JobState state, int attempts, List<JobEvent> history,
                  JobCounts counts, JsonNode plan, String error, Instant deferredUntil, Instant createdAt,
                  Instant updatedAt, Long expiresAt, String backfillId) {
}
