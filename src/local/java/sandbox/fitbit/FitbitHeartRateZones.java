package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import sandbox.common.SandboxJson;

/**
 * A user's default Fitbit heart-rate zones and the daily summary Fitbit builds from minute readings
 * ({@code value} of an {@code activities-heart} entry). Readings where the docs are silent:
 * <ul>
 * <li>zones follow Fitbit's published defaults for a maximum heart rate of 220 minus age: Fat Burn
 *     from 50 %, Cardio from 70 %, Peak from 85 %; each zone's max is the next zone's min, Out of
 *     Range starts at 30 and Peak ends at 220 (readings outside count in the outer zones);</li>
 * <li>{@code caloriesOut} is a rough estimate per minute read, since Fitbit's formula is not public:
 *     1 MET at 80 bpm and below, rising linearly to 10 MET at the maximum heart rate (heart-rate
 *     reserve tracks oxygen uptake), for a 75 kg adult;</li>
 * <li>{@code restingHeartRate} is a daily value: the mean of the lowest tenth of the day's readings,
 *     left out (it is optional) when the tracker took fewer than two hours of readings that day.</li>
 * </ul>
 */
final class FitbitHeartRateZones {

    private static final String[] NAMES = {"Out of Range", "Fat Burn", "Cardio", "Peak"};
    private static final int LOWEST_BPM = 30;
    private static final int HIGHEST_BPM = 220;
    private static final int MIN_READINGS_FOR_RESTING = 120;
    private static final int MET_BASE_BPM = 80;
    private static final double MAX_MET = 10;
    /** 1 MET is 3.5 ml O2 per kg and minute, about 5 kcal a litre: 1.31 kcal a minute at 75 kg. */
    private static final double KCAL_PER_MET_MINUTE = 3.5 * 75 / 200;

    private final int maxBpm;
    /** The lower bounds of the four zones, then Peak's upper bound. */
    private final int[] bounds;

    FitbitHeartRateZones(int age) {
        this.maxBpm = HIGHEST_BPM - age;
        this.bounds = new int[] {LOWEST_BPM, (int) Math.round(maxBpm * 0.5), (int) Math.round(maxBpm * 0.7),
                (int) Math.round(maxBpm * 0.85), HIGHEST_BPM};
    }

    /**
     * {@code {"customHeartRateZones":[],"heartRateZones":[...],"restingHeartRate":58}}: zones over the
     * {@code readings} (zeros are minutes without a reading), the resting rate over the whole {@code day}.
     */
    ObjectNode dailyValue(IntStream readings, int[] day) {
        int[] minutes = new int[NAMES.length];
        double[] calories = new double[NAMES.length];
        readings.filter(bpm -> bpm > 0).forEach(bpm -> {
            int zone = zoneOf(bpm);
            minutes[zone]++;
            calories[zone] += kcalPerMinute(bpm);
        });
        ObjectNode value = SandboxJson.object();
        value.putArray("customHeartRateZones");
        ArrayNode zones = value.putArray("heartRateZones");
        for (int zone = 0; zone < NAMES.length; zone++) {
            zones.addObject().put("caloriesOut", Math.round(calories[zone] * 100_000) / 100_000.0)
                    .put("max", bounds[zone + 1]).put("min", bounds[zone])
                    .put("minutes", minutes[zone]).put("name", NAMES[zone]);
        }
        restingHeartRate(day).ifPresent(resting -> value.put("restingHeartRate", resting));
        return value;
    }

    static OptionalInt restingHeartRate(int[] day) {
        int[] readings = Arrays.stream(day).filter(bpm -> bpm > 0).sorted().toArray();
        if (readings.length < MIN_READINGS_FOR_RESTING) {
            return OptionalInt.empty();
        }
        int lowest = readings.length / 10;
        return OptionalInt.of((int) Math.round(Arrays.stream(readings, 0, lowest).average().orElseThrow()));
    }

    private int zoneOf(int bpm) {
        int zone = 0;
        while (zone < NAMES.length - 1 && bpm >= bounds[zone + 1]) {
            zone++;
        }
        return zone;
    }

    private double kcalPerMinute(int bpm) {
        double effort = Math.max(0, Math.min(1, (bpm - MET_BASE_BPM) / (double) (maxBpm - MET_BASE_BPM)));
        return (1 + (MAX_MET - 1) * effort) * KCAL_PER_MET_MINUTE;
    }
}
