package sandbox.strava;

import model.Sport;

/** Strava's {@code sport_type} codes of the engine's sports, and back (unknown codes are OTHER). */
final class StravaSportType {

    private StravaSportType() {
    }

    static String of(Sport sport) {
        return switch (sport) {
            case RUN -> "Run";
            case RIDE -> "Ride";
            case WALK -> "Walk";
            case HIKE -> "Hike";
            case SWIM -> "Swim";
            case ROW -> "Rowing";
            case STRENGTH -> "WeightTraining";
            case YOGA -> "Yoga";
            case WORKOUT, OTHER -> "Workout";
        };
    }

    static Sport sport(String sportType) {
        return switch (sportType) {
            case "Run", "TrailRun", "VirtualRun" -> Sport.RUN;
            case "Ride", "VirtualRide", "GravelRide", "MountainBikeRide", "EBikeRide", "EMountainBikeRide" -> Sport.RIDE;
            case "Walk" -> Sport.WALK;
            case "Hike" -> Sport.HIKE;
            case "Swim" -> Sport.SWIM;
            case "Rowing", "VirtualRow" -> Sport.ROW;
            case "WeightTraining" -> Sport.STRENGTH;
            case "Yoga" -> Sport.YOGA;
            case "Workout" -> Sport.WORKOUT;
            default -> Sport.OTHER;
        };
    }

    /** The older {@code type} field: the sport type, except the newer ride and run variants. */
    static String legacyType(String sportType) {
        return switch (sportType) {
            case "TrailRun" -> "Run";
            case "GravelRide", "MountainBikeRide" -> "Ride";
            default -> sportType;
        };
    }
}
