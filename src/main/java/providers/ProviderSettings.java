package providers;

import java.net.URI;
import java.time.Duration;

/** The {@code syncwell.provider.<id>.*} settings: where the provider's API and OAuth server are, and our client. */
public record ProviderSettings(URI baseUrl, URI authUrl, URI tokenUrl, String clientId, String clientSecret,
                               Duration lookback) {

    @Override
    public String toString() {
        return "ProviderSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
