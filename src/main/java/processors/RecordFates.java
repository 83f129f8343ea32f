package processors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import conflict.SyncPlan;
import jobs.JobMessage;
import model.ActivityRecord;
import model.HealthRecord;
import model.Provenance;
import model.SyncIds;
import state.RecordFate;

/**
 * The fates a job decided for the ledger ({@code state.RecordLedger}): one per source record of its plan — written
 * (created or replaced), merged, skipped with the reason — or, for a job that failed for good, failed. Ids, times,
 * types and outcomes only.
 */
public final class RecordFates {

    private RecordFates() {
    }

    /** What a job that wrote its plan did with each record. */
    public static List<RecordFate> decided(SyncPlan plan, JobMessage job, String destination, Instant at) {
        List<RecordFate> fates = new ArrayList<>();
        Fate fate = new Fate(job, destination, at);
        plan.creates().forEach(record -> fates.add(fate.of(record, RecordFate.WRITTEN, "created", written(job, record), null)));
        plan.replacements().forEach(replacement -> fates.add(fate.of(replacement.source(), RecordFate.WRITTEN, "replaced",
                written(job, replacement.source()), heldBy(replacement.existing()))));
        plan.merges().forEach(merge -> fates.add(fate.of(merge.merged(), RecordFate.MERGED, "merged: " + fields(merge.fieldProvenance()),
                written(job, merge.merged()), heldBy(merge.existing()))));
        plan.skips().forEach(skip -> fates.add(fate.of(skip.source(), RecordFate.SKIPPED, skip.reason(), null, heldBy(skip.existing()))));
        return fates;
    }

    /**
     * What a job that failed for good did not do: the writes its plan held failed (its skips stand); with no plan yet,
     * every source record it fetched failed. Nothing when it failed before it saw a record.
     */
    static List<RecordFate> failed(SyncPlan plan, List<HealthRecord> sources, JobMessage job, String destination, String reason,
                                   Instant at) {
        if (plan != null) {
            return decided(plan, job, destination, at).stream()
                    .map(fate -> RecordFate.SKIPPED.equals(fate.outcome()) ? fate : new RecordFate(fate.dataType(), fate.sourceId(),
                            fate.start(), fate.end(), fate.kind(), RecordFate.FAILED, reason, destination, null, fate.heldBy(),
                            fate.jobId(), fate.at()))
                    .toList();
        }
        Fate fate = new Fate(job, destination, at);
        return sources == null ? List.of() : sources.stream().map(record -> fate.of(record, RecordFate.FAILED, reason, null, null)).toList();
    }

    private record Fate(JobMessage job, String destination, Instant at) {
        RecordFate of(HealthRecord record, String outcome, String detail, String writtenAs, String heldBy) {
            Provenance source = record.provenance();
            String sourceId = source != null && source.externalId() != null ? source.externalId() : record.start().toString();
            String kind = record instanceof ActivityRecord workout && workout.sport() != null ? workout.sport().name() : null;
            return new RecordFate(record.type().id(), sourceId, record.start(), record.end(), kind, outcome, detail, destination,
                    writtenAs, heldBy, job.jobId(), at);
        }
    }

    /** The id a written record carries at the destination: its sync id. */
    private static String written(JobMessage job, HealthRecord record) {
        Provenance source = record.provenance();
        if (source == null) {
            return null;
        }
        if (source.syncId() != null) {
            return source.syncId();
        }
        return source.externalId() == null ? null : SyncIds.of(job.userId(), source);
    }

    /** The destination's record, as it names it: the device or app that recorded it, else its id. */
    private static String heldBy(HealthRecord existing) {
        if (existing == null || existing.provenance() == null) {
            return null;
        }
        Provenance held = existing.provenance();
        if (held.device() != null && !held.device().isBlank()) {
            return held.device();
        }
        return held.externalId() == null ? existing.start().toString() : held.externalId();
    }

    /** A merge's fields by side: "distance, heartRate from wahoo; gps from strava". */
    private static String fields(Map<String, String> provenance) {
        Map<String, List<String>> bySide = new TreeMap<>();
        provenance.forEach((field, side) -> bySide.computeIfAbsent(side.split(":", 2)[0], key -> new ArrayList<>()).add(field));
        List<String> parts = new ArrayList<>();
        bySide.forEach((side, fields) -> parts.add(String.join(", ", fields.stream().sorted().toList()) + " from " + side));
        return String.join("; ", parts);
    }
}
