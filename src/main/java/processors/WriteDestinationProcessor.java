package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import providers.spi.WriteRequest;

/** write: hands the plan to the destination's {@code <id>-write} route, next in the worker route. */
public class WriteDestinationProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "write");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        exchange.getMessage().setBody(new WriteRequest(run.destinationCall(), run.message.dataType(), run.plan.forWrite()));
    }
}
