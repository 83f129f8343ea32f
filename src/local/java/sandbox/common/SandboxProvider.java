package sandbox.common;

import java.util.Arrays;
import java.util.Optional;

/** The simulated providers; {@link #id()} is the URL prefix and the provider id of the test API. */
public enum SandboxProvider {

    FITBIT("fitbit"),
    GOOGLE_FIT("googlefit"),
    GOOGLE_HEALTH("googlehealth"),
    WITHINGS("withings"),
    STRAVA("strava"),
    GARMIN("garmin"),
    WAHOO("wahoo");

    private final String id;

    SandboxProvider(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<SandboxProvider> byId(String id) {
        return Arrays.stream(values()).filter(provider -> provider.id.equals(id)).findFirst();
    }
}
