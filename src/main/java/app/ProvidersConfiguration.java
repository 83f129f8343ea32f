package app;

import java.io.InputStream;
import java.util.function.Supplier;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.function.Suppliers;

import providers.declared.DeclaredFetch;
import providers.declared.DeclaredProvider;
import providers.declared.JsonataLanguage;
import providers.declared.ProviderAnswer;
import providers.declared.ProviderDescription;
import providers.declared.ProviderHttpCall;
import providers.fitbit.FitbitProvider;
import providers.garmin.GarminProvider;
import providers.googlefit.GoogleFitProvider;
import providers.googlehealth.GoogleHealthProvider;
import providers.http.ProviderContext;
import providers.strava.StravaProvider;
import providers.wahoo.WahooProvider;

/**
 * The providers, each bound under its id with the engine's services ({@link ProviderContext}) handed to it: those
 * written in Java, whose {@code <id>-fetch} and {@code <id>-write} routes come from one template
 * ({@code routes.ProviderRoutes}), and those declared in YAML under {@code camel/providers/<id>/}, with routes of their own.
 * Lazy: the {@code providerContext} they take is bound by {@link SyncWellConfiguration#configure}, which Camel runs
 * after it has read these declarations; each provider is made on first lookup, when the routes are built.
 */
@Configuration
public class ProvidersConfiguration implements CamelConfiguration {

    /** The declared providers' descriptions, one folder each. */
    static final String DECLARED_PROVIDERS = "classpath:camel/providers/**/provider.yaml";

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

    /**
     * The declared providers: one {@code provider.yaml} per version under {@code camel/providers/<id>/}, each bound as
     * {@code <id>-<version>} and made on first lookup like the others; their routes are the YAML files beside it
     * (routes-include-pattern), and what those routes share is bound by {@link #bindDeclaredProviderSteps}.
     */
    @Override
    public void configure(CamelContext camel) throws Exception {
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(camel);
        for (Resource file : resolver.findResources(DECLARED_PROVIDERS)) {
            ProviderDescription description;
            try (InputStream yaml = file.getInputStream()) {
                description = ProviderDescription.read(yaml, file.getLocation());
            }
            Supplier<Object> provider = Suppliers.memorize(() -> new DeclaredProvider(description,
                    camel.getRegistry().lookupByNameAndType("providerContext", ProviderContext.class), camel));
            camel.getRegistry().bind(description.id() + "-" + description.version(), DeclaredProvider.class, provider);
        }
        bindDeclaredProviderSteps(camel);
    }

    /** The beans and the language the declared providers' routes use, shared by all of them. */
    private static void bindDeclaredProviderSteps(CamelContext camel) {
        camel.getRegistry().bind("providerHttpCall", new ProviderHttpCall());
        camel.getRegistry().bind("declaredFetch", new DeclaredFetch());
        camel.getRegistry().bind("providerAnswer", new ProviderAnswer());
        JsonataLanguage jsonata = new JsonataLanguage();
        jsonata.setCamelContext(camel);
        camel.getRegistry().bind("jsonata", jsonata);
    }
}
