package app;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

import providers.fitbit.FitbitProvider;
import providers.garmin.GarminProvider;
import providers.googlefit.GoogleFitProvider;
import providers.googlehealth.GoogleHealthProvider;
import providers.http.ProviderContext;
import providers.strava.StravaProvider;
import providers.wahoo.WahooProvider;
import providers.withings.WithingsProvider;

/**
 * The providers written in Java, each bound under its id with the engine's services ({@link ProviderContext}) handed
 * to it. Their {@code <id>-fetch} and {@code <id>-write} routes come from one template ({@code routes.ProviderRoutes}).
 * Lazy: the {@code providerContext} they take is bound by {@link SyncWellConfiguration#configure}, which Camel runs
 * after it has read these declarations; each provider is made on first lookup, when the routes are built.
 */
@Configuration
public class ProvidersConfiguration implements CamelConfiguration {

    @BindToRegistry(value = FitbitProvider.ID, lazy = true)
    public FitbitProvider fitbit(ProviderContext context) {
        return new FitbitProvider(context);
    }

    @BindToRegistry(value = GarminProvider.ID, lazy = true)
    public GarminProvider garmin(ProviderContext context) {
        return new GarminProvider(context);
    }

    @BindToRegistry(value = GoogleFitProvider.ID, lazy = true)
    public GoogleFitProvider googleFit(ProviderContext context) {
        return new GoogleFitProvider(context);
    }

    @BindToRegistry(value = GoogleHealthProvider.ID, lazy = true)
    public GoogleHealthProvider googleHealth(ProviderContext context) {
        return new GoogleHealthProvider(context);
    }

    @BindToRegistry(value = StravaProvider.ID, lazy = true)
    public StravaProvider strava(ProviderContext context) {
        return new StravaProvider(context);
    }

    @BindToRegistry(value = WahooProvider.ID, lazy = true)
    public WahooProvider wahoo(ProviderContext context) {
        return new WahooProvider(context);
    }

    @BindToRegistry(value = WithingsProvider.ID, lazy = true)
    public WithingsProvider withings(ProviderContext context) {
        return new WithingsProvider(context);
    }
}
