package providers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a provider wraps its answers. Most answer plainly with HTTP status codes ({@link #NONE}); some (Withings)
 * answer HTTP 200 with a status inside the body — {@code {"status":401,"body":{},"error":"…"}} — and the payload
 * under {@code body}. The shared HTTP layer classifies and refreshes on the status the envelope stands for, so a
 * token expiry or a throttle in an envelope is handled exactly like the HTTP one.
 */
public interface ResponseEnvelope {

    ResponseEnvelope NONE = new ResponseEnvelope() {
        @Override
        public int effectiveStatus(int httpStatus, JsonNode answer) {
            return httpStatus;
        }

        @Override
        public JsonNode payload(JsonNode answer) {
            return answer;
        }
    };

    /** The HTTP status a 2xx answer stands for: its own, or the envelope's translated to HTTP terms. */
    int effectiveStatus(int httpStatus, JsonNode answer);

    /** The payload inside the envelope. */
    JsonNode payload(JsonNode answer);
}
