package api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.SyncFailure;
import providers.spi.HealthProvider;
import providers.spi.LinkListener;
import providers.spi.LinkedTokens;
import providers.spi.ProviderCall;
import providers.spi.ProviderRegistry;
import security.TokenCipher;
import state.Account;
import state.AccountStore;
import state.OAuthState;
import state.OAuthStateStore;

/**
 * Linking provider accounts: authorize (a single-use state bound to the user, PKCE), the OAuth callback
 * (code exchanged, tokens stored encrypted), listing and unlinking. Tokens never leave this class in clear.
 */
public class AccountsApi {

    private static final Logger LOG = LoggerFactory.getLogger(AccountsApi.class);
    private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final OAuthStateStore states;
    private final TokenCipher cipher;
    private final String publicBaseUrl;
    private final RedirectAllowlist redirects;
    private final AccountRevocations revocations;

    public AccountsApi(ProviderRegistry providers, AccountStore accounts, OAuthStateStore states, TokenCipher cipher,
                       String publicBaseUrl, RedirectAllowlist redirects, AccountRevocations revocations) {
        this.redirects = redirects;
        this.revocations = revocations;
        this.providers = providers;
        this.accounts = accounts;
        this.states = states;
        this.cipher = cipher;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /**
     * {@code loginHint} is passed on as OAuth's {@code login_hint} (Google honours it; the sandbox uses it as
     * the provider user id, which lets tests and scripts know whose data to look at).
     */
    public record AuthorizeRequest(String redirectUri, String loginHint) {
    }

    public ApiResponse authorize(ApiRequest request) {
        HealthProvider provider = provider(request.param("provider"));
        AuthorizeRequest body = request.body() == null ? new AuthorizeRequest(null, null) : request.bodyAs(AuthorizeRequest.class);
        String redirectUri = body.redirectUri();
        if (redirectUri != null && !redirects.allows(redirectUri)) {
            throw ApiProblem.badRequest("redirectUri must be one of the addresses syncwell.oauth.allowed-redirects allows");
        }
        String state = randomToken();
        String verifier = randomToken();
        String nonce = randomToken();
        states.save(new OAuthState(state, request.userId(), provider.id(), redirectUri, verifier,
                Instant.now().plus(STATE_LIFETIME), sha256(nonce)));
        URI url = provider.oauth().authorizeUrl(state, callbackUri(provider.id()), challenge(verifier), body.loginHint());
        return new ApiResponse(200, Map.of("authorizeUrl", url.toString(), "state", state),
                Map.of("Set-Cookie", linkCookie(provider.id(), nonce, STATE_LIFETIME)));
    }

    public ApiResponse callback(ApiRequest request) {
        String providerId = request.param("provider");
        if (request.optionalParam("error").isPresent()) {
            throw ApiProblem.badRequest("the provider did not authorize the account (" + request.optionalParam("error").get() + ")");
        }
        String code = request.param("code");
        OAuthState pending = states.consume(request.param("state"))
                .orElseThrow(() -> ApiProblem.badRequest("unknown, used or expired state: start again with authorize"));
        if (!pending.provider().equals(providerId)) {
            throw ApiProblem.badRequest("this state was issued for " + pending.provider() + ", not " + providerId);
        }
        if (!startedInThisBrowser(pending, request)) {
            LOG.warn("{} link of user {} finished in a browser that did not start it: refused", providerId, pending.userId());
            throw new ApiProblem(403, "Forbidden", "this link was started in another browser: start it again from the app");
        }
        HealthProvider provider = provider(providerId);
        LinkedTokens linked;
        try {
            linked = provider.oauth().exchangeCode(code, callbackUri(providerId), pending.codeVerifier());
        } catch (SyncFailure e) {
            throw new ApiProblem(502, "Bad Gateway", "linking failed: " + e.getMessage());
        }
        refuseIfLinkedElsewhere(providerId, linked.externalUserId(), pending.userId());
        Instant now = Instant.now();
        accounts.save(new Account(pending.userId(), providerId, Account.LINKED, now, linked.externalUserId(),
                cipher.encrypt(linked.tokens(), pending.userId(), providerId), now));
        afterLinking(provider, new ProviderCall(pending.userId(), providerId));
        Map<String, Object> body = Map.of("provider", providerId, "status", Account.LINKED);
        String spentCookie = linkCookie(providerId, "", Duration.ZERO);
        if (pending.redirectUri() != null) {
            String separator = pending.redirectUri().contains("?") ? "&" : "?";
            return new ApiResponse(302, body, Map.of("Location",
                    pending.redirectUri() + separator + "provider=" + providerId + "&status=" + Account.LINKED,
                    "Set-Cookie", spentCookie));
        }
        return new ApiResponse(200, body, Map.of("Set-Cookie", spentCookie));
    }

    /**
     * Linking CSRF: without this, anyone could send a victim their own authorizeUrl, and the victim's provider account
     * would end up linked to the sender's SyncWell user. The callback must come from the browser that received the
     * authorize answer: it carries the link cookie whose nonce the state holds the hash of.
     */
    private boolean startedInThisBrowser(OAuthState pending, ApiRequest request) {
        String expected = pending.browserBinding();
        String nonce = cookie(request, linkCookieName(pending.provider()));
        return expected != null && nonce != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sha256(nonce).getBytes(StandardCharsets.US_ASCII));
    }

