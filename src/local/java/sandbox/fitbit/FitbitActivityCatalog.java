package sandbox.fitbit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import model.Sport;

/**
 * The part of Fitbit's activity catalogue the sandbox knows (the ids docs/providers/fitbit.md §2.5 and the engine rely on); the other
 * sports are logged as named activities, as a client must without a catalogue id.
 */
enum FitbitActivityCatalog {
    RUN(Sport.RUN, 90009L, "Run"),
    BIKE(Sport.RIDE, 90001L, "Bike"),
    WALK(Sport.WALK, 90013L, "Walk"),
    HIKE(Sport.HIKE, 90012L, "Hike"),
    SWIM(Sport.SWIM, 90024L, "Swim"),
    ROWING(Sport.ROW, null, "Rowing"),
    WEIGHTS(Sport.STRENGTH, null, "Weights"),
    YOGA(Sport.YOGA, null, "Yoga"),
    WORKOUT(Sport.WORKOUT, null, "Workout"),
    OTHER(Sport.OTHER, null, "Other");

    private final Sport sport;
    private final Long activityId;
    private final String activityName;

    FitbitActivityCatalog(Sport sport, Long activityId, String activityName) {
        this.sport = sport;
        this.activityId = activityId;
        this.activityName = activityName;
    }

    Sport sport() {
        return sport;
    }

    Long activityId() {
        return activityId;
    }

    String activityName() {
        return activityName;
    }

    static FitbitActivityCatalog of(Sport sport) {
        return Arrays.stream(values()).filter(entry -> entry.sport == sport).findFirst().orElse(OTHER);
    }

    static Optional<FitbitActivityCatalog> byId(long activityId) {
        return Arrays.stream(values()).filter(entry -> entry.activityId != null && entry.activityId == activityId).findFirst();
    }

    /** The sport of a log: by its catalogue id, else by its name (case-insensitive), else other. */
    static Sport sportOf(FitbitActivityLog log) {
        if (log.activityTypeId() != null) {
            return byId(log.activityTypeId()).map(FitbitActivityCatalog::sport).orElse(Sport.OTHER);
        }
        String name = log.activityName() == null ? "" : log.activityName().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(entry -> entry.activityName.toLowerCase(Locale.ROOT).equals(name))
                .map(FitbitActivityCatalog::sport).findFirst().orElse(Sport.OTHER);
    }
}
