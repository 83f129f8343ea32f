package app;

import java.util.ServiceLoader;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import config.Settings;

/**
 * Local mode (docs/architecture.md §4): before any client is made, brings up the {@link LocalEnvironment} — found on the
 * class path, where only the run command and the tests put it. The production artifact holds none of it: started in
 * local mode, it says so and stops; in aws mode nothing here runs.
 */
public class LocalModeConfiguration implements CamelConfiguration {

    static final String BEAN = "localEnvironment";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!settings.localMode()) {
            return;
        }
        LocalEnvironment environment = ServiceLoader.load(LocalEnvironment.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("syncwell.mode=local needs the local environment (ElasticMQ, "
                        + "S3Proxy, dynalite, the provider sandbox), which this artifact does not hold: run the service "
                        + "with the README's run command, or set syncwell.mode=aws"));
        context.getRegistry().bind(BEAN, LocalEnvironment.class, environment);
        environment.start(context, settings);
    }

    /** The environment local mode started; null in aws mode. */
    static LocalEnvironment environment(CamelContext context) {
        return context.getRegistry().lookupByNameAndType(BEAN, LocalEnvironment.class);
    }
}
