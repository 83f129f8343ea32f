package routes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.HealthProvider;
import providers.spi.OAuthFlow;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java providers' routes from the provider-call template: named after {@code HealthProvider.routes()}, so two
 * versions of one provider written in Java each get their own ({@code <id>-fetch} for the one, {@code <id>-<version>-fetch}
 * for the other, bound under that name), and a fetch reaches the version it names.
 */
class ProviderRoutesTest {

    /** A provider that answers which version fetched. */
    private record Versioned(String version, String routes, List<String> fetchedBy) implements HealthProvider {

        @Override
        public ProviderInfo info() {
            return new ProviderInfo("acme", "Acme", version, "active", null, List.of(DataType.WEIGHT), Map.of());
        }

        @Override
        public OAuthFlow oauth() {
            return null;
        }

        @Override
        public List<HealthRecord> fetch(FetchRequest request) {
            fetchedBy.add(version);
            return List.of();
        }

        @Override
        public WriteOutcome write(WriteRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean canReplace(HealthRecord existing) {
            return false;
        }

        @Override
        public Duration lookback() {
            return Duration.ZERO;
        }
    }

    @Test
    void eachVersionOfAJavaProviderGetsRoutesNamedAfterIt() throws Exception {
        List<String> fetchedBy = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("acme", new Versioned("v1", "acme", fetchedBy));
            camel.getRegistry().bind("acme-v2", new Versioned("v2", "acme-v2", fetchedBy));
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
