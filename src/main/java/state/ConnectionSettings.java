package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import model.ConflictStrategy;
import model.DataType;

/**
 * What {@code PATCH /v1/connections/{id}} may change of a connection: its settings, never its cursors, job fields or
 * anything else a running job or the scheduler writes. {@code nextSyncAt} is set again only when the schedule changed.
 */
public record ConnectionSettings(List<DataType> dataTypes, ConflictStrategy conflictStrategy,
                                 Map<String, ConflictStrategy> conflictStrategies, String schedule, boolean enabled,
                                 boolean scheduleChanged, Instant nextSyncAt) {
}
