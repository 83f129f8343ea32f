package sandbox.garmin;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The summary types the sandbox keeps, by their path segment under {@code /wellness-api/rest/} and push key. */
enum GarminSummaryType {
    DAILIES("dailies"), EPOCHS("epochs"), SLEEPS("sleeps"), BODY_COMPS("bodyComps"), ACTIVITIES("activities"),
    ACTIVITY_DETAILS("activityDetails");

    /** Further types of docs/providers/garmin.md §2.1 the sandbox does not generate: their pulls answer an empty list. */
    static final Set<String> EMPTY_TYPES = Set.of("stressDetails", "userMetrics", "moveiq", "pulseOx", "respiration", "hrv",
            "skinTemp");

    final String key;

    GarminSummaryType(String key) {
        this.key = key;
    }

    static Optional<GarminSummaryType> byKey(String key) {
        return Arrays.stream(values()).filter(type -> type.key.equals(key)).findFirst();
    }
}
