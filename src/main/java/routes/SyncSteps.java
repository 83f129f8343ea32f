package routes;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import processors.SyncExchange;

/**
 * The route policy of the worker's steps, the routes named {@code sync-<step>} (camel/sync-worker.camel.yaml): when an
 * attempt fails in one, the exchange says which ({@link SyncExchange#FAILED_STEP}) — for the job's "failed at" note,
 * the dead letter's {@code failedStep} and the log — read from the route the failure came through, so no processor
 * has to announce where it is.
 */
public class SyncSteps extends RoutePolicySupport {

    static final String PREFIX = "sync-";

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        // steps do not nest: the one a failure leaves is the one it happened in (its provider routes included)
        if (exchange.getException() != null) {
            exchange.setProperty(SyncExchange.FAILED_STEP, stepOf(route.getRouteId()));
        }
    }

    static String stepOf(String routeId) {
        return routeId.startsWith(PREFIX) ? routeId.substring(PREFIX.length()) : routeId;
    }
}
