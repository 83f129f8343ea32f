package routes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import model.DataType;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.ProviderCall;
import providers.spi.StubProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java providers' routes from the provider-call template: named after {@code HealthProvider.routes()}, so two
 * versions of one provider written in Java each get their own ({@code <id>-fetch} for the one, {@code <id>-<version>-fetch}
 * for the other, bound under that name), and a fetch reaches the version it names.
 */
class ProviderRoutesTest {

    @Test
    void eachVersionOfAJavaProviderGetsRoutesNamedAfterIt() throws Exception {
        List<String> fetchedBy = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("acme", StubProvider.of("acme", "v1", "active").routedAs("acme", fetchedBy));
            camel.getRegistry().bind("acme-v2", StubProvider.of("acme", "v2", "preview").routedAs("acme-v2", fetchedBy));
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "classpath:camel/provider-calls.camel.yaml"));
            camel.start();
            // as Camel Main adds a builder's routes: its routes, then the routes it makes from templates
            ProviderRoutes builder = new ProviderRoutes();
            camel.addRoutes(builder);
            builder.addTemplatedRoutesToCamelContext(camel);

            assertThat(camel.getRoutes()).extracting(route -> route.getRouteId())
                    .contains("acme-fetch", "acme-write", "acme-v2-fetch", "acme-v2-write");
            FetchRequest request = new FetchRequest(new ProviderCall("user-1", "acme"), DataType.WEIGHT,
                    new TimeWindow(Instant.now().minusSeconds(60), Instant.now()));
            camel.createProducerTemplate().requestBody("direct:acme-v2-fetch", request);
            camel.createProducerTemplate().requestBody("direct:acme-fetch", request);
            assertThat(fetchedBy).containsExactly("v2", "v1");
        }
    }
}
