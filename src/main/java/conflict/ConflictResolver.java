package conflict;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import model.ConflictStrategy;
import model.HealthRecord;

/**
 * Decides, for source records and the destination's records of the same window, what to write (DESIGN.md
 * §8). Pure: no I/O, no Camel. A conflict is a destination record for the same period — the same
 * interval for samples, the same second for instant measurements, an overlapping session for sleep and the
 * same workout for activities ({@link SessionMatch}). A destination record that already says
 * the same is never written again, which is what makes a re-run write nothing.
 */
public final class ConflictResolver {

    public static final String ALREADY_PRESENT = "already at the destination";
    public static final String DESTINATION_KEPT = "destination has data for this period (PRIORITIZE_DESTINATION)";
    public static final String CANNOT_REPLACE = "destination has a different value it does not let us overwrite";

    private ConflictResolver() {
    }

    /**
     * @param replaceable whether the destination lets us overwrite a record of its own
     */
    public static SyncPlan resolve(List<HealthRecord> source, List<HealthRecord> destination, ConflictStrategy strategy,
                                   Predicate<HealthRecord> replaceable) {
        Map<Period, List<HealthRecord>> existingByPeriod = new LinkedHashMap<>();
        destination.forEach(r -> existingByPeriod.computeIfAbsent(Period.of(r), p -> new ArrayList<>()).add(r));
        Function<HealthRecord, List<HealthRecord>> conflicting = record -> SessionMatch.isSession(record)
                ? destination.stream().filter(existing -> SessionMatch.sameSession(record, existing)).toList()
                : existingByPeriod.getOrDefault(Period.of(record), List.of());

        List<HealthRecord> creates = new ArrayList<>();
        List<SyncPlan.Replacement> replacements = new ArrayList<>();
        List<SyncPlan.Skip> skips = new ArrayList<>();
        for (HealthRecord record : latestPerPeriod(source)) {
            List<HealthRecord> existing = conflicting.apply(record);
            if (existing.isEmpty()) {
                creates.add(record);
            } else if (existing.stream().anyMatch(record::sameValueAs)) {
                skips.add(new SyncPlan.Skip(record, ALREADY_PRESENT));
            } else if (strategy == ConflictStrategy.PRIORITIZE_DESTINATION) {
                skips.add(new SyncPlan.Skip(record, DESTINATION_KEPT));
            } else {
                // PRIORITIZE_SOURCE; MERGE_INTELLIGENTLY falls back to it for sample types (DESIGN.md §8)
                Optional<HealthRecord> ours = existing.stream().filter(replaceable).findFirst();
                if (ours.isPresent()) {
                    replacements.add(new SyncPlan.Replacement(record, ours.get()));
                } else {
                    skips.add(new SyncPlan.Skip(record, CANNOT_REPLACE));
                }
            }
        }
        return new SyncPlan(List.copyOf(creates), List.copyOf(replacements), List.copyOf(skips));
    }

    /** A source that lists the same period twice (a corrected value) is taken at its last word. */
    private static List<HealthRecord> latestPerPeriod(List<HealthRecord> source) {
        Map<Period, HealthRecord> latest = new LinkedHashMap<>();
        source.forEach(r -> latest.put(Period.of(r), r));
        return List.copyOf(latest.values());
    }

    /** The period a record covers, at the precision providers keep (whole seconds). */
    private record Period(Object type, Instant start, Instant end) {
        static Period of(HealthRecord r) {
            return new Period(r.type(), r.start().truncatedTo(ChronoUnit.SECONDS), r.end().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
