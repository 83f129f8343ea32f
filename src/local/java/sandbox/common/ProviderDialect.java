package sandbox.common;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Random;

/**
 * How one provider talks: its error envelopes, rate-limit headers, user ids and OAuth token
 * endpoint. Everything else in the sandbox is shared between providers.
 */
public interface ProviderDialect {

    /** A fresh user id in the provider's format. */
    String newUserId(Random random);

    /** The provider's error envelope; a null field or message takes the provider's default. */
    ApiAnswer apiError(int status, String field, String message);

    /** 401 for a missing, unknown or expired access token; never names the token. */
    ApiAnswer unauthenticated(boolean expired);

    /** 429 once the per-user quota is used up. */
    ApiAnswer rateLimited();

    /** Headers every authenticated API answer carries; empty when the provider sends none. */
    Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage);

    /** Whether the token endpoint takes client_id/client_secret from the form besides HTTP Basic (most do; Fitbit not). */
    default boolean acceptsClientCredentialsInForm() {
        return true;
    }

    /** Whether a refresh hands out a new refresh token and kills the old one (most providers here do; Google not). */
    default boolean rotatesRefreshTokens() {
        return true;
    }

    /** Appended to the authorization redirect (Fitbit adds "#_=_"). */
    default String redirectFragment() {
        return "";
    }

    /** The token endpoint's success body; refreshToken is null when the provider keeps the old one. */
    ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds);

    /** How long an access token lives: the configured lifetime, or less where the provider's tokens live shorter. */
    default java.time.Duration accessTokenTtl(java.time.Duration configured) {
        return configured;
    }

    /** The token endpoint's error body. */
    ApiAnswer tokenError(int status, String error, String message);
}
