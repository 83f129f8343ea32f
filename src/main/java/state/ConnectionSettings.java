package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import model.ConflictStrategy;
import model.DataType;

/**
 * What {@code PATCH /v1/connections/{id}} may change of a connection: its settings, never its cursors, job fields or
 * anything else a running job writes. {@code nextSyncAt}: the next scheduled sync (null: no schedule);
 * {@code firstReconcile}: the first reconciliation of a connection that has none yet (made before reconciliations).
 */
public record ConnectionSettings(List<DataType> dataTypes, ConflictStrategy conflictStrategy,
                                 Map<String, ConflictStrategy> conflictStrategies, String schedule, boolean enabled,
                                 Instant nextSyncAt, Instant firstReconcile) {
}
