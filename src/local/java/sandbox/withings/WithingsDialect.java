package sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/**
 * How Withings answers (docs/providers/withings.md §1, §5): everything in an envelope {@code {"status":…,"body":{…}}} over HTTP 200,
 * errors included — 401 for a bad or expired token, 601 for too many requests, 201-213 for invalid parameters,
 * 2554 for an unknown action. Only an outage (a 5xx fault) answers a real HTTP error. No rate-limit headers:
 * none were found in vendor material. Numeric user ids; the token endpoint takes the client in the form and
 * rotates refresh tokens.
 */
public final class WithingsDialect implements ProviderDialect {

    @Override
    public String newUserId(Random random) {
        return Integer.toString(10_000_000 + random.nextInt(90_000_000));
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        if (status >= 500) {
            return envelopeOver(status, 2555, message == null ? "An unknown error occurred" : message);
        }
        return switch (status) {
            case 401, 403 -> unauthenticated(false);
            case 404 -> envelope(2554, message == null ? "Unknown action" : message);
            case 429 -> rateLimited();
            default -> envelope(201, message == null ? "Invalid params" : message);
        };
    }

    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        return envelope(401, "XRequestID: Not provided invalid_token: The access token provided is invalid");
    }

    @Override
    public ApiAnswer rateLimited() {
        return envelope(601, "Too many request");
    }

    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return Map.of();
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode answer = SandboxJson.object().put("status", 0);
        answer.putObject("body")
                .put("userid", tokens.userId())
                .put("access_token", tokens.accessToken())
                .put("refresh_token", tokens.refreshToken())
                .put("expires_in", expiresInSeconds)
                .put("scope", tokens.scope())
                .put("token_type", "Bearer");
        return answer;
    }

    /** Token errors are envelopes too: a dead grant or client is an authentication failure, the rest invalid params. */
    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        int code = "invalid_grant".equals(error) || "invalid_client".equals(error) ? 401 : 201;
        return envelope(code, message);
    }

    private static ApiAnswer envelope(int status, String error) {
        return envelopeOver(200, status, error);
    }

    private static ApiAnswer envelopeOver(int httpStatus, int status, String error) {
        ObjectNode body = SandboxJson.object().put("status", status);
        body.putObject("body");
        body.put("error", error);
        return ApiAnswer.json(httpStatus, body);
    }
}
