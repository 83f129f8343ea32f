package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/** Fitbit's {@code {"errors":[...],"success":false}} envelope, Fitbit-Rate-Limit-* headers and token answers. */
public final class FitbitDialect implements ProviderDialect {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @Override
    public String newUserId(Random random) {
        StringBuilder id = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        if (status == 429) {
            return rateLimited();
        }
        return ApiAnswer.json(status, envelope(errorType(status), field == null ? "n/a" : field,
                message == null ? defaultMessage(status) : message));
    }

    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        return expired
                ? ApiAnswer.json(401, envelope("expired_token", null, "Access token expired"))
                : ApiAnswer.json(401, envelope("invalid_token", null, "Access token invalid"));
    }

    @Override
    public ApiAnswer rateLimited() {
        // the body seen in the field has no "success" member (docs/providers/fitbit.md §4)
        ObjectNode body = SandboxJson.object();
        body.putArray("errors").addObject()
                .put("errorType", "system").put("fieldName", "n/a").put("message", "Too Many Requests");
        return ApiAnswer.json(429, body);
    }

    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return Map.of(
                "Fitbit-Rate-Limit-Limit", Integer.toString(usage.limit()),
                "Fitbit-Rate-Limit-Remaining", Integer.toString(usage.remaining()),
                "Fitbit-Rate-Limit-Reset", Long.toString(usage.resetSeconds()));
    }

    @Override
    public boolean acceptsClientCredentialsInForm() {
        return false;
    }

    @Override
    public String redirectFragment() {
        return "#_=_";
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode body = SandboxJson.object();
        body.put("access_token", tokens.accessToken());
        body.put("expires_in", expiresInSeconds);
        body.put("refresh_token", tokens.refreshToken());
        body.put("scope", tokens.scope());
        body.put("token_type", "Bearer");
        body.put("user_id", tokens.userId());
        return body;
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        return ApiAnswer.json(status, envelope(error, null, message));
    }

    private static ObjectNode envelope(String errorType, String field, String message) {
        ObjectNode body = SandboxJson.object();
        ObjectNode error = body.putArray("errors").addObject().put("errorType", errorType);
        if (field != null) {
            error.put("fieldName", field);
        }
        error.put("message", message);
        body.put("success", false);
        return body;
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400, 411 -> "validation";
            case 401 -> "invalid_token";
            case 403 -> "insufficient_permissions";
            case 404 -> "not_found";
            case 409 -> "conflict";
            default -> "system";
        };
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "The request had bad syntax or was inherently impossible to be satisfied.";
            case 404 -> "The API you are requesting could not be found.";
            case 503 -> "The service is temporarily unavailable.";
            default -> status >= 500 ? "An unexpected error has occurred. Please try again later." : "Request failed.";
        };
    }
}
