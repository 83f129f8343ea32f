package sandbox.googlehealth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;
import sandbox.googlefit.GoogleFitDialect;

/**
 * Google's API envelope as the Google Health API sends it: {@code {"error":{"code","message","status",
 * "details":[{"@type":"...ErrorInfo","reason","domain"}]}}}. The envelope, the token endpoint and the user
 * ids are those of every Google API ({@link GoogleFitDialect}); this adds the ErrorInfo reason the Health
 * API's error catalog names. Endpoints hand the reason in where other dialects take a field name. No
 * rate-limit headers: none are documented.
 */
public final class GoogleHealthDialect implements ProviderDialect {

    /** ErrorInfo reasons are upper snake case; anything else in the slot is a field name and is left out. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]+");
    private static final String HEALTH_DOMAIN = "health.googleapis.com";
    private static final String GOOGLE_DOMAIN = "googleapis.com";

    private final GoogleFitDialect google = new GoogleFitDialect();

    @Override
    public String newUserId(Random random) {
        return google.newUserId(random);
    }

    @Override
    public ApiAnswer apiError(int status, String reason, String message) {
        ApiAnswer plain = google.apiError(status, null, message);
        if (reason == null || !REASON.matcher(reason).matches()) {
            return plain;
        }
        String domain = reason.startsWith("INVALID_") || reason.startsWith("ACCOUNT_") ? HEALTH_DOMAIN : GOOGLE_DOMAIN;
        return withReason(plain, reason, domain);
    }

    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        ApiAnswer answer = google.apiError(401, null, "Request had invalid authentication credentials. Expected OAuth 2 access "
                + "token, login cookie or other valid authentication credential. See "
                + "https://developers.google.com/identity/sign-in/web/devconsole-project.");
        return withReason(answer, expired ? "ACCESS_TOKEN_EXPIRED" : "CREDENTIALS_MISSING", GOOGLE_DOMAIN)
                .withHeaders(google.unauthenticated(expired).headers());
    }

    /** The shape of a recorded quota answer of health.googleapis.com (no Retry-After header). */
    @Override
    public ApiAnswer rateLimited() {
        ApiAnswer answer = google.apiError(429, null, "Quota exceeded for quota metric 'Queries' and limit 'Queries per "
                + "minute per user' of service 'health.googleapis.com' for consumer 'project_number:000000000000'.");
        return withReason(answer, "RATE_LIMIT_EXCEEDED", GOOGLE_DOMAIN);
    }

    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        return Map.of();
    }

    @Override
    public boolean acceptsClientCredentialsInForm() {
        return google.acceptsClientCredentialsInForm();
    }

    /** Google keeps the refresh token: a refresh answers a new access token only. */
    @Override
    public boolean rotatesRefreshTokens() {
        return google.rotatesRefreshTokens();
    }

    @Override
    public String redirectFragment() {
        return google.redirectFragment();
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        return google.tokenAnswer(tokens, expiresInSeconds);
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        return google.tokenError(status, error, message);
    }

    private static ApiAnswer withReason(ApiAnswer answer, String reason, String domain) {
        try {
            ObjectNode body = (ObjectNode) SandboxJson.MAPPER.readTree(answer.body());
            ((ObjectNode) body.get("error")).putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", reason)
                    .put("domain", domain);
            return new ApiAnswer(answer.status(), SandboxJson.write(body), answer.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The Google envelope is always JSON", e);
        }
    }
}
