package providers;

import java.net.URI;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * What every provider reached over HTTP with OAuth 2.0 has: capabilities, and — wired on first use from the
 * {@code providerContext} bean — its settings, OAuth client and HTTP layer. Providers are declared as beans
 * in their YAML route files, which Camel reads before the engine's own beans exist; hence the late wiring.
 */
abstract class HttpHealthProvider implements HealthProvider, CamelContextAware {

    private final ProviderInfo info;
    private final String scopes;
    private final OAuthClient.ClientAuthentication clientAuthentication;
    private CamelContext camelContext;
    private volatile Wiring wiring;

    /** The parts that need the engine. */
    private record Wiring(ProviderContext context, ProviderSettings settings, OAuthClient oauth, ProviderHttp http) {
    }

    protected HttpHealthProvider(ProviderInfo info, String scopes, OAuthClient.ClientAuthentication clientAuthentication) {
        this.info = info;
        this.scopes = scopes;
        this.clientAuthentication = clientAuthentication;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public OAuthClient oauth() {
        return wiring().oauth();
    }

    @Override
    public Duration lookback() {
        return wiring().settings().lookback();
    }

    /** How the provider wraps its API answers; plain HTTP statuses unless it says otherwise. */
    protected ResponseEnvelope envelope() {
        return ResponseEnvelope.NONE;
    }

    /** How its token endpoint departs from RFC 6749, if at all. */
    protected OAuthClient.TokenEndpoint tokenEndpoint() {
        return OAuthClient.TokenEndpoint.STANDARD;
    }

    protected ProviderHttp http() {
        return wiring().http();
    }

    protected ProviderSettings settings() {
        return wiring().settings();
    }

    /** A setting of this provider beyond the common ones: {@code syncwell.provider.<id>.<name>}. */
    protected String setting(String name, String defaultValue) {
        return wiring().context().settings().string("syncwell.provider." + info.id() + "." + name, defaultValue);
    }

    /** A URL of the provider's API: the base URL setting followed by the path (and query). */
    protected URI uri(String pathAndQuery) {
        return URI.create(settings().baseUrl() + pathAndQuery);
    }

    /**
     * The API path that names the linked user ({@code {"id": ...}}), asked once when an account is linked, for
     * providers whose token answer has no {@code user_id}; null when the token answer names the user or nobody needs it.
     */
    protected String userInfoPath() {
        return null;
    }

    private Wiring wiring() {
        Wiring wired = wiring;
        if (wired == null) {
            synchronized (this) {
                if (wiring == null) {
                    wiring = wire();
                }
                wired = wiring;
            }
        }
        return wired;
    }

    private Wiring wire() {
        if (camelContext == null) {
            throw new IllegalStateException("provider " + info.id() + " was not created by Camel (no CamelContext)");
        }
        ProviderContext context = camelContext.getRegistry().lookupByNameAndType("providerContext", ProviderContext.class);
        if (context == null) {
            throw new IllegalStateException("bean 'providerContext' is missing: provider " + info.id() + " cannot be wired");
        }
        ProviderSettings settings = context.settingsOf(info.id());
        String userInfoPath = userInfoPath();
        OAuthClient oauth = new OAuthClient(info.id(), settings, scopes, clientAuthentication, context.http(), tokenEndpoint(),
                userInfoPath == null ? null : URI.create(settings.baseUrl() + userInfoPath));
        return new Wiring(context, settings, oauth, new ProviderHttp(info.id(), oauth, context.tokens(), context.http(),
                settings.rateLimitWait(), envelope()));
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
