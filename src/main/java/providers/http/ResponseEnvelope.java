package providers.http;

import java.io.IOException;
import java.util.function.IntUnaryOperator;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a provider wraps its answers. Most answer plainly with HTTP status codes ({@link #NONE}); some (Withings)
 * answer HTTP 200 with a status inside the body — {@code {"status":401,"body":{},"error":"…"}} — and the payload
 * under {@code body}. The shared HTTP layer classifies and refreshes on the status the envelope stands for, so a
 * token expiry or a throttle in an envelope is handled exactly like the HTTP one.
 *
 * @param statusField  the member holding the envelope's status; null for answers without an envelope
 * @param payloadField the member holding the payload
 * @param httpStatusOf the HTTP status an envelope status stands for; a 2xx one means the answer is a success
 */
public record ResponseEnvelope(String statusField, String payloadField, IntUnaryOperator httpStatusOf) {

    public static final ResponseEnvelope NONE = new ResponseEnvelope(null, null, IntUnaryOperator.identity());

    /**
     * A 2xx answer read in one pass: the status it stands for, what the payload's reader made of the payload, and the
     * envelope's own status when it stands for a failure (null otherwise).
     */
    public record Read<T>(int status, T payload, Integer envelopeStatus) {
    }

    /** The HTTP status a 2xx answer read whole stands for: its own, or the envelope's translated to HTTP terms. */
    public int effectiveStatus(int httpStatus, JsonNode answer) {
        JsonNode status = statusField == null ? null : answer.get(statusField);
        return status == null || !status.canConvertToInt() ? httpStatus : effectiveStatus(httpStatus, status.intValue());
    }

    /** The payload inside an answer read whole. */
    public JsonNode payload(JsonNode answer) {
        return payloadField == null ? answer : answer.path(payloadField);
    }

    /**
     * Reads a 2xx answer as it arrives, the payload with {@code payload} (a missing payload reads as an empty object).
     * A payload that follows a failure status is skipped unread.
     */
    public <T> Read<T> read(int httpStatus, JsonParser answer, AnswerReader<T> payload) throws IOException {
        if (statusField == null) {
            return new Read<>(httpStatus, payload.read(answer), null);
        }
        if (answer.currentToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(answer, "the answer is not in its envelope (an object)");
        }
        Integer code = null;
        Integer status = null;
        T value = null;
        boolean payloadRead = false;
        for (String field = answer.nextFieldName(); field != null; field = answer.nextFieldName()) {
            JsonToken token = answer.nextToken();
            if (field.equals(statusField) && token == JsonToken.VALUE_NUMBER_INT) {
                code = answer.getIntValue();
                status = effectiveStatus(httpStatus, code);
            } else if (field.equals(payloadField) && (status == null || status / 100 == 2)) {
                value = payload.read(answer);
                payloadRead = true;
            } else {
                answer.skipChildren();
            }
        }
        int effective = status == null ? httpStatus : status;
        if (!payloadRead && effective / 100 == 2) {
            try (JsonParser empty = JsonStreams.MAPPER.createParser("{}")) {
                empty.nextToken();
                value = payload.read(empty);
            }
        }
        return effective / 100 == 2 ? new Read<>(effective, value, null) : new Read<>(effective, null, code);
    }

    private int effectiveStatus(int httpStatus, int envelopeStatus) {
        int meant = httpStatusOf.applyAsInt(envelopeStatus);
        return meant / 100 == 2 ? httpStatus : meant;
    }
}
