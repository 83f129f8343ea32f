package processors;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static processors.ProcessorFixtures.app;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.newId;

/**
 * {@link StopRouteProcessor}, the last step of a run-once route an operator starts: the route it ran in stops once the
 * exchange in flight is done (the exchange itself completes, it is not cut short), and can be started again. An exchange
 * whose route is unknown stops nothing. Each test adds a route of its own to the running app and removes it after.
 */
@ExtendWith(SharedSyncWell.class)
class StopRouteProcessorTest {

    private final CamelContext context = app().context();
    private final String routeId = "stop-route-test-" + newId();
    private ProducerTemplate producer;

    @BeforeEach
    void addARunOnceRoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + routeId).routeId(routeId)
                        .process(new StopRouteProcessor())
                        .setBody(constant("ran to its end"));
            }
        });
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void removeTheRoute() throws Exception {
        producer.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> status() != ServiceStatus.Stopping);
        context.getRouteController().stopRoute(routeId);
        context.removeRoute(routeId);
    }

    @Test
    void theRouteStopsOnceItsExchangeIsDoneAndCanBeStartedAgain() throws Exception {
        assertThat(status()).isEqualTo(ServiceStatus.Started);

        Object answer = producer.requestBody("direct:" + routeId, "go");

        assertThat(answer).as("the exchange in flight completes").isEqualTo("ran to its end");
        await().atMost(Duration.ofSeconds(30)).until(() -> status() == ServiceStatus.Stopped);

        context.getRouteController().startRoute(routeId);
        assertThat(status()).isEqualTo(ServiceStatus.Started);
        assertThat(producer.requestBody("direct:" + routeId, "again")).isEqualTo("ran to its end");
        await().atMost(Duration.ofSeconds(30)).until(() -> status() == ServiceStatus.Stopped);
    }

    @Test
    void anExchangeOfARouteThatIsGoneStopsNothing() {
        Exchange exchange = exchange();
        exchange.getExchangeExtension().setFromRouteId("no-such-route-" + newId());

        assertThatCode(() -> new StopRouteProcessor().process(exchange)).doesNotThrowAnyException();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> status() == ServiceStatus.Started);
    }

    private ServiceStatus status() {
        return context.getRouteController().getRouteStatus(routeId);
    }
}
