package conflict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;

/**
 * One workout out of two recordings of it (MERGE_INTELLIGENTLY, docs/architecture.md §8), e.g. Garmin's GPS with a chest
 * strap's heart rate from Wahoo. Pure. Start, end, sport, name, offset and provenance are the source's; distance and
 * calories the higher of the two; laps the source's, or where it has none the destination's, either clipped to the
 * source's period. The streams are put on a common time base — every instant either side sampled —
 * and each field is taken from the source where the source has it, else from the destination. A side "has" a
 * field at an instant when it sampled it there, or between two of its neighbouring samples that carry it and are
 * at most {@link #MAX_INTERPOLATION_GAP} apart (linear interpolation); a side's own sample without the field is a
 * dropout, not something to fill from its neighbours. Nothing is extrapolated past a side's first or last sample and
 * no longer gap is bridged, so no point is invented beyond what the two recordings hold.
 */
public final class ActivityMerger {

    static final Duration MAX_INTERPOLATION_GAP = Duration.ofSeconds(30);

    /** The merged streams' fields, by the names the job record's field provenance uses. */
    enum Field {
        POSITION("position", s -> s.hasPosition() ? new double[] {s.latitude(), s.longitude()} : null),
        ALTITUDE("altitude", s -> one(s.altitudeMetres())),
        HEART_RATE("heartRate", s -> one(s.heartRate())),
        DISTANCE("distance", s -> one(s.distanceMetres())),
        CADENCE("cadence", s -> one(s.cadence())),
        POWER("power", s -> one(s.powerWatts()));

        final String key;
        final Function<ActivitySample, double[]> read;

        Field(String key, Function<ActivitySample, double[]> read) {
            this.key = key;
            this.read = read;
        }

        private static double[] one(Double value) {
            return value == null ? null : new double[] {value};
        }
    }

    private ActivityMerger() {
    }

    /**
     * @return the merged workout, in the place of {@code destination}, with the side ("provider:externalId") that
     *         supplied each field for most samples; totals are named "totalDistance" and "kilocalories", the period "time"
     */
    public static SyncPlan.Merge merge(ActivityRecord source, ActivityRecord destination) {
        Recording ours = new Recording(source);
        Recording theirs = new Recording(destination);
        // the merged workout is the source's period: what either side recorded before or after it stays out
        TreeSet<Instant> instants = new TreeSet<>();
        source.samples().forEach(s -> instants.add(s.time()));
        destination.samples().forEach(s -> instants.add(s.time()));
        instants.removeIf(t -> t.isBefore(source.start()) || t.isAfter(source.end()));

        Map<Field, int[]> supplied = new LinkedHashMap<>();
        List<ActivitySample> samples = new ArrayList<>(instants.size());
        for (Instant t : instants) {
            Map<Field, double[]> values = new LinkedHashMap<>();
            for (Field field : Field.values()) {
                double[] value = ours.valueAt(field, t);
                int side = 0;
                if (value == null) {
                    value = theirs.valueAt(field, t);
                    side = 1;
                }
                if (value != null) {
                    values.put(field, value);
                    supplied.computeIfAbsent(field, f -> new int[2])[side]++;
                }
            }
            samples.add(sample(t, values));
        }

        String sourceSide = side(source.provenance());
        String destinationSide = side(destination.provenance());
        Map<String, String> fieldProvenance = new TreeMap<>();
        fieldProvenance.put("time", sourceSide);
        supplied.forEach((field, counts) -> fieldProvenance.put(field.key, counts[0] >= counts[1] ? sourceSide : destinationSide));
        Double distance = higher(source.distanceMetres(), destination.distanceMetres(), "totalDistance", sourceSide,
                destinationSide, fieldProvenance);
        Double kilocalories = higher(source.kilocalories(), destination.kilocalories(), "kilocalories", sourceSide,
                destinationSide, fieldProvenance);

        List<ActivityLap> laps = List.of();
        if (!source.laps().isEmpty()) {
            laps = clipped(source.laps(), source.start(), source.end());
            fieldProvenance.put("laps", sourceSide);
        } else if (!destination.laps().isEmpty()) {
            laps = clipped(destination.laps(), source.start(), source.end());
            fieldProvenance.put("laps", destinationSide);
        }

        ActivityRecord merged = new ActivityRecord(source.start(), source.end(), source.sport(), source.name(), distance,
                kilocalories, samples, source.zoneOffset(), source.provenance(), laps);
        return new SyncPlan.Merge(merged, destination, fieldProvenance);
    }

