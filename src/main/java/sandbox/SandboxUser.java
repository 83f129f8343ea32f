package sandbox;

import java.util.List;

/**
 * One account at a simulated provider. Subclasses keep the data in the provider's own shape and
 * guard it with their monitor, because engine workers call concurrently. The methods here are the
 * provider-neutral view the test API works with.
 */
abstract class SandboxUser {

    private final String id;

    protected SandboxUser(String id) {
        this.id = id;
    }

    final String id() {
        return id;
    }

    /** Non-zero step counts, oldest first. */
    abstract List<SandboxStepEntry> stepEntries();

    /** Adds steps as if the user's device had recorded them; all entries are checked before any is stored. */
    abstract void addSteps(List<SandboxStepEntry> entries);

    /** Weighings, oldest first. */
    abstract List<SandboxWeightEntry> weightEntries();

    /** Adds weighings as if the user's scale or phone had recorded them. */
    abstract void addWeights(List<SandboxWeightEntry> entries);

    /** Forgets every data point; the account and its tokens stay. */
    abstract void wipeData();
}
