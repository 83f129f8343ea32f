package routes;

import java.util.Comparator;
import java.util.List;

import org.apache.camel.builder.RouteBuilder;

import providers.declared.DeclaredProvider;
import providers.spi.HealthProvider;

/**
 * Each Java provider bean's {@code <routes>-fetch} and {@code <routes>-write} routes ({@code HealthProvider.routes()}:
 * its id, or {@code <id>-<version>} for one of several versions, which is then also its bean's name), made from the
 * {@code provider-call} template (camel/provider-calls.camel.yaml), so a provider written in Java needs no route file of
 * its own. A declared provider's routes are in its own folder, camel/providers/<id>/.
 */
public class ProviderRoutes extends RouteBuilder {

    static final String TEMPLATE = "provider-call";
    static final List<String> OPERATIONS = List.of("fetch", "write");

    @Override
    public void configure() {
        List<HealthProvider> providers = getContext().getRegistry().findByType(HealthProvider.class).stream()
                .sorted(Comparator.comparing(HealthProvider::id)).toList();
        for (HealthProvider provider : providers) {
            if (provider instanceof DeclaredProvider) {
                // its routes are declared beside it, in camel/providers/<id>/
                continue;
            }
            for (String operation : OPERATIONS) {
                templatedRoute(TEMPLATE)
                        .routeId(provider.routes() + "-" + operation)
                        .parameter("provider", provider.routes())
                        .parameter("operation", operation);
            }
        }
    }
}
