package providers.http;

import java.net.URI;
import java.net.http.HttpClient;

import config.Settings;
import metrics.SyncMetrics;

/**
 * What a provider needs from the engine, in one bean ({@code providerContext}) handed to each provider when it is
 * bound: its {@code syncwell.provider.<id>.*} settings, the account tokens, the HTTP client, and the
 * rate budgets providers report (cold jobs keep to their share), and the meters its calls are counted in.
 */
public record ProviderContext(Settings settings, AccountTokens tokens, HttpClient http, RateBudgets rateBudgets,
                              SyncMetrics metrics) {

    public ProviderSettings settingsOf(String id) {
        String prefix = "syncwell.provider." + id + ".";
        String revokeUrl = settings.string(prefix + "revoke-url", "");
        return new ProviderSettings(URI.create(settings.string(prefix + "base-url")), URI.create(settings.string(prefix + "auth-url")),
                URI.create(settings.string(prefix + "token-url")), settings.string(prefix + "client-id"),
                settings.string(prefix + "client-secret"), settings.duration(prefix + "lookback"),
                java.time.Duration.parse(settings.string(prefix + "rate-limit-wait", settings.string("syncwell.rate-limit.default-wait"))),
                revokeUrl.isBlank() ? null : URI.create(revokeUrl));
    }
}
