package processors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive;
import deadletters.DeadLetterArchive.Stage;
import deadletters.DeadLetterReplay;
import deadletters.DeadLetterReplay.Result;
import jobs.JobMessage;
import model.DataType;
import model.JobState;
import model.Json;
import state.Job;
import state.JobStore;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.archive;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.newId;
import static processors.ProcessorFixtures.putEnvelope;
import static processors.ProcessorFixtures.removeEnvelope;
import static processors.ProcessorFixtures.reread;
import static processors.ProcessorFixtures.replayOf;

/**
 * {@link ClaimDeadLetterReplayProcessor}, the first step of a replay, against the real job store and bucket: a waiting
 * dead letter is moved aside to {@code replaying/}, its job claimed back to QUEUED ("replayed from dead letter <id>", its
 * error cleared) and its message left as the body for its own queue. Refused, saying why: no such dead letter, one
 * already replayed, one without a job message, a job whose record expired or whose dead-lettering did not finish. A
 * replay cut short is finished by replaying again — sending the message again only while the job has not run.
 */
@ExtendWith(SharedSyncWell.class)
class ClaimDeadLetterReplayProcessorTest {

    private static final String REASON = "googlefit answered 400 to PATCH";

    private final ClaimDeadLetterReplayProcessor processor = new ClaimDeadLetterReplayProcessor(archive(), jobStore());
    private final List<DeadLetter> stored = new ArrayList<>();

    @AfterEach
    void removeTheEnvelopesThisTestStored() {
        stored.forEach(letter -> removeEnvelope(letter.id(), letter.failedAt()));
    }

