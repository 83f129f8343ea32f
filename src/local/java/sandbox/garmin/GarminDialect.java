package sandbox.garmin;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/**
 * How the Garmin Health API talks, as far as docs/providers/garmin.md §1, §4, §5 lets us know. Error JSON, rate-limit numbers and
 * headers, token lifetimes and the user id format are all "not found" there; the conservative readings taken:
 * errors as {@code {"errorMessage":"…"}}, a 429 with {@code Retry-After} (seconds) and no other rate-limit headers,
 * RFC 6749 token answers and errors with the client credentials in the form (PKCE public-client style), refresh
 * tokens that rotate (the stricter case for the engine), and user ids as UUIDs.
 */
public final class GarminDialect implements ProviderDialect {

    @Override
    public String newUserId(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        return ApiAnswer.json(status, SandboxJson.object().put("errorMessage", message == null ? defaultMessage(status) : message));
    }

    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        return apiError(401, null, expired ? "Access token expired" : "Unauthorized: missing or invalid access token");
    }

    @Override
    public ApiAnswer rateLimited() {
        return apiError(429, null, "Too many requests");
    }

    /** Only a refused call says when to come back. */
    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return usage.allowed() ? Map.of() : Map.of("Retry-After", Long.toString(Math.max(1, usage.resetSeconds())));
    }

    /** No {@code user_id}: the client asks {@code /wellness-api/rest/user/id} for it. */
    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode body = SandboxJson.object();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", expiresInSeconds);
        body.put("refresh_token", tokens.refreshToken());
        body.put("scope", tokens.scope());
        return body;
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        return ApiAnswer.json(status, SandboxJson.object().put("error", error).put("error_description", message));
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Request failed";
        };
    }
}
