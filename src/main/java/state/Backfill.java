package state;

import java.time.Instant;
import java.util.List;

import model.DataType;

/**
 * A request to sync a connection's history from {@code from} to {@code to}, split into {@code windows} cold jobs.
 * Stored {@code state} is {@value #RUNNING} or {@value #CANCELLED}; whether a running one has succeeded or failed
 * follows from its windows' jobs ({@code GET /v1/backfills/{id}}).
 */
public record Backfill(String id, String userId, String connectionId, Instant from, Instant to, List<DataType> dataTypes,
                       String state, int windows, Instant createdAt, Instant cancelledAt, Long expiresAt) {

    public static final String RUNNING = "running";
    public static final String CANCELLED = "cancelled";

    public boolean cancelled() {
        return CANCELLED.equals(state);
    }
}
