package deadletters;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import jobs.JobMessage;
import model.Json;

/**
 * The envelope archived in S3 for a job that could not be done: the job message as queued, why, where and
 * after how many attempts. Never a token, never a health value.
 */
public record DeadLetter(String id, String jobId, String userId, String connectionId, String dataType, String queue,
                         String reason, String failedStep, int attempts, Instant failedAt, JsonNode originalMessage,
                         String unreadableMessage) {

    /** The exchange property naming the dead letter a route writes, replays or reports. */
    public static final String ID_PROPERTY = "SyncWellDeadLetterId";
    /** The exchange property holding the dead letter's S3 key, where it is known (the replay's, the drain's). */
    public static final String KEY_PROPERTY = "SyncWellDeadLetterKey";

    /** How much of a message we could not read is kept, so an operator can see what arrived. */
    private static final int UNREADABLE_KEPT = 4096;

    /**
     * The envelope of a failed message: the job message it was read as (ids only, whatever the body holds now), else
     * the body itself if it is a JSON object, else the body as bounded text.
     */
    public static DeadLetter of(String id, JobMessage message, String body, String queue, String reason, String failedStep,
                         int attempts, Instant failedAt) {
        JsonNode original = message != null ? Json.MAPPER.valueToTree(message) : jsonObject(body);
        return new DeadLetter(id, message == null ? null : message.jobId(), message == null ? null : message.userId(),
                message == null ? null : message.connectionId(), message == null ? null : message.dataType().id(), queue,
                reason, failedStep, attempts, failedAt, original, original == null ? bounded(body) : null);
    }

    private static JsonNode jsonObject(String body) {
        try {
            JsonNode node = body == null ? null : Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String bounded(String body) {
        if (body == null) {
            return null;
        }
        return body.length() > UNREADABLE_KEPT ? body.substring(0, UNREADABLE_KEPT) + "..." : body;
    }
}
