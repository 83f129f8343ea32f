package providers.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import model.DataType;

/**
 * What {@code GET /v1/providers} shows of a provider: identity, API version, life-cycle status
 * ({@code active}, {@code deprecated}, {@code retired}) and its capability table — the data types it reads,
 * and for each type it writes, how it lets an existing record be overwritten. Connections are checked
 * against it. {@code backfill}: the longest period of each type one cold job asks of the provider, from its API's
 * limits (a day of Fitbit intraday minutes, 24 h of Garmin upload time, a month of weight logs...).
 */
public record ProviderInfo(String id, String name, String version, String status, String notice, List<DataType> read,
                           Map<DataType, Overwrite> overwrite, @JsonIgnore Map<DataType, Duration> backfill) {

    /** A backfill window of a type the provider names none for: one day. */
    public static final Duration DEFAULT_BACKFILL_WINDOW = Duration.ofDays(1);

    public ProviderInfo {
        read = List.copyOf(read);
        overwrite = Collections.unmodifiableMap(new LinkedHashMap<>(overwrite));
        backfill = Collections.unmodifiableMap(new LinkedHashMap<>(backfill));
    }

    public ProviderInfo(String id, String name, String version, String status, String notice, List<DataType> read,
                        Map<DataType, Overwrite> overwrite) {
        this(id, name, version, status, notice, read, overwrite, Map.of());
    }

    /** The same row with the backfill windows of its types (those left out get {@link #DEFAULT_BACKFILL_WINDOW}). */
    public ProviderInfo withBackfill(Map<DataType, Duration> windows) {
        return new ProviderInfo(id, name, version, status, notice, read, overwrite, windows);
    }

    /** The longest period of {@code type} one backfill job asks of this provider. */
    public Duration backfillWindow(DataType type) {
        return backfill.getOrDefault(type, DEFAULT_BACKFILL_WINDOW);
    }

    /** {@code GET /v1/providers} shows each type's backfill window as an ISO-8601 duration, for the types it reads or writes. */
    @JsonProperty("backfillWindows")
    public Map<DataType, String> backfillWindows() {
        Map<DataType, String> windows = new LinkedHashMap<>();
        for (DataType type : DataType.values()) {
            if (canRead(type) || canWrite(type)) {
                windows.put(type, backfillWindow(type).toString());
            }
        }
        return windows;
    }

    /**
     * The backfill windows of an API that serves minute series by the day, workouts with their streams by the week and
     * weights and nights by the month (Google's: a day of minute steps is a dataset of ~1,440 points, a week of
     * workouts a handful of sessions each with its track).
     */
    public static Map<DataType, Duration> dayWeekMonthWindows() {
        Map<DataType, Duration> windows = windows(Duration.ofDays(1), DataType.STEPS, DataType.HEART_RATE);
        windows.putAll(windows(Duration.ofDays(7), DataType.ACTIVITIES));
        windows.putAll(windows(Duration.ofDays(30), DataType.SLEEP, DataType.WEIGHT));
        return windows;
    }

    /** A table of backfill windows: this window for these types. */
    public static Map<DataType, Duration> windows(Duration window, DataType... types) {
        Map<DataType, Duration> table = new LinkedHashMap<>();
        Arrays.stream(types).forEach(type -> table.put(type, window));
        return table;
    }

    /** The data types it writes, in the order given. */
    @JsonProperty("write")
    public List<DataType> write() {
        return List.copyOf(overwrite.keySet());
    }

    public boolean canRead(DataType type) {
        return read.contains(type);
    }

    public boolean canWrite(DataType type) {
        return overwrite.containsKey(type);
    }

    /** A capability row: these types are written, and overwritten {@code how}. */
    public static Map<DataType, Overwrite> writes(Overwrite how, DataType... types) {
        Map<DataType, Overwrite> row = new LinkedHashMap<>();
        Arrays.stream(types).forEach(type -> row.put(type, how));
        return row;
    }
}
