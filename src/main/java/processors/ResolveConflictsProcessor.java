package processors;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.ConflictResolver;
import model.HealthRecord;

/**
 * resolve: keeps what the destination answered and plans creates, replacements, merges and skips under the
 * connection's strategy for the job's data type.
 */
public class ResolveConflictsProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        exchange.setProperty(SyncRun.STEP, "resolve");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.destinationRecords = exchange.getMessage().getMandatoryBody(List.class);
        // compared in the form the destination can keep, so what its write drops is not a difference (re-runs write nothing)
        List<HealthRecord> source = run.sourceRecords.stream().map(run.destination::storedForm).toList();
        run.plan = ConflictResolver.resolve(source, run.destinationRecords, run.connection.strategyFor(run.message.dataType()),
                run.destination::canReplace);
    }
}
