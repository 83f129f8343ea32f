package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import providers.spi.FetchRequest;

/** call-source: asks the source's {@code <id>-fetch} route (next in the worker route) for the job's records. */
public class CallSourceProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "call-source");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        exchange.getMessage().setBody(new FetchRequest(run.sourceCall(), run.message.dataType(), run.window));
    }
}
