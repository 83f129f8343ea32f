package it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import model.Json;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import support.ApiClient;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests syncs through the API and waits, by polling the job records, until they are finished. */
final class SyncScenario {

    private SyncScenario() {
    }

    static List<String> requestSync(TestUser user, String connectionId) {
        ApiClient.Answer accepted = user.api.post("/v1/connections/" + connectionId + "/sync", null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        accepted.json().get("jobs").forEach(job -> {
            assertThat(job.get("state").asText()).isEqualTo("QUEUED");
            ids.add(job.get("id").asText());
        });
        return ids;
    }

    /** Syncs and answers the finished job records, by data type. */
    static Map<String, JsonNode> syncAndWait(TestUser user, String connectionId) {
        List<String> ids = requestSync(user, connectionId);
        Map<String, JsonNode> finished = new java.util.HashMap<>();
        for (String id : ids) {
            JsonNode job = awaitFinished(user, id);
            finished.put(job.get("dataType").asText(), job);
        }
        return finished;
    }

    static JsonNode awaitFinished(TestUser user, String jobId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.api.get("/v1/jobs/" + jobId).json(),
                        job -> List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(job.get("state").asText()));
    }

    static List<String> states(JsonNode job) {
        List<String> states = new ArrayList<>();
        job.get("history").forEach(event -> states.add(event.get("state").asText()));
        return states;
    }

    /** Whether a queue holds no message: none visible, in flight or delayed. */
    static boolean queueIsDrained(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** A copy of a job's message as the API queued it on the hot path: what SQS delivers a second time now and then. */
    static String copyOfJobMessage(String jobId, String userId, String connectionId, String dataType) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("jobId", jobId, "userId", userId, "connectionId", connectionId,
                    "dataType", dataType, "path", "hot", "trigger", "api"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
