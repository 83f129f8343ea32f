package processors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import deadletters.DeadLetterReplay.Result;
import deadletters.DeadLetterReplay;

/**
 * Last step of a replay, after the job message is back on its queue: the envelope moves from
 * {@code replaying/} to {@code replayed/} (kept, never deleted), so the same dead letter is not replayed
 * twice. Answers the outcome as the body.
 */
public class FinishDeadLetterReplayProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FinishDeadLetterReplayProcessor.class);

    private final DeadLetterArchive archive;

    public FinishDeadLetterReplayProcessor(DeadLetterArchive archive) {
        this.archive = archive;
    }

    @Override
    public void process(Exchange exchange) {
        DeadLetterReplay outcome = exchange.getProperty(ClaimDeadLetterReplayProcessor.OUTCOME, DeadLetterReplay.class);
        if (outcome != null && outcome.result() == Result.REPLAYED) {
            String key = archive.move(exchange.getProperty(DeadLetter.KEY_PROPERTY, String.class),
                    DeadLetterArchive.Stage.REPLAYED);
            LOG.info("dead letter {} replayed: job {} back on the {} queue, envelope now {}", outcome.deadLetterId(),
                    outcome.jobId(), outcome.queue(), key);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(outcome);
    }
}
