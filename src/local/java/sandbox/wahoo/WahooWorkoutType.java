package sandbox.wahoo;

import model.Sport;

/**
 * workout_type_id ↔ sport, the same table as {@code providers.wahoo.WahooMapper} (Wahoo's workout type list from the derived
 * spec, not vendor text): what the sandbox stores for a seeded or uploaded workout and what its test API lists.
 */
final class WahooWorkoutType {

    private WahooWorkoutType() {
    }

    static int of(Sport sport) {
        return switch (sport) {
            case RIDE -> 0;
            case RUN -> 1;
            case WALK -> 6;
            case HIKE -> 9;
            case SWIM -> 25;
            case ROW -> 39;
            case STRENGTH, WORKOUT -> 42;
            case YOGA -> 66;
            default -> 47;
        };
    }

    static Sport sport(int typeId) {
        return switch (typeId) {
            case 0, 11, 12, 13, 14, 15, 16, 21, 49, 61, 64 -> Sport.RIDE;
            case 1, 3, 4, 5, 19 -> Sport.RUN;
            case 6, 7, 8, 56 -> Sport.WALK;
            case 9, 10 -> Sport.HIKE;
            case 25, 26 -> Sport.SWIM;
            case 22, 39 -> Sport.ROW;
            case 2, 18, 20, 23, 42, 43, 44 -> Sport.WORKOUT;
            case 66 -> Sport.YOGA;
            default -> Sport.OTHER;
        };
    }
}
