package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The short form of the fault suite ({@link FaultSuite}), sized for CI: a few hundred jobs through provider 5xx
 * bursts, 429 storms, latency spikes, malformed bodies, token expiry and duplicate SQS deliveries. Every job but those
 * hit by an injected permanent fault succeeds, every dead letter is in S3 with its reason, and every destination
 * ends holding exactly its source's data. {@code -Dfaults.jobs}, {@code -Dfaults.users}, {@code -Dfaults.seed} resize
 * or replay it.
 */
@Order(7)
@ExtendWith(SharedSyncWell.class)
class FaultSuiteTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void jobsSurviveProviderAndQueueFaultsWithoutLosingOrDuplicatingData() throws Exception {
        FaultSuite.Options options = FaultSuite.Options.fromSystemProperties(300, 8);
        FaultSuite.Report report = new FaultSuite(app, options).run();
        System.out.println(report.text());

        assertThat(report.problems()).as(report.text()).isEmpty();
        assertThat(report.jobs()).isGreaterThanOrEqualTo(options.jobs());
        assertThat(report.successRate()).as(report.text()).isGreaterThanOrEqualTo(0.999);
        assertThat(report.lost()).as("data points lost").isZero();
        assertThat(report.duplicated()).as("data points duplicated").isZero();
        assertThat(report.unexpected()).as("data points at a destination only").isZero();
        assertThat(report.delivered()).as("every expected data point delivered").isEqualTo(report.expected()).isPositive();
    }

    /** Copies of a message whose job has not run yet: one delivery holds the job, the others stop. */
    @Test
    void copiesOfAQueuedJobsMessageDoNotRunItTwice() throws Exception {
        SandboxClient sandbox = app.sandbox();
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        sandbox.seed("fitbit", user.providerUser("fitbit"), "steps",
                ProviderMatrixTest.samples("steps", Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));
        SqsClient sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        String queue = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot")).queueUrl();

        String jobId = SyncScenario.requestSync(user, connection).get(0);
        String copy = SyncScenario.copyOfJobMessage(jobId, user.id, connection, "steps");
        for (int i = 0; i < 3; i++) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(copy));
        }
        JsonNode job = SyncScenario.awaitFinished(user, jobId);
        // every copy received: dropped, or (the job held at the time) back on the queue until the job is finished
        await().atMost(Duration.ofSeconds(30)).until(() -> noneWaiting(sqs, queue));

        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(SyncScenario.states(user.api.get("/v1/jobs/" + jobId).json()))
                .as("one delivery ran the job").containsExactly("QUEUED", "IN_PROGRESS", "SUCCEEDED");
        assertThat(ProviderMatrixTest.values("steps", sandbox.read("googlefit", user.providerUser("googlefit"), "steps"), true))
                .containsExactlyElementsOf(ProviderMatrixTest.values("steps",
                        sandbox.read("fitbit", user.providerUser("fitbit"), "steps"), true));
    }

    private static boolean noneWaiting(SqsClient sqs, String queue) {
        return "0".equals(sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
