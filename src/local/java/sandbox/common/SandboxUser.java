package sandbox.common;

import java.util.List;

/**
 * One account at a simulated provider. Subclasses keep the data in the provider's own shape and
 * guard it with their monitor, because engine workers call concurrently. The methods here are the
 * provider-neutral view the test API works with.
 */
public abstract class SandboxUser {

    private final String id;

    protected SandboxUser(String id) {
        this.id = id;
    }

    public final String id() {
        return id;
    }

    /** Non-zero step counts, oldest first; providers without steps (Strava, Wahoo) answer 404. */
    public List<SandboxStepEntry> stepEntries() {
        throw notSimulated("steps");
    }

    /** Adds steps as if the user's device had recorded them; all entries are checked before any is stored. */
    public void addSteps(List<SandboxStepEntry> entries) {
        throw notSimulated("steps");
    }

    /** Weighings, oldest first; providers without a weight history answer 404. */
    public List<SandboxWeightEntry> weightEntries() {
        throw notSimulated("weight");
    }

    /** Adds weighings as if the user's scale or phone had recorded them. */
    public void addWeights(List<SandboxWeightEntry> entries) {
        throw notSimulated("weight");
    }

    private ApiProblem notSimulated(String type) {
        return ApiProblem.notFound("This provider's sandbox does not simulate " + type);
    }

    /** Forgets every data point; the account and its tokens stay. */
    public abstract void wipeData();
}
