package sandbox.googlehealth;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

import model.ActivityLap;
import model.ActivitySample;
import model.Sport;

/**
 * What an exercise data point holds beside its interval: its type, display name and summary metrics (millimetres,
 * kilocalories), and — kept here for the TCX export, since the API serves device telemetry only through it — the
 * samples the device recorded (none for exercises written through the API, whose telemetry cannot be written).
 */
record GoogleHealthExercise(String exerciseType, String displayName, Double distanceMillimeters, Double caloriesKcal,
                            Long averageHeartRate, List<ActivitySample> samples, List<ActivityLap> laps) {

    GoogleHealthExercise {
        samples = List.copyOf(samples);
        laps = List.copyOf(laps);
    }

    /** How the test API names the sport of an exercise type: the closest of ours, else OTHER. */
    static Sport sport(String exerciseType) {
        return switch (exerciseType) {
            case "RUNNING", "TRAIL_RUN", "TREADMILL", "INCLINE_RUN" -> Sport.RUN;
            case "BIKING", "OUTDOOR_BIKE", "MOUNTAIN_BIKE", "STATIONARY_BIKE", "SPINNING", "ELECTRIC_BIKE" -> Sport.RIDE;
            case "WALKING", "POWER_WALKING", "NORDIC_WALKING", "TREADMILL_WALK", "INCLINE_WALK" -> Sport.WALK;
            case "HIKING", "BACKPACKING" -> Sport.HIKE;
            case "SWIMMING", "SWIMMING_POOL", "SWIMMING_OPEN_WATER" -> Sport.SWIM;
            case "ROWING", "ROWING_MACHINE" -> Sport.ROW;
            case "STRENGTH_TRAINING", "WEIGHTLIFTING", "WEIGHTS", "FREE_WEIGHTS" -> Sport.STRENGTH;
            case "YOGA", "YOGA_BIKRAM", "YOGA_HATHA", "YOGA_POWER", "YOGA_VINYASA" -> Sport.YOGA;
            case "WORKOUT", "HIIT", "CIRCUIT_TRAINING", "CROSSFIT", "INTERVAL_WORKOUT" -> Sport.WORKOUT;
            default -> Sport.OTHER;
        };
    }

    /** The exercise type a device records for a sport the test API seeds. */
    static String exerciseType(Sport sport) {
        return switch (sport) {
            case RUN -> "RUNNING";
            case RIDE -> "BIKING";
            case WALK -> "WALKING";
            case HIKE -> "HIKING";
            case SWIM -> "SWIMMING";
            case ROW -> "ROWING";
            case STRENGTH -> "STRENGTH_TRAINING";
            case YOGA -> "YOGA";
            case WORKOUT -> "WORKOUT";
            case OTHER -> "OTHER";
        };
    }

    /** The name the API gives every exercise type but OTHER: "RUNNING" is "Running", "OUTDOOR_BIKE" "Outdoor bike". */
    static String generatedName(String exerciseType) {
        String words = exerciseType.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    boolean hasGps() {
        return samples.stream().anyMatch(ActivitySample::hasPosition);
    }

    /** The data of the {@code exercise} member beside its interval. */
    void write(ObjectNode data, long activeSeconds) {
        data.put("exerciseType", exerciseType);
        data.put("displayName", displayName);
        data.put("activeDuration", activeSeconds + "s");
        ObjectNode summary = data.putObject("metricsSummary");
        if (caloriesKcal != null) {
            summary.put("caloriesKcal", caloriesKcal);
        }
        if (distanceMillimeters != null) {
            summary.put("distanceMillimeters", distanceMillimeters);
        }
        if (averageHeartRate != null) {
            // int64 travels as a decimal string in proto3 JSON
            summary.put("averageHeartRateBeatsPerMinute", Long.toString(averageHeartRate));
        }
        data.putObject("exerciseMetadata").put("hasGps", hasGps());
    }
}
