package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** write: carries out the plan at the destination. */
public class WriteDestinationProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "write");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.written = run.destination.write(run.destinationCall(), run.message.dataType(), run.plan).written();
    }
}
