package processors;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.ConflictResolver;
import jobs.JobMessage;
import model.HealthRecord;

/**
 * sync-resolve: plans creates, replacements, merges and skips of what the source holds against what the destination
 * holds, under the connection's strategy for the job's data type. Sets the {@link conflict.SyncPlan}.
 */
public class ResolveConflictsProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        SyncContext context = SyncExchange.context(exchange);
        // compared in the form the destination can keep, so what its write drops is not a difference (re-runs write nothing)
        List<HealthRecord> source = SyncExchange.sourceRecords(exchange).stream().map(context.destination()::storedForm).toList();
        exchange.setProperty(SyncExchange.PLAN, ConflictResolver.resolve(source, SyncExchange.destinationRecords(exchange),
                context.connection().strategyFor(job.dataType()), context.destination()::canReplace));
    }
}
