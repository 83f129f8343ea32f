package providers.declared;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * How a declared provider's route takes the answer of {@code provider-http}, which it calls with {@code enrich}: the
 * call runs on a copy of the exchange, free to drop the job's headers (the http component would send them) and to set
 * its own; only its body, the answer's payload, comes back, and the token it was made with, for the next call of the
 * same fetch. A failed call fails the route with its exception.
 */
public final class ProviderAnswer implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange original, Exchange answer) {
        if (answer.getException() != null) {
            original.setException(answer.getException());
        } else {
            original.getMessage().setBody(answer.getMessage().getBody());
            // the next page's call goes with the same token while it is good
            original.setProperty(ProviderHttpCall.TOKEN, answer.getProperty(ProviderHttpCall.TOKEN));
        }
        return original;
    }
}
