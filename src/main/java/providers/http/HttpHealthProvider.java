package providers.http;

import java.net.URI;
import java.time.Duration;

import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.Revocable;
import security.TokenSet;

/**
 * What every provider reached over HTTP with OAuth 2.0 has: capabilities, and — from the engine's
 * {@link ProviderContext}, handed over when the provider is bound — its settings, OAuth client and HTTP layer.
 */
public abstract class HttpHealthProvider implements HealthProvider, Revocable {

    private final ProviderInfo info;
    private final String scopes;
    private final OAuthClient.ClientAuthentication clientAuthentication;
    private final ProviderContext context;
    private volatile Wiring wiring;

    /** The parts built from the engine's services and the provider's own hooks. */
    private record Wiring(ProviderSettings settings, OAuthClient oauth, ProviderHttp http) {
    }

    protected HttpHealthProvider(ProviderInfo info, String scopes, OAuthClient.ClientAuthentication clientAuthentication,
                                 ProviderContext context) {
        this.info = info;
        this.scopes = scopes;
        this.clientAuthentication = clientAuthentication;
        this.context = context;
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

    /**
     * How long until the provider's rate-limit window resets, from headers of its own kind; the shared layer already
     * reads {@code Retry-After} and the common reset headers. Empty: the {@code rate-limit-wait} setting.
     */
    protected java.util.Optional<Duration> rateLimitReset(java.net.http.HttpHeaders headers, java.time.Instant now) {
        return java.util.Optional.empty();
    }

    /**
     * What an answer's headers say of the provider's rate budget (cold jobs keep to their share of it): the common
     * headers unless the provider reports it its own way; empty when it does not report it.
     */
    protected java.util.Optional<RateBudget> rateBudget(java.net.http.HttpHeaders headers, java.time.Instant now) {
        return RateBudget.fromCommonHeaders(headers, now);
    }

    /**
     * The endpoint that names the user, for providers whose token answer does not (Garmin); null when the token
     * answer's {@code user_id} does, or nothing needs the provider's user id.
     */
    protected OAuthClient.UserIdEndpoint userIdEndpoint(ProviderSettings settings) {
        return null;
    }

    /** How the provider withdraws our access; null where it offers no way. */
    protected OAuthClient.Revocation revocation() {
        return null;
    }

    /** What linking set up at the provider and unlinking takes down first (Fitbit: its push subscription). */
    protected void beforeRevoking(ProviderCall call, TokenSet tokens) {
    }

    @Override
    public boolean canRevoke() {
        return revocation() != null && settings().revokeUrl() != null;
    }

    @Override
    public void revoke(ProviderCall call, TokenSet tokens) {
        if (!canRevoke()) {
            throw new IllegalStateException(info.id() + " offers no way to withdraw access");
        }
        beforeRevoking(call, tokens);
        oauth().revoke(tokens, revocation(), settings().revokeUrl());
    }

    protected ProviderHttp http() {
        return wiring().http();
    }

    protected ProviderSettings settings() {
        return wiring().settings();
    }

    /** A setting of this provider beyond the common ones: {@code syncwell.provider.<id>.<name>}. */
    protected String setting(String name, String defaultValue) {
        return context.settings().string("syncwell.provider." + info.id() + "." + name, defaultValue);
    }

    /** A URL of the provider's API: the base URL setting followed by the path (and query). */
    protected URI uri(String pathAndQuery) {
        return URI.create(settings().baseUrl() + pathAndQuery);
    }

    /**
     * Built on first use rather than in the constructor: it calls the hooks above ({@link #envelope()},
     * {@link #userIdEndpoint}…), which a subclass may answer from fields its own constructor has not set yet.
     */
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
        ProviderSettings settings = context.settingsOf(info.id());
        OAuthClient oauth = new OAuthClient(info.id(), settings, scopes, clientAuthentication, context.http(), tokenEndpoint(),
                userIdEndpoint(settings));
        return new Wiring(settings, oauth, new ProviderHttp(info.id(), oauth, context.tokens(), context.http(),
                settings.rateLimitWait(), envelope(), this::rateLimitReset, context.rateBudgets(), this::rateBudget, context.metrics()));
    }
}
