package processors;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import jobs.JobMessage;
import state.RecordLedger;

/**
 * sync-record-fates: once the destination took the whole plan, the connection's records ledger keeps what became of
 * each source record — before the job is marked SUCCEEDED, so that a finished job's records are always there to find
 * (a retry writes the same ledger items again).
 */
public class RecordFatesProcessor implements Processor {

    private final RecordLedger ledger;

    public RecordFatesProcessor(RecordLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) {
        JobMessage job = SyncExchange.job(exchange);
        SyncContext context = SyncExchange.context(exchange);
        ledger.record(job.connectionId(), job.jobId(),
                RecordFates.decided(SyncExchange.plan(exchange), job, context.destination().id(), Instant.now()));
    }
}
