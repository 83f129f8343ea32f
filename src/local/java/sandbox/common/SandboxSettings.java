package sandbox.common;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the provider sandbox.
 *
 * @param port           TCP port on 127.0.0.1; 0 picks a free one (read it back from {@code sandbox.ProviderSandbox#baseUrl()})
 * @param history        how far back generated data reaches for a user seen for the first time
 * @param accessTokenTtl lifetime of issued access tokens, the {@code expires_in} of token answers
 * @param clientId       the one OAuth client id both simulated providers accept
 * @param clientSecret   its secret
 */
public record SandboxSettings(int port, Duration history, Duration accessTokenTtl, String clientId, String clientSecret) {

    public SandboxSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Sandbox port out of range: " + port);
        }
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
        if (history.isNegative()) {
            throw new IllegalArgumentException("Sandbox history must not be negative: " + history);
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("Sandbox access token lifetime must be positive: " + accessTokenTtl);
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            // the secret itself is never part of the message
            throw new IllegalArgumentException("Sandbox client id and client secret are required");
        }
    }
}
