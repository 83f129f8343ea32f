package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import conflict.ConflictResolver;

/** resolve: the plan of creates, replacements and skips under the connection's conflict strategy. */
public class ResolveConflictsProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "resolve");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.plan = ConflictResolver.resolve(run.sourceRecords, run.destinationRecords, run.connection.conflictStrategy(),
                run.destination::canReplace);
    }
}
