package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** call-source: the source's records of the job's data type in the window. */
public class CallSourceProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.STEP, "call-source");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.sourceRecords = run.source.fetch(run.sourceCall(), run.message.dataType(), run.window);
    }
}
