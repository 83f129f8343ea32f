package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import model.ActivityRecord;
import model.ConflictStrategy;
import model.HealthRecord;

/**
 * Decides, for source records and the destination's records of the same window, what to write (docs/architecture.md
 * §8). Pure: no I/O, no Camel. A conflict is a destination record for the same period — the same
 * interval for samples, the same second for instant measurements, an overlapping session for sleep and the
 * same workout for activities ({@link SessionMatch}). Interval samples the destination keeps at another granularity
 * (a 15-minute epoch against minute steps) conflict too wherever they overlap: neither side's counts can replace the
 * other's one for one, so the source's are not added on top of them (counted twice) but skipped with a reason. A destination record that already says
 * the same is never written again, which is what makes a re-run write nothing. MERGE_INTELLIGENTLY merges
 * workouts ({@link ActivityMerger}) and is PRIORITIZE_SOURCE for every other type. A source record SyncWell itself
 * wrote (it carries a sync id) is never sent back.
 */
public final class ConflictResolver {

    public static final String ALREADY_PRESENT = "already at the destination";
    public static final String DESTINATION_KEPT = "destination has data for this period (PRIORITIZE_DESTINATION)";
    public static final String CANNOT_REPLACE = "destination has a different value it does not let us overwrite";
    public static final String OTHER_GRANULARITY =
            "destination counts this period in intervals of another length: not added, so nothing is counted twice";
    /** Loop safety: a record SyncWell wrote at the source is its own echo, whatever the direction of this sync. */
    public static final String WRITTEN_BY_SYNCWELL = "written by SyncWell: not sent back";

    private ConflictResolver() {
    }

    /**
     * @param replaceable whether the destination lets us overwrite a record of its own
     */
    public static SyncPlan resolve(List<HealthRecord> source, List<HealthRecord> destination, ConflictStrategy strategy,
                                   Predicate<HealthRecord> replaceable) {
        Map<Period, List<HealthRecord>> existingByPeriod = new LinkedHashMap<>();
        destination.forEach(r -> existingByPeriod.computeIfAbsent(Period.of(r), p -> new ArrayList<>()).add(r));
        IntervalIndex intervals = new IntervalIndex(destination);
        List<HealthRecord> latest = latestPerPeriod(source);
        List<HealthRecord> sessions = latest.stream().filter(SessionMatch::isSession).filter(r -> !echo(r)).toList();
        // a destination record another source record replaces or merges into is its, not a conflict for the next one
        Set<HealthRecord> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        Function<HealthRecord, List<HealthRecord>> conflicting = record -> SessionMatch.isSession(record)
                ? destination.stream()
                        .filter(existing -> !claimed.contains(existing) && SessionMatch.sameSession(record, existing))
                        .filter(existing -> !heldByAnother(record, existing, sessions, strategy))
                        .toList()
                : existingByPeriod.getOrDefault(Period.of(record), List.of());

        List<HealthRecord> creates = new ArrayList<>();
        List<SyncPlan.Replacement> replacements = new ArrayList<>();
        List<SyncPlan.Skip> skips = new ArrayList<>();
        List<SyncPlan.Merge> merges = new ArrayList<>();
        for (HealthRecord record : latest) {
            if (echo(record)) {
                skips.add(new SyncPlan.Skip(record, WRITTEN_BY_SYNCWELL));
                continue;
            }
            List<HealthRecord> existing = conflicting.apply(record);
            if (existing.isEmpty() && intervals.overlaps(record)) {
                skips.add(new SyncPlan.Skip(record, strategy == ConflictStrategy.PRIORITIZE_DESTINATION ? DESTINATION_KEPT : OTHER_GRANULARITY));
            } else if (existing.isEmpty()) {
                creates.add(record);
            } else if (strategy == ConflictStrategy.MERGE_INTELLIGENTLY && record instanceof ActivityRecord workout) {
                MergeDecision decision = merge(workout, existing, replaceable);
                if (decision.merge() != null) {
                    merges.add(decision.merge());
                    claimed.add(decision.merge().existing());
                } else {
                    skips.add(new SyncPlan.Skip(record, decision.skipReason(), decision.recording()));
                }
            } else if (existing.stream().anyMatch(record::sameValueAs)) {
                skips.add(new SyncPlan.Skip(record, ALREADY_PRESENT, existing.stream().filter(record::sameValueAs).findFirst().get()));
            } else if (strategy == ConflictStrategy.PRIORITIZE_DESTINATION) {
                skips.add(new SyncPlan.Skip(record, DESTINATION_KEPT, existing.get(0)));
            } else {
                // PRIORITIZE_SOURCE; MERGE_INTELLIGENTLY falls back to it for every type but activities (docs/architecture.md §8)
                Optional<HealthRecord> ours = existing.stream().filter(replaceable).findFirst();
                if (ours.isPresent()) {
                    replacements.add(new SyncPlan.Replacement(record, ours.get()));
                    if (SessionMatch.isSession(record)) {
                        claimed.add(ours.get());
                    }
                } else {
                    skips.add(new SyncPlan.Skip(record, CANNOT_REPLACE, existing.get(0)));
                }
            }
        }
        return new SyncPlan(creates, replacements, skips, merges);
    }

