package state;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one source record a connection saw, as its records ledger keeps it: ids, times, types and the outcome
 * only — never a health value (no count, rate, weight or stage).
 *
 * @param dataType    the record's data type
 * @param sourceId    the source's id of the record (its period's start where the source gives none)
 * @param start       when the record's period starts
 * @param end         when it ends (the start for an instant)
 * @param kind        what kind of record, where the type has kinds: a workout's sport ({@code RUN})
 * @param outcome     {@link #WRITTEN}, {@link #SKIPPED}, {@link #MERGED} or {@link #FAILED}
 * @param detail      why: a skip's reason, a failure's, or how it was written ({@code created}, {@code replaced})
 * @param destination the provider written to (or not)
 * @param writtenAs   the id it was written under (its sync id), for written and merged records
 * @param heldBy      the destination's record in the way (skipped) or merged with: its id and device, as the destination names them
 * @param jobId       the job that decided it
 * @param at          when that job decided it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordFate(String dataType, String sourceId, Instant start, Instant end, String kind, String outcome, String detail,
                         String destination, String writtenAs, String heldBy, String jobId, Instant at) {

    public static final String WRITTEN = "written";
    public static final String SKIPPED = "skipped";
    public static final String MERGED = "merged";
    public static final String FAILED = "failed";
}
