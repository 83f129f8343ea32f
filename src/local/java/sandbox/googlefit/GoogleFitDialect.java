package sandbox.googlefit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/**
 * Google's {@code {"error":{"code","message","status"}}} API envelope and the RFC 6749 style
 * {@code {"error","error_description"}} of its token endpoint. Google sends no rate-limit headers.
 */
public final class GoogleFitDialect implements ProviderDialect {

    @Override
    public String newUserId(Random random) {
        StringBuilder id = new StringBuilder(21).append(1 + random.nextInt(9));
        for (int i = 1; i < 21; i++) {
            id.append(random.nextInt(10));
        }
        return id.toString();
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        ObjectNode body = SandboxJson.object();
        body.putObject("error")
                .put("code", status)
                .put("message", message == null ? defaultMessage(status) : message)
                .put("status", statusName(status));
        return ApiAnswer.json(status, body);
    }

    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        return apiError(401, null, "Request had invalid authentication credentials.")
                .withHeaders(Map.of("WWW-Authenticate",
                        "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""));
    }

    @Override
    public ApiAnswer rateLimited() {
        return apiError(429, null, "Resource has been exhausted (e.g. check quota).");
    }

    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return Map.of();
    }

    @Override
    public boolean rotatesRefreshTokens() {
        return false;
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode body = SandboxJson.object();
        body.put("access_token", tokens.accessToken());
        body.put("expires_in", expiresInSeconds);
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        body.put("scope", tokens.scope());
        body.put("token_type", "Bearer");
        return body;
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        ObjectNode body = SandboxJson.object().put("error", error).put("error_description", message);
        return ApiAnswer.json(status, body);
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION";
        };
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Request contains an invalid argument.";
            case 403 -> "The caller does not have permission";
            case 404 -> "Requested entity was not found.";
            case 500 -> "Internal error encountered.";
            case 503 -> "The service is currently unavailable.";
            default -> "Request failed with status " + status + ".";
        };
    }
}