    /** A provider account belongs to one SyncWell user at a time: another user may link it once that one unlinked it. */
    private void refuseIfLinkedElsewhere(String provider, String externalUserId, String userId) {
        if (externalUserId == null) {
            return;
        }
        boolean elsewhere = accounts.findByProviderUser(provider, externalUserId).stream()
                .anyMatch(account -> !account.userId().equals(userId));
        if (elsewhere) {
            LOG.warn("{} account linked to another user offered to user {}: refused", provider, userId);
            throw ApiProblem.conflict("this " + provider + " account is linked to another SyncWell user: unlink it there first");
        }
    }

    /** {@code __Host-} where the API is reached over https (the browser then insists on Secure, Path=/, no Domain). */
    private String linkCookieName(String provider) {
        return (secureCookies() ? "__Host-" : "") + "syncwell-link-" + provider;
    }

    private String linkCookie(String provider, String value, Duration lifetime) {
        return linkCookieName(provider) + "=" + value + "; Path=/; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (secureCookies() ? "; Secure" : "");
    }

    private boolean secureCookies() {
        return publicBaseUrl.startsWith("https://");
    }

    /** A cookie's value from the request's Cookie header. */
    private static String cookie(ApiRequest request, String name) {
        for (String pair : request.header("Cookie").orElse("").split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                return pair.substring(equals + 1).trim();
            }
        }
        return null;
    }

    /**
     * The provider's follow-up to a link (Fitbit: its push subscription). The account is linked whatever happens here:
     * without the follow-up, scheduled and manual syncs still work. Reasons of our own failures name no token or value.
     */
    private static void afterLinking(HealthProvider provider, ProviderCall call) {
        if (!(provider instanceof LinkListener listener)) {
            return;
        }
        try {
            listener.onLinked(call);
        } catch (SyncFailure e) {
            LOG.warn("{} account of user {} linked, but the follow-up after linking failed: {}", call.provider(), call.userId(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} account of user {} linked, but the follow-up after linking failed: {}", call.provider(), call.userId(),
                    e.getClass().getSimpleName());
        }
    }

    public ApiResponse list(ApiRequest request) {
        List<Map<String, Object>> linked = accounts.list(request.userId()).stream().map(AccountsApi::view).toList();
        return ApiResponse.ok(linked);
    }

    /** The account and its tokens go at once; the connections using it are disabled; the provider is told (AccountRevocations). */
    public ApiResponse unlink(ApiRequest request) {
        if (!revocations.unlink(request.userId(), request.param("provider"))) {
            throw ApiProblem.notFound("no linked account at " + request.param("provider"));
        }
        return ApiResponse.noContent();
    }

    private static Map<String, Object> view(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("provider", account.provider());
        view.put("status", account.status());
        view.put("linkedAt", account.linkedAt());
        view.put("externalUserId", account.externalUserId());
        if (Account.NEEDS_REAUTH.equals(account.status()) && account.reauthReason() != null) {
            view.put("reauthReason", account.reauthReason());
        }
        return view;
    }

    private HealthProvider provider(String id) {
        return providers.find(id).orElseThrow(() -> ApiProblem.notFound("unknown provider '" + id + "'"));
    }

    private URI callbackUri(String provider) {
        return URI.create(publicBaseUrl + "/v1/oauth/callback/" + provider);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE's S256 challenge: the verifier's SHA-256, base64url. */
    private static String challenge(String verifier) {
        return sha256(verifier);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
