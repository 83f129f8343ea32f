package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** call-destination: what the destination already holds in the same window, for conflict resolution. */
public class CallDestinationProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "call-destination");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.destinationRecords = run.destination.fetch(run.destinationCall(), run.message.dataType(), run.window);
    }
}
