package sandbox;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Google Health data types the sandbox simulates. Steps are an interval type the API offers only
 * list, reconcile and roll-ups for (no create); weight is a sample type that can be created, patched and
 * batch-deleted, and its points are identifiable (they have a name). Other types answer 400.
 */
enum GoogleHealthDataType {

    STEPS("steps", "steps", "activity_and_fitness", true, false),
    WEIGHT("weight", "weight", "health_metrics_and_measurements", false, true);

    private static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/googlehealth.";

    /** The kebab-case id of the path; for these types also the camelCase union member and the filter id. */
    private final String id;
    private final String field;
    private final String scopeGroup;
    private final boolean interval;
    private final boolean writable;

    GoogleHealthDataType(String id, String field, String scopeGroup, boolean interval, boolean writable) {
        this.id = id;
        this.field = field;
        this.scopeGroup = scopeGroup;
        this.interval = interval;
        this.writable = writable;
    }

    String id() {
        return id;
    }

    /** The member of the DataPoint union that carries this type's data. */
    String field() {
        return field;
    }

    /** The snake_case id filters use (the same as the path id for one-word types). */
    String filterId() {
        return id.replace('-', '_');
    }

    boolean interval() {
        return interval;
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
