package processors;

import org.apache.camel.Exchange;

import jobs.JobMessage;
import providers.spi.FetchRequest;
import providers.spi.WriteRequest;

/**
 * The bodies the worker's steps send to the provider routes ({@code <id>-fetch}, {@code <id>-write}), made from what
 * the steps before them set.
 */
public class ProviderRequests {

    /** sync-fetch-source: the job's data type in the attempt's window, from the source. */
    public FetchRequest sourceFetch(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        SyncContext context = SyncExchange.context(exchange);
        return new FetchRequest(context.sourceCall(job), job.dataType(), context.window());
    }

    /** sync-fetch-destination: what the destination already holds in the same window, for conflict resolution. */
    public FetchRequest destinationFetch(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        SyncContext context = SyncExchange.context(exchange);
        return new FetchRequest(context.destinationCall(job), job.dataType(), context.window());
    }

    /** sync-write: the plan's creates, replacements and merges, to the destination. */
    public WriteRequest write(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        return new WriteRequest(SyncExchange.context(exchange).destinationCall(job), job.dataType(),
                SyncExchange.plan(exchange).forWrite());
    }
}
