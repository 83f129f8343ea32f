package it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.JobState;
import software.amazon.awssdk.services.sqs.SqsClient;
import state.Job;
import state.JobStore;
import state.Tables;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, hole 10 — the worker trusted the queue message's user and connection. A message on the queue naming a real
 * job of one user but another user's connection (forged by whoever can write to the queue, or corrupted) used to run a
 * sync of that other connection with that user's tokens; now the job record decides, and the message is dead-lettered
 * with nothing fetched.
 */
@ExtendWith(SharedSyncWell.class)
class ForgedJobMessageTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aMessageNamingAnotherUsersConnectionRunsNothingAndIsDeadLettered() {
        TestUser attacker = TestUser.linkedTo(app, "fitbit", "googlefit");
        String attackersConnection = attacker.connect("fitbit", "googlefit", List.of("steps"));
        TestUser victim = TestUser.linkedTo(app, "fitbit", "googlefit");
        app.sandbox().wipe("googlefit", victim.providerUser("googlefit"));
        String victimsConnection = victim.connect("fitbit", "googlefit", List.of("steps"));

        // a job the attacker may have (queued for their own connection), its message rewritten to name the victim's
        JobStore jobs = new JobStore(app.dynamo(),
                Tables.withPrefix(app.context().resolvePropertyPlaceholders("{{syncwell.table-prefix}}")));
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        jobs.create(new Job(jobId, attacker.id, attackersConnection, DataType.STEPS, "hot", "api", false, null, JobState.QUEUED, 0,
                List.of(), null, null, null, null, now, now, now.plus(Duration.ofDays(1)).getEpochSecond(), null));
        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(SyncScenario.copyOfJobMessage(jobId, victim.id, victimsConnection, "steps")));

        JsonNode job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> attacker.api.get("/v1/jobs/" + jobId).json(), j -> j.path("state").asText().equals("MOVED_TO_DLQ"));
        assertThat(job.get("error").asText()).contains("does not match");
        assertThat(app.sandbox().steps("googlefit", victim.providerUser("googlefit"))).as("nothing written for the victim").isEmpty();
        JsonNode victims = victim.api.get("/v1/connections/" + victimsConnection).json().at("/status/steps");
        assertThat(victims.path("lastJobId").asText("")).as("no job ran on the victim's connection: %s", victims).isNotEqualTo(jobId);
        assertThat(victims.path("lastSyncTime").isNull() || victims.path("lastSyncTime").isMissingNode()).as("%s", victims).isTrue();
    }
}
