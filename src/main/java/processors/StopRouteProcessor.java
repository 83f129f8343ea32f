package processors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the route this exchange came from, once its exchanges in flight (this one included) are done: a
 * run-once route an operator starts (Hawtio) stops itself, ready to be started again.
 */
public class StopRouteProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StopRouteProcessor.class);

    @Override
    public void process(Exchange exchange) {
        CamelContext context = exchange.getContext();
        String routeId = exchange.getFromRouteId();
        // a route cannot wait for its own exchange to finish on that exchange's thread
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(routeId);
                LOG.info("route {} finished its run and stopped", routeId);
            } catch (Exception e) {
                LOG.warn("route {} could not stop itself: {}", routeId, e.toString());
            }
        }, "stop-" + routeId);
        stopper.setDaemon(true);
        stopper.start();
    }
}
