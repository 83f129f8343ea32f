package conflict;

import java.util.List;

import model.HealthRecord;

/**
 * What a sync will do at the destination: create records, replace existing ones (by the destination's
 * own means), and skip others — each skip with its reason.
 */
public record SyncPlan(List<HealthRecord> creates, List<Replacement> replacements, List<Skip> skips) {

    /** A source record that takes the place of a different one already at the destination. */
    public record Replacement(HealthRecord source, HealthRecord existing) {
    }

    public record Skip(HealthRecord source, String reason) {
    }

    public int writes() {
        return creates.size() + replacements.size();
    }

    public boolean isEmpty() {
        return creates.isEmpty() && replacements.isEmpty();
    }
}
