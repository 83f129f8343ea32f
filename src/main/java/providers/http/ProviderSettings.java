package providers.http;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code syncwell.provider.<id>.*} settings: where the provider's API and OAuth server are, our client, how far
 * back each sync looks again, how long a rate-limited job waits when the provider's 429 names no reset, and where an
 * unlinked account's access is withdrawn ({@code revoke-url}; null where the provider offers no way).
 */
public record ProviderSettings(URI baseUrl, URI authUrl, URI tokenUrl, String clientId, String clientSecret,
                               Duration lookback, Duration rateLimitWait, URI revokeUrl) {

    @Override
    public String toString() {
        return "ProviderSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
