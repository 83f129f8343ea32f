package sandbox.withings;

import java.util.List;

/**
 * A Withings measure group as {@code getmeas} lists it: what one device measured at one moment (unix seconds),
 * each measure an integer scaled by {@code 10^unit}.
 */
record WithingsMeasureGroup(long grpid, long date, long created, long modified, int category, String deviceid,
                            List<Measure> measures) {

    record Measure(long value, int type, int unit) {
    }
}
