package sandbox.googlehealth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Google Health data types the sandbox simulates (docs/providers/googlehealth.md §2, §3). Steps (interval) and heart rate
 * (sample) are device telemetry the API offers only list, reconcile and roll-ups for (no create); weight (sample),
 * sleep and exercise (sessions) can be created, patched and batch-deleted, and their points are identifiable
 * (they have a name). Each kind is filtered by its own fields: intervals by start, samples by sample time, sleep by
 * its end, exercise by its civil start only. Other types answer 400.
 */
enum GoogleHealthDataType {

    STEPS("steps", "steps", "activity_and_fitness", Kind.INTERVAL, false),
    WEIGHT("weight", "weight", "health_metrics_and_measurements", Kind.SAMPLE, true),
    HEART_RATE("heart-rate", "heartRate", "health_metrics_and_measurements", Kind.SAMPLE, false),
    SLEEP("sleep", "sleep", "sleep", Kind.SLEEP, true),
    EXERCISE("exercise", "exercise", "activity_and_fitness", Kind.EXERCISE, true);

    /** How a type's points are shaped and filtered. */
    enum Kind { INTERVAL, SAMPLE, SLEEP, EXERCISE }

    static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/googlehealth.";
    /** list's page sizes: 1,440 by default and at most 10,000; for sleep and exercise 25 either way. */
    private static final int DEFAULT_PAGE_SIZE = 1440;
    private static final int MAX_PAGE_SIZE = 10_000;
    private static final int SESSION_PAGE_SIZE = 25;

    /** The kebab-case id of the path. */
    private final String id;
    private final String field;
    private final String scopeGroup;
    private final Kind kind;
    private final boolean writable;

    GoogleHealthDataType(String id, String field, String scopeGroup, Kind kind, boolean writable) {
        this.id = id;
        this.field = field;
        this.scopeGroup = scopeGroup;
        this.kind = kind;
        this.writable = writable;
    }

    String id() {
        return id;
    }

    /** The member of the DataPoint union that carries this type's data. */
    String field() {
        return field;
    }

    /** The snake_case id filters use. */
    String filterId() {
        return id.replace('-', '_');
    }

    Kind kind() {
        return kind;
    }

    /** The physical-time filter field after {@code <filterId>.}; null where only a civil time can be filtered. */
    String physicalFilterField() {
        return switch (kind) {
            case INTERVAL -> "interval.start_time";
            case SAMPLE -> "sample_time.physical_time";
            case SLEEP -> "interval.end_time";
            case EXERCISE -> null;
        };
    }

    String civilFilterField() {
        return switch (kind) {
            case INTERVAL, EXERCISE -> "interval.civil_start_time";
            case SAMPLE -> "sample_time.civil_time";
            case SLEEP -> "interval.civil_end_time";
        };
    }

    /** Sleep is filtered by when it ended; everything else by when it started (or was sampled). */
    boolean filteredByEnd() {
        return kind == Kind.SLEEP;
    }

    boolean session() {
        return kind == Kind.SLEEP || kind == Kind.EXERCISE;
    }

    int defaultPageSize() {
        return session() ? SESSION_PAGE_SIZE : DEFAULT_PAGE_SIZE;
    }

    int maxPageSize() {
        return session() ? SESSION_PAGE_SIZE : MAX_PAGE_SIZE;
    }

    /** Whether clients may create, patch and delete points of this type. */
    boolean writable() {
        return writable;
    }

    String readScope() {
        return SCOPE_PREFIX + scopeGroup + ".readonly";
    }

    String writeScope() {
        return SCOPE_PREFIX + scopeGroup + ".writeonly";
    }

    static Optional<GoogleHealthDataType> byId(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }
}
