package state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.ConflictStrategy;
import model.DataType;

/**
 * A user's sync of some data types from one provider to another, with a cursor per data type in {@code status}.
 * {@code conflictStrategies} overrides {@code conflictStrategy} for single data types (keyed by their ids).
 * {@code nextSyncAt}: when the scheduler next queues a sync ({@code schedule} set); {@code nextReconcileAt}: when it
 * next queues the reconciliation pass over recent days (late data). {@code disabledReason}: why SyncWell disabled the
 * connection itself (an account it uses was unlinked); gone once the user sets {@code enabled} again.
 * {@code sourceVersion}, {@code destinationVersion}: the provider versions the connection was made with, which its jobs
 * use until an operator moves it ({@code providers.spi.ProviderRegistry}); absent on connections stored before versions
 * were pinned, which are on their providers' oldest versions.
 */
public record Connection(String userId, String id, String source, String destination, String sourceVersion,
                         String destinationVersion, List<DataType> dataTypes,
                         ConflictStrategy conflictStrategy, Map<String, ConflictStrategy> conflictStrategies,
                         String schedule, boolean enabled, Instant createdAt, Instant updatedAt, long version,
                         Map<String, DataTypeStatus> status, Instant nextSyncAt, Instant nextReconcileAt,
                         String disabledReason) {

    public Connection {
        // connections stored before per-type strategies existed have none
        conflictStrategies = conflictStrategies == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(conflictStrategies));
        status = status == null ? Map.of() : status;
    }

    /** The same connection pinned to these provider versions. */
    public Connection withVersions(String sourceVersion, String destinationVersion) {
        return new Connection(userId, id, source, destination, sourceVersion, destinationVersion, dataTypes, conflictStrategy,
                conflictStrategies, schedule, enabled, createdAt, updatedAt, version, status, nextSyncAt, nextReconcileAt,
                disabledReason);
    }

    public DataTypeStatus statusOf(DataType type) {
        return status.getOrDefault(type.id(), DataTypeStatus.never());
    }

    /** The strategy a job of {@code type} resolves conflicts with: the type's own, else the connection's. */
    public ConflictStrategy strategyFor(DataType type) {
        return conflictStrategies.getOrDefault(type.id(), conflictStrategy);
    }

    /** Why a job of {@code type} cannot run on this connection now; empty when it can. */
    public Optional<String> unavailableFor(DataType type) {
        if (!enabled) {
            return Optional.of("connection " + id + " is disabled" + (disabledReason == null ? "" : ": " + disabledReason));
        }
        if (!dataTypes.contains(type)) {
            return Optional.of("connection " + id + " no longer syncs " + type);
        }
        return Optional.empty();
    }

    public java.time.Duration scheduleInterval() {
        return schedule == null ? null : java.time.Duration.parse(schedule);
    }
}
