package providers;

import java.net.URI;
import java.net.http.HttpClient;

/** What every provider reached over HTTP with OAuth 2.0 has: its settings, OAuth client, HTTP layer and capabilities. */
abstract class HttpHealthProvider implements HealthProvider {

    protected final ProviderSettings settings;
    protected final OAuthClient oauth;
    protected final ProviderHttp http;
    private final ProviderInfo info;

    protected HttpHealthProvider(ProviderInfo info, ProviderSettings settings, String scopes,
                                 OAuthClient.ClientAuthentication clientAuthentication, AccountTokens tokens, HttpClient client) {
        this.info = info;
        this.settings = settings;
        this.oauth = new OAuthClient(info.id(), settings, scopes, clientAuthentication, client);
        this.http = new ProviderHttp(info.id(), oauth, tokens, client);
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public OAuthClient oauth() {
        return oauth;
    }

    @Override
    public java.time.Duration lookback() {
        return settings.lookback();
    }

    /** A URL of the provider's API: the base URL setting followed by the path (and query). */
    protected URI uri(String pathAndQuery) {
        return URI.create(settings.baseUrl() + pathAndQuery);
    }
}