    /** The laps' parts within [start, end]; a lap entirely outside is left out, a clipped one loses its distance. */
    private static List<ActivityLap> clipped(List<ActivityLap> laps, Instant start, Instant end) {
        List<ActivityLap> inside = new ArrayList<>();
        for (ActivityLap lap : laps) {
            Instant from = lap.start().isBefore(start) ? start : lap.start();
            Instant to = lap.end().isAfter(end) ? end : lap.end();
            if (from.isBefore(to)) {
                boolean whole = from.equals(lap.start()) && to.equals(lap.end());
                inside.add(new ActivityLap(from, to, whole ? lap.distanceMetres() : null));
            }
        }
        return inside;
    }

    /**
     * Whether writing {@code merged} over {@code existing} would change nothing: the same workout and totals
     * ({@link ActivityRecord#sameValueAs}) and every stream field present at as many samples. Counting fields rather
     * than comparing values keeps a destination's rounding from looking like a difference on every re-run.
     */
    public static boolean sameRecording(ActivityRecord merged, ActivityRecord existing) {
        if (!merged.sameValueAs(existing)) {
            return false;
        }
        for (Field field : Field.values()) {
            if (count(merged, field) != count(existing, field)) {
                return false;
            }
        }
        return true;
    }

    private static long count(ActivityRecord record, Field field) {
        return record.samples().stream().filter(s -> field.read.apply(s) != null).count();
    }

    private static Double higher(Double a, Double b, String key, String sourceSide, String destinationSide,
                                 Map<String, String> fieldProvenance) {
        if (a == null && b == null) {
            return null;
        }
        boolean fromSource = b == null || (a != null && a >= b);
        fieldProvenance.put(key, fromSource ? sourceSide : destinationSide);
        return fromSource ? a : b;
    }

    private static String side(Provenance provenance) {
        return provenance == null ? "unknown" : provenance.provider() + ":" + provenance.externalId();
    }

    private static ActivitySample sample(Instant t, Map<Field, double[]> values) {
        double[] position = values.get(Field.POSITION);
        return new ActivitySample(t, position == null ? null : position[0], position == null ? null : position[1],
                single(values, Field.ALTITUDE), single(values, Field.HEART_RATE), single(values, Field.DISTANCE),
                single(values, Field.CADENCE), single(values, Field.POWER));
    }

    private static Double single(Map<Field, double[]> values, Field field) {
        double[] value = values.get(field);
        return value == null ? null : value[0];
    }

    /** One side's samples, looked up by time. */
    private static final class Recording {
        private final TreeMap<Instant, ActivitySample> byTime = new TreeMap<>();

        Recording(ActivityRecord record) {
            // a provider that lists an instant twice is taken at its last word
            record.samples().forEach(s -> byTime.put(s.time(), s));
        }

        double[] valueAt(Field field, Instant t) {
            ActivitySample exact = byTime.get(t);
            if (exact != null) {
                return field.read.apply(exact);
            }
            Map.Entry<Instant, ActivitySample> before = byTime.lowerEntry(t);
            Map.Entry<Instant, ActivitySample> after = byTime.higherEntry(t);
            if (before == null || after == null
                    || Duration.between(before.getKey(), after.getKey()).compareTo(MAX_INTERPOLATION_GAP) > 0) {
                return null;
            }
            double[] from = field.read.apply(before.getValue());
            double[] to = field.read.apply(after.getValue());
            if (from == null || to == null) {
                return null;
            }
            double share = (double) Duration.between(before.getKey(), t).toNanos()
                    / Duration.between(before.getKey(), after.getKey()).toNanos();
            double[] value = new double[from.length];
            for (int i = 0; i < from.length; i++) {
                double delta = to[i] - from[i];
                if (field == Field.POSITION && i == 1 && Math.abs(delta) > 180) {
                    // across the antimeridian the short way round
                    delta -= Math.signum(delta) * 360;
                }
                value[i] = from[i] + share * delta;
                if (field == Field.POSITION && i == 1) {
                    value[i] = value[i] > 180 ? value[i] - 360 : value[i] < -180 ? value[i] + 360 : value[i];
                }
            }
            return value;
        }
    }
}