    @Test
    void aDeadLetteredJobIsClaimedBackAndItsMessageLeftForItsQueue() throws Exception {
        Job job = deadLetteredJob("hot");
        DeadLetter letter = store(messageOf(job), "hot", Stage.PENDING);
        Exchange exchange = replayOf(letter.id());
        exchange.getMessage().setHeader("Authorization", "Bearer not-a-real-operator-token");

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(new DeadLetterReplay(Result.REPLAYED, letter.id(), job.id(), "hot", null));
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(true);
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.QUEUE)).isEqualTo("hot");
        assertThat(exchange.getProperty(DeadLetter.KEY_PROPERTY))
                .isEqualTo(DeadLetterArchive.key(Stage.REPLAYING, letter.failedAt(), letter.id()));
        assertThat(Json.MAPPER.readValue(exchange.getMessage().getBody(String.class), JobMessage.class))
                .isEqualTo(messageOf(job));
        assertThat(exchange.getMessage().getHeaders()).as("nothing of the caller's travels on as an SQS attribute").isEmpty();

        Job claimed = reread(job);
        assertThat(claimed.state()).isEqualTo(JobState.QUEUED);
        assertThat(claimed.error()).as("the old error is cleared").isNull();
        assertThat(lastEvent(claimed).state()).isEqualTo(JobState.QUEUED);
        assertThat(lastEvent(claimed).detail()).isEqualTo("replayed from dead letter " + letter.id());
        assertThat(jobStore().replayedFrom(job.id())).contains(letter.id());

        assertThat(stageOf(letter)).isEqualTo(Stage.REPLAYING);
        assertThat(archive().stored(DeadLetterArchive.key(Stage.PENDING, letter.failedAt(), letter.id())))
                .as("no longer waiting").isEmpty();
    }

    @Test
    void aDeadLetterOfTheColdQueueGoesBackToTheColdQueue() {
        Job job = deadLetteredJob("cold");
        DeadLetter letter = store(messageOf(job), "cold", Stage.PENDING);
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange).result()).isEqualTo(Result.REPLAYED);
        assertThat(outcome(exchange).queue()).isEqualTo("cold");
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.QUEUE)).isEqualTo("cold");
    }

    @Test
    void aDeadLetterThatNamesNoQueueGoesBackToTheQueueOfItsMessagesPath() {
        Job job = deadLetteredJob("cold");
        DeadLetter letter = store(messageOf(job), null, Stage.PENDING);
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange).result()).isEqualTo(Result.REPLAYED);
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.QUEUE)).isEqualTo("cold");
    }

    @Test
    void theKeyTheS3ConsumerGivesIsEnoughToNameTheDeadLetter() {
        Job job = deadLetteredJob("hot");
        DeadLetter letter = store(messageOf(job), "hot", Stage.PENDING);
        Exchange exchange = exchange();
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, DeadLetterArchive.key(Stage.PENDING, letter.failedAt(), letter.id()));

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(new DeadLetterReplay(Result.REPLAYED, letter.id(), job.id(), "hot", null));
        assertThat(exchange.getProperty(DeadLetter.KEY_PROPERTY))
                .isEqualTo(DeadLetterArchive.key(Stage.REPLAYING, letter.failedAt(), letter.id()));
        assertThat(exchange.getMessage().getHeader(AWS2S3Constants.KEY)).as("the S3 headers are not sent on").isNull();
        assertThat(reread(job).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aDeadLetterAlreadyReplayedIsRefused() {
        Job job = jobRecord("user-" + newId(), newId(), DataType.STEPS, "hot", null, false, JobState.SUCCEEDED, 2, null,
                Instant.now());
        DeadLetter letter = store(messageOf(job), "hot", Stage.REPLAYED);
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.ALREADY_REPLAYED, letter.id(), job.id(),
                "dead letter " + letter.id() + " was already replayed"));
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
        assertThat(reread(job).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(reread(job).history()).hasSize(1);
        assertThat(stageOf(letter)).isEqualTo(Stage.REPLAYED);
    }

    @Test
    void aDeadLetterThatDoesNotExistIsNotFound() {
        String id = DeadLetterArchive.newId(Instant.now());
        Exchange exchange = replayOf(id);

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.NOT_FOUND, id, null, "no dead letter " + id));
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
    }

    @Test
    void anIdThatCannotNameADeadLetterIsNotFound() {
        Exchange pathLike = replayOf("../replayed/2020-01-01/x");
        processor.process(pathLike);
        assertThat(outcome(pathLike).result()).isEqualTo(Result.NOT_FOUND);

        Exchange nothing = exchange();
        processor.process(nothing);
        assertThat(outcome(nothing)).isEqualTo(DeadLetterReplay.refused(Result.NOT_FOUND, null, null, "no dead letter null"));
        assertThat(nothing.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
    }

    @Test
    void aDeadLetterWithoutAReadableJobMessageHasNothingToPutBack() {
        Instant failedAt = Instant.now();
        DeadLetter unreadable = keep(DeadLetter.of(DeadLetterArchive.newId(failedAt), null, "{not a job", "hot",
                "job message is not valid JSON for a job", "consume", 1, failedAt));
        DeadLetter incomplete = keep(DeadLetter.of(DeadLetterArchive.newId(failedAt), null, "{\"jobId\": \"" + newId() + "\"}",
                "hot", "job message lacks jobId, userId, connectionId or dataType", "consume", 1, failedAt));

        for (DeadLetter letter : List.of(unreadable, incomplete)) {
            putEnvelope(letter, Stage.PENDING);
            Exchange exchange = replayOf(letter.id());

            processor.process(exchange);

            assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.NOT_REPLAYABLE, letter.id(), null,
                    "dead letter " + letter.id() + " holds no readable job message: there is nothing to put back"));
            assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
            assertThat(stageOf(letter)).as("still waiting").isEqualTo(Stage.PENDING);
        }
    }

    @Test
    void aDeadLetterWhoseJobRecordExpiredIsNotReplayable() {
        JobMessage message = new JobMessage(newId(), "user-" + newId(), newId(), DataType.STEPS, "hot", null, "api", false);
        DeadLetter letter = store(message, "hot", Stage.PENDING);
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.NOT_REPLAYABLE, letter.id(),
                message.jobId(), "job " + message.jobId() + " has no record any more (expired)"));
        assertThat(stageOf(letter)).isEqualTo(Stage.PENDING);
    }

    @Test
    void aJobWhoseDeadLetteringDidNotFinishIsNotReplayed() {
        Job failed = jobRecord("user-" + newId(), newId(), DataType.STEPS, "hot", null, false, JobState.FAILED, 1, REASON,
                Instant.now());
        DeadLetter letter = store(messageOf(failed), "hot", Stage.PENDING);
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.NOT_REPLAYABLE, letter.id(), failed.id(),
                "job " + failed.id() + " is FAILED, not MOVED_TO_DLQ"));
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
        assertThat(reread(failed).state()).isEqualTo(JobState.FAILED);
        assertThat(reread(failed).history()).hasSize(1);
        assertThat(stageOf(letter)).isEqualTo(Stage.PENDING);
    }

    @Test
    void aReplayCutShortBeforeItsMessageWasSentSendsItWhenReplayedAgain() {
        Job job = deadLetteredJob("hot");
        DeadLetter letter = store(messageOf(job), "hot", Stage.REPLAYING);
        // the first replay claimed the job, then the process died before the message went out
        assertThat(jobStore().claimReplay(job.id(), letter.id())).isTrue();
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange).result()).isEqualTo(Result.REPLAYED);
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).as("the job has not run yet").isEqualTo(true);
        assertThat(exchange.getProperty(DeadLetter.KEY_PROPERTY))
                .isEqualTo(DeadLetterArchive.key(Stage.REPLAYING, letter.failedAt(), letter.id()));
        assertThat(reread(job).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aReplayCutShortAfterTheJobRanIsFinishedWithoutSendingItsMessageAgain() {
        Job job = deadLetteredJob("hot");
        DeadLetter letter = store(messageOf(job), "hot", Stage.REPLAYING);
        JobStore jobs = jobStore();
        assertThat(jobs.claimReplay(job.id(), letter.id())).isTrue();
        jobs.transition(job.id(), JobStore.Transition.to(JobState.SUCCEEDED, "3 written"));
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange).result()).isEqualTo(Result.REPLAYED);
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).as("never twice").isEqualTo(false);
        assertThat(reread(job).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aDeadLetterCaughtMidReplayWhileItsJobRunsFromAnotherGoesBackToWaiting() {
        Job job = deadLetteredJob("hot");
        DeadLetter letter = store(messageOf(job), "hot", Stage.REPLAYING);
        JobStore jobs = jobStore();
        assertThat(jobs.claimReplay(job.id(), DeadLetterArchive.newId(Instant.now()))).isTrue();
        jobs.transition(job.id(), JobStore.Transition.to(JobState.IN_PROGRESS, "attempt 2"));
        Exchange exchange = replayOf(letter.id());

        processor.process(exchange);

        assertThat(outcome(exchange)).isEqualTo(DeadLetterReplay.refused(Result.NOT_REPLAYABLE, letter.id(), job.id(),
                "job " + job.id() + " is IN_PROGRESS, not MOVED_TO_DLQ"));
        assertThat(exchange.getProperty(ClaimDeadLetterReplayProcessor.SEND)).isEqualTo(false);
        assertThat(stageOf(letter)).as("back under dead-letters/").isEqualTo(Stage.PENDING);
        assertThat(reread(job).state()).isEqualTo(JobState.IN_PROGRESS);
    }

    /** A job the dead-letter channel finished with: MOVED_TO_DLQ, its last error kept. */
    private static Job deadLetteredJob(String path) {
        return jobRecord("user-" + newId(), newId(), DataType.STEPS, path, null, false, JobState.MOVED_TO_DLQ, 1, REASON,
                Instant.now());
    }

    /** An envelope of {@code message} as the dead-letter channel writes it, put under {@code stage}. */
    private DeadLetter store(JobMessage message, String queue, Stage stage) {
        Instant failedAt = Instant.now();
        DeadLetter letter = keep(DeadLetter.of(DeadLetterArchive.newId(failedAt), message, null, queue, REASON, "write", 1,
                failedAt));
        putEnvelope(letter, stage);
        return letter;
    }

    private DeadLetter keep(DeadLetter letter) {
        stored.add(letter);
        return letter;
    }


    private static DeadLetterReplay outcome(Exchange exchange) {
        return exchange.getProperty(ClaimDeadLetterReplayProcessor.OUTCOME, DeadLetterReplay.class);
    }

    private static Stage stageOf(DeadLetter letter) {
        return archive().locate(letter.id(), null).orElseThrow().stage();
    }
}