    /**
     * Whether a destination session is what another source session of this sync already put there (written as it
     * is, or merged into): replacing it would undo that record and the next run would put it back. Only sessions
     * can meet this — a source lists each sample period once.
     */
    private static boolean heldByAnother(HealthRecord record, HealthRecord existing, List<HealthRecord> sessions,
                                         ConflictStrategy strategy) {
        if (alreadyWrittenBy(record, existing, strategy)) {
            // its own: a workout and its local-time twin (two sessions hours apart) may each match the other's record
            return false;
        }
        for (HealthRecord other : sessions) {
            if (other != record && SessionMatch.sameSession(other, existing) && alreadyWrittenBy(other, existing, strategy)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the destination session is what writing the source session would leave there: itself, or the merge. */
    private static boolean alreadyWrittenBy(HealthRecord source, HealthRecord existing, ConflictStrategy strategy) {
        if (source.sameValueAs(existing)) {
            return true;
        }
        return strategy == ConflictStrategy.MERGE_INTELLIGENTLY && source instanceof ActivityRecord workout
                && ActivityMerger.sameRecording(mergeOnOneTimeLine(workout, (ActivityRecord) existing).merged(),
                (ActivityRecord) existing);
    }

    /**
     * The source workout merged with the destination's recording of it, or the reason nothing is written: some
     * matching recording already is what the merge would give (so a re-run writes nothing), or none of them may be
     * overwritten. Of several recordings the one that starts closest is merged with.
     */
    private static MergeDecision merge(ActivityRecord source, List<HealthRecord> existing, Predicate<HealthRecord> replaceable) {
        List<SyncPlan.Merge> candidates = new ArrayList<>();
        for (HealthRecord record : existing) {
            ActivityRecord recording = (ActivityRecord) record;
            if (ActivityMerger.sameRecording(source, recording)) {
                return new MergeDecision(null, ALREADY_PRESENT, recording);
            }
            SyncPlan.Merge merge = mergeOnOneTimeLine(source, recording);
            if (ActivityMerger.sameRecording(merge.merged(), recording)) {
                return new MergeDecision(null, ALREADY_PRESENT, recording);
            }
            if (replaceable.test(recording)) {
                candidates.add(merge);
            }
        }
        return candidates.stream()
                .min(Comparator.comparing(m -> Duration.between(m.merged().start(), m.existing().start()).abs()))
                .map(m -> new MergeDecision(m, null, null))
                .orElse(new MergeDecision(null, CANNOT_REPLACE, existing.get(0)));
    }

    /** A merge, or the reason there is none and the destination's recording in the way. */
    private record MergeDecision(SyncPlan.Merge merge, String skipReason, HealthRecord recording) {
    }

    /**
     * A local-time twin (one side logged wall-clock time without an offset) is first read in the other side's offset,
     * so both streams lie on the same time line; the merge still takes the place of the recording as it is.
     */
    private static SyncPlan.Merge mergeOnOneTimeLine(ActivityRecord source, ActivityRecord recording) {
        if (!SessionMatch.localTimeTwin(source, recording)) {
            return ActivityMerger.merge(source, recording);
        }
        boolean sourceIsLocal = SessionMatch.offsetOf(source).equals(ZoneOffset.UTC);
        SyncPlan.Merge merge = sourceIsLocal
                ? ActivityMerger.merge(SessionMatch.readInOffset(source, recording.zoneOffset()), recording)
                : ActivityMerger.merge(source, SessionMatch.readInOffset(recording, source.zoneOffset()));
        return new SyncPlan.Merge(merge.merged(), recording, merge.fieldProvenance());
    }

    private static boolean echo(HealthRecord record) {
        return record.provenance() != null && record.provenance().writtenBySyncWell();
    }

    /** A source that lists the same period twice (a corrected value) is taken at its last word. */
    private static List<HealthRecord> latestPerPeriod(List<HealthRecord> source) {
        Map<Period, HealthRecord> latest = new LinkedHashMap<>();
        source.forEach(r -> latest.put(Period.of(r), r));
        return List.copyOf(latest.values());
    }

    /**
     * The destination's interval samples (steps) by start, to find those overlapping a source interval of another
     * length without comparing every pair: a sample can only overlap one that starts less than the longest sample's
     * length before it.
     */
    private static final class IntervalIndex {
        private final NavigableMap<Instant, List<HealthRecord>> byStart = new TreeMap<>();
        private Duration longest = Duration.ZERO;

        IntervalIndex(List<HealthRecord> destination) {
            for (HealthRecord record : destination) {
                if (isIntervalSample(record)) {
                    byStart.computeIfAbsent(record.start(), start -> new ArrayList<>()).add(record);
                    Duration length = Duration.between(record.start(), record.end());
                    longest = length.compareTo(longest) > 0 ? length : longest;
                }
            }
        }

        /** Whether some destination interval of the record's type overlaps it (touching is not overlapping). */
        boolean overlaps(HealthRecord record) {
            if (!isIntervalSample(record) || byStart.isEmpty()) {
                return false;
            }
            return byStart.subMap(record.start().minus(longest), false, record.end(), false).values().stream()
                    .flatMap(List::stream)
                    .anyMatch(existing -> existing.type() == record.type()
                            && existing.start().isBefore(record.end()) && existing.end().isAfter(record.start()));
        }

        private static boolean isIntervalSample(HealthRecord record) {
            return !SessionMatch.isSession(record) && record.start().isBefore(record.end());
        }
    }

    /** The period a record covers, at the precision providers keep (whole seconds). */
    private record Period(Object type, Instant start, Instant end) {
        static Period of(HealthRecord r) {
            return new Period(r.type(), r.start().truncatedTo(ChronoUnit.SECONDS), r.end().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
