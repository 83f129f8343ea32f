package processors;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import providers.spi.FetchRequest;

/**
 * call-destination: keeps what the source answered, then asks the destination's {@code <id>-fetch} route
 * for what it already holds in the same window, for conflict resolution.
 */
public class CallDestinationProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        exchange.setProperty(SyncRun.STEP, "call-destination");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.sourceRecords = exchange.getMessage().getMandatoryBody(List.class);
        exchange.getMessage().setBody(new FetchRequest(run.destinationCall(), run.message.dataType(), run.window));
    }
}
