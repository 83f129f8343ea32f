package sandbox.common;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OAuth 2.0 authorization server that approves every request at once: the authorize endpoint
 * answers with the redirect to the client's callback instead of a consent page. Codes, tokens and
 * client secrets never reach the log.
 */
public final class SandboxOAuthServer {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxOAuthServer.class);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private record Client(String id, String secret) {
    }

    private final SandboxSettings settings;
    private final SandboxTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SandboxOAuthServer(SandboxSettings settings, SandboxTokens tokens, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.clock = clock;
    }

    public void mount(Router router, ProviderState<?> state, String authorizePath, String tokenPath) {
        router.get(authorizePath).handler(ctx -> authorize(ctx, state).send(ctx.response()));
        router.post(tokenPath).handler(ctx -> {
            TokenAnswer answer = token(ctx, state);
            if (answer.delayMillis() > 0) {
                ctx.vertx().setTimer(answer.delayMillis(), timer -> answer.answer().send(ctx.response()));
            } else {
                answer.answer().send(ctx.response());
            }
        });
    }

    /** How a provider takes a withdrawal of access (see the app's OAuthClient.Revocation). */
    public enum Revocation { TOKEN_FORM, ACCESS_TOKEN_FORM, BEARER_DELETE }

    /**
     * The provider's way of withdrawing an app's access for a user: every token of that user at this provider stops
     * working. A token it does not know answers 400 (forms) or 401 (DELETE). Faults armed for the user apply (a 5xx
     * while the provider is down).
     */
    public void mountRevocation(Router router, ProviderState<?> state, String path, Revocation style) {
        (style == Revocation.BEARER_DELETE ? router.delete(path) : router.post(path)).handler(ctx ->
                revoke(ctx, state, style).send(ctx.response()));
    }

    private ApiAnswer revoke(RoutingContext ctx, ProviderState<?> state, Revocation style) {
        ProviderDialect dialect = state.dialect();
        MultiMap form = ctx.request().formAttributes();
        Optional<String> userId;
        switch (style) {
            case BEARER_DELETE -> {
                String authorization = ctx.request().getHeader("Authorization");
                String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorization.substring(7).trim() : null;
                userId = tokens.accessGrant(state.provider(), token).filter(grant -> !grant.expiredAt(clock.instant()))
                        .map(SandboxTokens.AccessGrant::userId);
            }
            case ACCESS_TOKEN_FORM -> {
                String token = form.get("access_token") != null ? form.get("access_token") : ctx.request().getParam("access_token");
                userId = tokens.accessGrant(state.provider(), token).map(SandboxTokens.AccessGrant::userId);
            }
            default -> {
                String token = form.get("token");
                userId = tokens.accessGrant(state.provider(), token).map(SandboxTokens.AccessGrant::userId)
                        .or(() -> tokens.redeemRefreshToken(state.provider(), token, false).map(SandboxTokens.RefreshGrant::userId));
            }
        }
        if (userId.isEmpty()) {
            return style == Revocation.BEARER_DELETE ? dialect.tokenError(401, "invalid_token", "Unknown or expired token")
                    : dialect.tokenError(400, "invalid_token", "Unknown token");
        }
        Optional<SandboxFaults.Fault> fault = state.faults().take(userId.get(), ctx.request().method().name(), ctx.request().path());
        if (fault.isPresent() && fault.get().status() > 0) {
            return dialect.tokenError(fault.get().status(), "server_error", "Try again later");
        }
        int revoked = tokens.revokeUser(state.provider(), userId.get());
        LOG.info("Sandbox {} withdrew the app's access for user {} ({} grants)", state.provider().id(), userId.get(), revoked);
        return style == Revocation.BEARER_DELETE ? ApiAnswer.noContent() : ApiAnswer.ok(SandboxJson.object());
    }

    /**
     * A token answer and how long it is held back: a delay fault armed for the user (method POST, path containing
     * "token") holds a refresh's answer after its tokens were rotated — the moment a client that loses the answer,
     * or cannot store it, is left with a retired refresh token.
     */
    private record TokenAnswer(ApiAnswer answer, long delayMillis) {
        static TokenAnswer now(ApiAnswer answer) {
            return new TokenAnswer(answer, 0);
        }
    }

    private ApiAnswer authorize(RoutingContext ctx, ProviderState<?> state) {
        ProviderDialect dialect = state.dialect();
        MultiMap query = ctx.queryParams();
        // a real provider shows an error page here; JSON in the provider's token-error shape is easier to assert
        if (!settings.clientId().equals(query.get("client_id"))) {
            return dialect.tokenError(400, "invalid_client", "Unknown client_id");
        }
        if (!"code".equals(query.get("response_type"))) {
            return dialect.tokenError(400, "unsupported_response_type", "response_type must be code");
        }
        String redirectUri = query.get("redirect_uri");
        if (!isAbsoluteHttpUri(redirectUri)) {
            return dialect.tokenError(400, "invalid_request", "redirect_uri must be an absolute http(s) URI");
        }
        String challenge = query.get("code_challenge");
        if (challenge != null && !"S256".equals(query.get("code_challenge_method"))) {
            return dialect.tokenError(400, "invalid_request", "code_challenge_method must be S256");
        }
        String hint = query.get("login_hint");
        if (hint != null && !USER_ID.matcher(hint).matches()) {
            return dialect.tokenError(400, "invalid_request", "login_hint is not a usable sandbox user id");
        }
        Instant now = clock.instant();
        String userId = hint != null ? hint : newUserId(state);
        state.users().firstSight(userId, now);
        String scope = query.get("scope") == null ? "" : query.get("scope");
        String code = tokens.newCode(new SandboxTokens.AuthorizationRequest(
                state.provider(), userId, redirectUri, challenge, scope, now.plus(CODE_LIFETIME)));
        String clientState = query.get("state");
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + encode(code)
                + (clientState == null ? "" : "&state=" + encode(clientState)) + dialect.redirectFragment();
        LOG.info("Sandbox {} approved authorization for user {}", state.provider().id(), userId);
        return new ApiAnswer(302, "", Map.of("Location", location, "Cache-Control", "no-store"));
    }

    private TokenAnswer token(RoutingContext ctx, ProviderState<?> state) {
        ProviderDialect dialect = state.dialect();
        MultiMap form = ctx.request().formAttributes();
        Optional<Client> client = client(ctx, form, dialect);
        if (client.isEmpty()
                || !settings.clientId().equals(client.get().id())
                || !settings.clientSecret().equals(client.get().secret())) {
            return TokenAnswer.now(dialect.tokenError(401, "invalid_client", "Client authentication failed"));
        }
        String grantType = form.get("grant_type");
        TokenAnswer answer;
        if ("authorization_code".equals(grantType)) {
            answer = TokenAnswer.now(exchangeCode(form, state));
        } else if ("refresh_token".equals(grantType)) {
            answer = refresh(form, state, ctx.request().path());
        } else {
            answer = TokenAnswer.now(dialect.tokenError(400, "unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token"));
        }
        return new TokenAnswer(answer.answer().withHeaders(Map.of("Cache-Control", "no-store", "Pragma", "no-cache")),
                answer.delayMillis());
    }

    private ApiAnswer exchangeCode(MultiMap form, ProviderState<?> state) {
        ProviderDialect dialect = state.dialect();
        Instant now = clock.instant();
        Optional<SandboxTokens.AuthorizationRequest> redeemed = tokens.redeemCode(form.get("code"));
        if (redeemed.isEmpty() || redeemed.get().provider() != state.provider()) {
            return dialect.tokenError(400, "invalid_grant", "Authorization code invalid");
        }
        SandboxTokens.AuthorizationRequest request = redeemed.get();
        if (!now.isBefore(request.expiresAt())) {
            return dialect.tokenError(400, "invalid_grant", "Authorization code expired");
        }
        if (!request.redirectUri().equals(form.get("redirect_uri"))) {
            return dialect.tokenError(400, "invalid_grant", "Redirect URI mismatch");
        }
        if (request.codeChallenge() != null && !request.codeChallenge().equals(s256(form.get("code_verifier")))) {
            return dialect.tokenError(400, "invalid_grant", "Code verifier does not match the code challenge");
        }
        Duration ttl = dialect.accessTokenTtl(settings.accessTokenTtl());
        SandboxTokens.IssuedTokens issued = tokens.issue(state.provider(), request.userId(), request.scope(), now.plus(ttl), true);
        LOG.info("Sandbox {} issued tokens for user {} (authorization code)", state.provider().id(), request.userId());
        return ApiAnswer.ok(dialect.tokenAnswer(issued, ttl.toSeconds()));
    }

    private TokenAnswer refresh(MultiMap form, ProviderState<?> state, String path) {
        ProviderDialect dialect = state.dialect();
        boolean rotate = dialect.rotatesRefreshTokens();
        Optional<SandboxTokens.RefreshGrant> grant =
                tokens.redeemRefreshToken(state.provider(), form.get("refresh_token"), rotate);
        if (grant.isEmpty()) {
            // Fitbit's real message ends with the token; it is left out on purpose
            return TokenAnswer.now(dialect.tokenError(400, "invalid_grant", rotate
                    ? "Refresh token invalid: the token was used before or never issued"
                    : "Token has been expired or revoked."));
        }
        Duration ttl = dialect.accessTokenTtl(settings.accessTokenTtl());
        SandboxTokens.IssuedTokens issued = tokens.issue(state.provider(), grant.get().userId(), grant.get().scope(),
                clock.instant().plus(ttl), rotate);
        LOG.info("Sandbox {} refreshed tokens for user {}", state.provider().id(), grant.get().userId());
        long delayMillis = state.faults().take(grant.get().userId(), "POST", path)
                .map(SandboxFaults.Fault::delayMillis).orElse(0L);
        return new TokenAnswer(ApiAnswer.ok(dialect.tokenAnswer(issued, ttl.toSeconds())), delayMillis);
    }

    /** Client credentials from HTTP Basic, or from the form where the provider allows it. */
    private static Optional<Client> client(RoutingContext ctx, MultiMap form, ProviderDialect dialect) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty()
                        : Optional.of(new Client(decoded.substring(0, colon), decoded.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (dialect.acceptsClientCredentialsInForm() && form.get("client_id") != null) {
            return Optional.of(new Client(form.get("client_id"), form.get("client_secret")));
        }
        return Optional.empty();
    }

    private String newUserId(ProviderState<?> state) {
        String id;
        do {
            id = state.dialect().newUserId(random);
        } while (state.users().exists(id));
        return id;
    }

    private static boolean isAbsoluteHttpUri(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
