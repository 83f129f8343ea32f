package conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import model.ActivityRecord;
import model.HealthRecord;

/**
 * What a sync will do at the destination: create records, replace existing ones (by the destination's own means:
 * update, or delete and create), merge a source workout with the destination's recording of it, and skip others —
 * each skip with its reason.
 */
public record SyncPlan(List<HealthRecord> creates, List<Replacement> replacements, List<Skip> skips, List<Merge> merges) {

    public SyncPlan {
        creates = List.copyOf(creates);
        replacements = List.copyOf(replacements);
        skips = List.copyOf(skips);
        merges = List.copyOf(merges);
    }

    public SyncPlan(List<HealthRecord> creates, List<Replacement> replacements, List<Skip> skips) {
        this(creates, replacements, skips, List.of());
    }

    /** A source record that takes the place of a different one already at the destination. */
    public record Replacement(HealthRecord source, HealthRecord existing) {
    }

    /** A source record not written, and why; {@code existing}: the destination's record in its way, when there is one. */
    public record Skip(HealthRecord source, String reason, HealthRecord existing) {
        public Skip(HealthRecord source, String reason) {
            this(source, reason, null);
        }
    }

    /**
     * One workout made of the source's and the destination's recordings (MERGE_INTELLIGENTLY), replacing the
     * destination's; {@code fieldProvenance} says which side each field came from ({@code "heartRate" -> "wahoo:123"}).
     */
    public record Merge(ActivityRecord merged, HealthRecord existing, Map<String, String> fieldProvenance) {
        public Merge {
            fieldProvenance = Map.copyOf(fieldProvenance);
        }
    }

    public int writes() {
        return creates.size() + replacements.size() + merges.size();
    }

    public boolean isEmpty() {
        return writes() == 0;
    }

    /** The plan as a destination carries it out: a merge is the replacement of its recording by the merged workout. */
    public SyncPlan forWrite() {
        if (merges.isEmpty()) {
            return this;
        }
        List<Replacement> all = new ArrayList<>(replacements);
        merges.forEach(merge -> all.add(new Replacement(merge.merged(), merge.existing())));
        return new SyncPlan(creates, all, skips, List.of());
    }
}
