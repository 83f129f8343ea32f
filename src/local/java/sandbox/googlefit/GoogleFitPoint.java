package sandbox.googlefit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import sandbox.common.SandboxJson;

/**
 * A stored Google Fit data point. {@code seq} orders insertions and keeps paging stable when
 * several points share their times.
 */
record GoogleFitPoint(long seq, long startNanos, long endNanos, String dataTypeName, String originDataSourceId,
                      List<GoogleFitValue> values, long modifiedMillis) {

    /** The order points are answered in. */
    static final Comparator<GoogleFitPoint> BY_START = Comparator.comparingLong(GoogleFitPoint::startNanos)
            .thenComparingLong(GoogleFitPoint::endNanos)
            .thenComparingLong(GoogleFitPoint::seq);

    /** A point as a client or the test API hands it in, before the store numbers it. */
    record Draft(long startNanos, long endNanos, List<GoogleFitValue> values) {
    }

    /** Google's read rule: start at or before the range end and end at or after the range start. */
    boolean overlaps(long fromNanos, long toNanos) {
        return startNanos <= toNanos && endNanos >= fromNanos;
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object()
                .put("startTimeNanos", Long.toString(startNanos))
                .put("endTimeNanos", Long.toString(endNanos))
                .put("dataTypeName", dataTypeName)
                .put("originDataSourceId", originDataSourceId);
        ArrayNode valuesJson = json.putArray("value");
        values.forEach(value -> valuesJson.add(value.toJson()));
        json.put("modifiedTimeMillis", Long.toString(modifiedMillis));
        return json;
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
