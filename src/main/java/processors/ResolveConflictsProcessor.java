package processors;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.ConflictResolver;

/** resolve: keeps what the destination answered and plans creates, replacements and skips under the connection's strategy. */
public class ResolveConflictsProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        exchange.setProperty(SyncRun.STEP, "resolve");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.destinationRecords = exchange.getMessage().getMandatoryBody(List.class);
        run.plan = ConflictResolver.resolve(run.sourceRecords, run.destinationRecords, run.connection.conflictStrategy(),
                run.destination::canReplace);
    }
}
