package sandbox.wahoo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/**
 * How the Wahoo Cloud API talks (docs/providers/wahoo.md §1, §4, §5). Its OAuth server is Doorkeeper's (token answer
 * {@code {access_token, token_type, expires_in, refresh_token, scope, created_at}}, no user id; errors
 * {@code {error, error_description}}), access tokens live about 2 h and refresh tokens are single-use.
 *
 * <p>The API's error JSON was not found in the facts: the conservative {@code {"error":"..."}} is used, with short
 * machine-readable codes. Rate-limit headers are the documented {@code X-RateLimit-Limit: <day>, <hour>, <5min>},
 * {@code X-RateLimit-Remaining} in the same order and {@code X-RateLimit-Reset} (seconds). The sandbox counts only
 * the five-minute window (the one short runs can reach); the day and hour figures show the production limits, and
 * their "remaining" is shown as the whole limit.
 */
public final class WahooDialect implements ProviderDialect {

    static final int PER_DAY = 5_000;
    static final int PER_HOUR = 1_000;
    public static final int PER_FIVE_MINUTES= 200;
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

    /** Wahoo user ids are integers. */
    @Override
    public String newUserId(Random random) {
        return Integer.toString(1_000_000 + random.nextInt(90_000_000));
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        if (status == 429) {
            return rateLimited();
        }
        return ApiAnswer.json(status, SandboxJson.object().put("error", message == null ? defaultCode(status) : message));
    }

    /** Doorkeeper's answer to a bad bearer token, challenge header included. */
    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        String description = expired ? "The access token expired" : "The access token is invalid";
        return ApiAnswer.json(401, SandboxJson.object().put("error", "invalid_token"))
                .withHeaders(Map.of("WWW-Authenticate", "Bearer realm=\"Doorkeeper\", error=\"invalid_token\", error_description=\""
                        + description + "\""));
    }

    @Override
    public ApiAnswer rateLimited() {
        return ApiAnswer.json(429, SandboxJson.object().put("error", "rate_limit_exceeded"));
    }

    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return Map.of(
                "X-RateLimit-Limit", PER_DAY + ", " + PER_HOUR + ", " + usage.limit(),
                "X-RateLimit-Remaining", PER_DAY + ", " + PER_HOUR + ", " + usage.remaining(),
                "X-RateLimit-Reset", Long.toString(usage.resetSeconds()));
    }

    @Override
    public Duration accessTokenTtl(Duration configured) {
        return configured.compareTo(TOKEN_LIFETIME) < 0 ? configured : TOKEN_LIFETIME;
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode body = SandboxJson.object();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", expiresInSeconds);
        body.put("refresh_token", tokens.refreshToken());
        body.put("scope", tokens.scope());
        body.put("created_at", System.currentTimeMillis() / 1000);
        return body;
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        return ApiAnswer.json(status, SandboxJson.object().put("error", error).put("error_description", message));
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            default -> status >= 500 ? "internal_server_error" : "request_failed";
        };
    }
}
