package processors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import deadletters.DeadLetterArchive.Stage;
import deadletters.DeadLetterReplay;
import deadletters.DeadLetterReplay.Result;
import model.DataType;
import model.JobState;
import state.Job;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.archive;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.newId;
import static processors.ProcessorFixtures.putEnvelope;
import static processors.ProcessorFixtures.removeEnvelope;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.replayOf;

/**
 * {@link FinishDeadLetterReplayProcessor}, the last step of a replay, against the real bucket: a replayed dead letter's
 * envelope moves from {@code replaying/} to {@code replayed/} (kept, never deleted), so that a second replay of it is
 * refused; a refused replay moves nothing. Either way the outcome is the answer's body, without any header.
 */
@ExtendWith(SharedSyncWell.class)
class FinishDeadLetterReplayProcessorTest {

    private final FinishDeadLetterReplayProcessor processor = new FinishDeadLetterReplayProcessor(archive());
    private final List<DeadLetter> stored = new ArrayList<>();

    @AfterEach
    void removeTheEnvelopesThisTestStored() {
        stored.forEach(letter -> removeEnvelope(letter.id(), letter.failedAt()));
    }

    @Test
    void aReplayedDeadLetterIsKeptUnderReplayedAndTheOutcomeAnswered() {
        DeadLetter letter = store(Stage.REPLAYING);
        DeadLetterReplay replayed = new DeadLetterReplay(Result.REPLAYED, letter.id(), letter.jobId(), "hot", null);
        Exchange exchange = exchange();
        exchange.setProperty(ClaimDeadLetterReplayProcessor.OUTCOME, replayed);
        exchange.setProperty(DeadLetter.KEY_PROPERTY, DeadLetterArchive.key(Stage.REPLAYING, letter.failedAt(), letter.id()));
        exchange.getMessage().setHeader("CamelAwsSqsMessageId", "an-sqs-message-id");

        processor.process(exchange);

        DeadLetterArchive.Stored kept = archive().locate(letter.id(), null).orElseThrow();
        assertThat(kept.stage()).isEqualTo(Stage.REPLAYED);
        assertThat(kept.key()).isEqualTo(DeadLetterArchive.key(Stage.REPLAYED, letter.failedAt(), letter.id()));
        assertThat(kept.letter()).as("the envelope itself is unchanged").isEqualTo(letter);
        assertThat(archive().stored(DeadLetterArchive.key(Stage.REPLAYING, letter.failedAt(), letter.id()))).isEmpty();
        assertThat(exchange.getMessage().getBody()).isEqualTo(replayed);
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
    }

    @Test
    void aRefusedReplayMovesNothingAndAnswersWhy() {
        DeadLetter letter = store(Stage.PENDING);
        DeadLetterReplay refused = DeadLetterReplay.refused(Result.NOT_REPLAYABLE, letter.id(), letter.jobId(),
                "job " + letter.jobId() + " is FAILED, not MOVED_TO_DLQ");
        Exchange exchange = exchange();
        exchange.setProperty(ClaimDeadLetterReplayProcessor.OUTCOME, refused);
        exchange.setProperty(DeadLetter.KEY_PROPERTY, DeadLetterArchive.key(Stage.PENDING, letter.failedAt(), letter.id()));

        processor.process(exchange);

        assertThat(archive().locate(letter.id(), null).orElseThrow().stage()).isEqualTo(Stage.PENDING);
        assertThat(exchange.getMessage().getBody()).isEqualTo(refused);
    }

    @Test
    void withoutAnOutcomeTheAnswerIsEmpty() {
        Exchange exchange = exchange();
        exchange.getMessage().setBody("whatever the claim left");
        exchange.getMessage().setHeader("Authorization", "Bearer not-a-real-operator-token");

        processor.process(exchange);

        assertThat(exchange.getMessage().getBody()).isNull();
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
    }

    @Test
    void aDeadLetterReplayedOnceIsRefusedTheSecondTime() {
        Job job = jobRecord("user-" + newId(), newId(), DataType.STEPS, "hot", null, false, JobState.MOVED_TO_DLQ, 1,
                "googlefit answered 400 to PATCH", Instant.now());
        Instant failedAt = Instant.now();
        DeadLetter letter = keep(DeadLetter.of(DeadLetterArchive.newId(failedAt), messageOf(job), null, "hot",
                "googlefit answered 400 to PATCH", "write", 1, failedAt));
        putEnvelope(letter, Stage.PENDING);
        ClaimDeadLetterReplayProcessor claim = new ClaimDeadLetterReplayProcessor(archive(), jobStore());

        Exchange first = replayOf(letter.id());
        claim.process(first);
        processor.process(first);

        assertThat(first.getMessage().getBody(DeadLetterReplay.class).result()).isEqualTo(Result.REPLAYED);
        assertThat(archive().locate(letter.id(), null).orElseThrow().stage()).isEqualTo(Stage.REPLAYED);
        int historyAfterReplay = reread(job).history().size();

        Exchange second = replayOf(letter.id());
        claim.process(second);
        processor.process(second);

        DeadLetterReplay again = second.getMessage().getBody(DeadLetterReplay.class);
        assertThat(again.result()).isEqualTo(Result.ALREADY_REPLAYED);
        assertThat(again.detail()).isEqualTo("dead letter " + letter.id() + " was already replayed");
        assertThat(second.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
        assertThat(reread(job).history()).as("the job is not claimed twice").hasSize(historyAfterReplay);
        assertThat(archive().locate(letter.id(), null).orElseThrow().stage()).isEqualTo(Stage.REPLAYED);
    }

    /** An envelope of a job's message, as the dead-letter channel writes it, put under {@code stage}. */
    private DeadLetter store(Stage stage) {
        Instant failedAt = Instant.now();
        Job job = jobRecord(JobState.MOVED_TO_DLQ);
        DeadLetter letter = keep(DeadLetter.of(DeadLetterArchive.newId(failedAt), messageOf(job), null, "hot",
                "googlefit answered 400 to PATCH", "write", 1, failedAt));
        putEnvelope(letter, stage);
        return letter;
    }

    private DeadLetter keep(DeadLetter letter) {
        stored.add(letter);
        return letter;
    }

}
