package processors;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The envelope archived in S3 for a job that could not be done: the job message as queued, why, where and
 * after how many attempts. Never a token, never a health value.
 */
public record DeadLetter(String id, String jobId, String userId, String connectionId, String dataType, String queue,
                         String reason, String failedStep, int attempts, Instant failedAt, JsonNode originalMessage,
                         String unreadableMessage) {
}
