package sandbox;

import java.util.Arrays;
import java.util.Optional;

/** The simulated providers; {@link #id()} is the URL prefix and the provider id of the test API. */
enum SandboxProvider {

    FITBIT("fitbit", new FitbitDialect()),
    GOOGLE_FIT("googlefit", new GoogleFitDialect()),
    GOOGLE_HEALTH("googlehealth", new GoogleHealthDialect()),
    WITHINGS("withings", new WithingsDialect()),
    STRAVA("strava", new StravaDialect()),
    GARMIN("garmin", new GarminDialect()),
    WAHOO("wahoo", new WahooDialect());

    private final String id;
    private final ProviderDialect dialect;

    SandboxProvider(String id, ProviderDialect dialect) {
        this.id = id;
        this.dialect = dialect;
    }

    String id() {
        return id;
    }

    ProviderDialect dialect() {
        return dialect;
    }

    static Optional<SandboxProvider> byId(String id) {
        return Arrays.stream(values()).filter(provider -> provider.id.equals(id)).findFirst();
    }
}
