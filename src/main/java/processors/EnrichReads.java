package processors;

import java.util.Map;

import org.apache.camel.Exchange;

import failures.PermanentSyncException;
import jobs.JobMessage;
import state.Backfill;
import state.BackfillStore;
import state.Connection;
import state.ConnectionStore;
import state.Job;
import state.JobStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reads of sync-enrich, made by the route through camel-aws2-ddb's GetItem: the keys it asks for (header
 * {@code CamelAwsDdbKey}) and what the items it answers (header {@code CamelAwsDdbAttributes}) become — the job's
 * record, its backfill, the connection a dry run plans against — as exchange properties for
 * {@link LoadSyncContextProcessor}.
 */
public final class EnrichReads {

    /** The header camel-aws2-ddb answers a GetItem's item in. */
    static final String ITEM = "CamelAwsDdbAttributes";

    /** An attempt starts afresh: what an earlier attempt of the job left says nothing of this one. */
    public void startAttempt(Exchange exchange) {
        SyncExchange.startAttempt(exchange);
    }

    public Map<String, AttributeValue> jobKey(Exchange exchange) {
        return JobStore.key(SyncExchange.job(exchange).jobId());
    }

    /** The job's record, as the jobs table answered it; a job without one cannot run. */
    public Job job(Exchange exchange) {
        String jobId = SyncExchange.job(exchange).jobId();
        return JobStore.fromItem(item(exchange))
                .orElseThrow(() -> new PermanentSyncException("job " + jobId + " has no record"));
    }

    public boolean partOfBackfill(Exchange exchange) {
        return SyncExchange.jobRecord(exchange).backfillId() != null;
    }

    public Map<String, AttributeValue> backfillKey(Exchange exchange) {
        return BackfillStore.key(SyncExchange.jobRecord(exchange).backfillId());
    }

    /** The job's backfill; null when it is gone (its jobs then run as they are). */
    public Backfill backfill(Exchange exchange) {
        return BackfillStore.fromItem(item(exchange)).orElse(null);
    }

    public boolean dryRun(Exchange exchange) {
        return SyncExchange.job(exchange).dryRun();
    }

    public Map<String, AttributeValue> connectionKey(Exchange exchange) {
        JobMessage message = SyncExchange.job(exchange);
        return ConnectionStore.key(message.userId(), message.connectionId());
    }

    /** The connection a dry run plans against, as it is; null when it was deleted. */
    public Connection connection(Exchange exchange) {
        return ConnectionStore.fromItem(item(exchange)).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue> item(Exchange exchange) {
        return exchange.getMessage().getHeader(ITEM, Map.class);
    }
}
