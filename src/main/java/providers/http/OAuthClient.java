package providers.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import model.Json;
import providers.spi.LinkedTokens;
import providers.spi.OAuthFlow;
import security.TokenSet;

/**
 * OAuth 2.0 authorization-code flow with PKCE (S256) against one provider's authorization server, and
 * refresh. Providers differ in how the client authenticates at the token endpoint: HTTP Basic (Fitbit)
 * or client id and secret in the form (Google).
 */
public class OAuthClient implements OAuthFlow {

    /** Token and user id answers are a few hundred bytes; whatever is far beyond that is no answer of theirs. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    /** For the whole exchange, headers and body. */
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(30);

    public enum ClientAuthentication { BASIC, FORM }

    /**
     * How a provider withdraws our access at {@code revoke-url}: a form with the token (RFC 7009: Fitbit, Google), a
     * form with the access token (Strava's deauthorize), or a DELETE made with the access token (Garmin's user
     * registration, Wahoo's permissions).
     */
    public enum Revocation {
        TOKEN_FORM, ACCESS_TOKEN_FORM, BEARER_DELETE;

        /** Whether the call is made with the access token, which must then still be valid. */
        public boolean usesAccessToken() {
            return this != TOKEN_FORM;
        }
    }

    /**
     * How a token endpoint departs from RFC 6749: extra form fields on every token request (Withings wants
     * {@code action=requesttoken}) and an envelope around the answer ({@code {"status":0,"body":{…tokens…}}}).
     */
    public record TokenEndpoint(Map<String, String> extraFields, ResponseEnvelope envelope) {
        public static final TokenEndpoint STANDARD = new TokenEndpoint(Map.of(), ResponseEnvelope.NONE);
    }

    /**
     * Where a provider whose token answer does not name the user (Garmin) tells its id for the user: a GET with the
     * new access token answering JSON with the id in {@code field}. Webhooks name users by this id.
     */
    public record UserIdEndpoint(URI uri, String field) {
    }

    private final String provider;
    private final ProviderSettings settings;
    private final String scopes;
    private final ClientAuthentication clientAuthentication;
    private final HttpClient http;
    private final TokenEndpoint tokenEndpoint;
    private final UserIdEndpoint userIdEndpoint;

    /** @param userIdEndpoint where to ask for the user's id when the token answer does not name it; null: nowhere */
    public OAuthClient(String provider, ProviderSettings settings, String scopes, ClientAuthentication clientAuthentication,
                       HttpClient http, TokenEndpoint tokenEndpoint, UserIdEndpoint userIdEndpoint) {
        this.provider = provider;
        this.settings = settings;
        this.scopes = scopes;
        this.clientAuthentication = clientAuthentication;
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.userIdEndpoint = userIdEndpoint;
    }

    @Override
    public URI authorizeUrl(String state, URI redirectUri, String codeChallenge, String loginHint) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri.toString());
        // providers whose scopes are fixed per client in their developer portal (Garmin) get none
        if (scopes != null && !scopes.isBlank()) {
            query.put("scope", scopes);
        }
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        // Google hands out a refresh token only with offline access
        query.put("access_type", "offline");
        if (loginHint != null && !loginHint.isBlank()) {
            query.put("login_hint", loginHint);
        }
        return URI.create(settings.authUrl() + "?" + form(query));
    }

    @Override
    public LinkedTokens exchangeCode(String code, URI redirectUri, String codeVerifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri.toString());
        body.put("code_verifier", codeVerifier);
        JsonNode answer = tokenRequest(body, "exchange the authorization code");
        TokenSet tokens = tokens(answer, null);
        String userId = externalUserId(answer);
        if (userId == null && userIdEndpoint != null) {
            userId = lookUpUserId(tokens);
        }
        return new LinkedTokens(tokens, userId);
    }

    /** The provider's id for the user behind fresh tokens, from its user id endpoint. */
    private String lookUpUserId(TokenSet tokens) {
        HttpRequest request = HttpRequest.newBuilder(userIdEndpoint.uri())
                .timeout(ANSWER_DEADLINE)
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Accept", "application/json")
                .GET().build();
        HttpExchange.Answer<String> response;
        try {
            response = HttpExchange.send(http, request, MAX_ANSWER_BYTES, ANSWER_DEADLINE, OAuthClient::text);
        } catch (IOException e) {
            throw new TransientSyncException(provider + " user id endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while asking " + provider + " for the user id");
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new TransientSyncException(provider + " user id endpoint answered " + status);
        }
        if (status / 100 != 2) {
            throw new PermanentSyncException(provider + " user id endpoint answered " + status + " ("
                    + ProviderErrors.describe(response.body()) + ")");
        }
        try {
            String id = WireValues.text(Json.MAPPER.readTree(response.body()), userIdEndpoint.field());
            if (id == null || id.isBlank()) {
                throw new PermanentSyncException(provider + " user id endpoint answered without " + userIdEndpoint.field());
            }
            return id;
        } catch (IOException e) {
            throw new PermanentSyncException(provider + " user id endpoint answered with a body that is not JSON");
        }
    }

    /** A new token set; the refresh token is the rotated one when the provider rotates, else the old one. */
    @Override
    public TokenSet refresh(TokenSet current) {
        if (current.refreshToken() == null) {
            throw new ReauthRequiredException(provider + " gave no refresh token: the account must be linked again");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", current.refreshToken());
        return tokens(tokenRequest(body, "refresh the access token"), current.refreshToken());
    }

    /**
     * Withdraws our access for the user behind {@code tokens} at {@code revokeUrl}. A token the provider no longer
     * knows (400/401) counts as withdrawn; its other refusals and failures to answer are thrown (transient ones: retry).
     */
    public void revoke(TokenSet tokens, Revocation style, URI revokeUrl) {
        HttpRequest.Builder request = HttpRequest.newBuilder(revokeUrl).timeout(ANSWER_DEADLINE).header("Accept", "application/json");
        if (style == Revocation.BEARER_DELETE) {
            request.header("Authorization", "Bearer " + tokens.accessToken()).DELETE();
        } else {
            Map<String, String> body = new LinkedHashMap<>();
            if (style == Revocation.TOKEN_FORM) {
                // the refresh token takes its access tokens with it
                body.put("token", tokens.refreshToken() != null ? tokens.refreshToken() : tokens.accessToken());
                authenticateClient(request, body);
            } else {
                body.put("access_token", tokens.accessToken());
            }
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        }
        int status = send(request.build(), "withdraw our access").statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            throw new TransientSyncException(provider + " answered " + status + " when asked to withdraw our access");
        }
        if (status / 100 != 2 && status != 400 && status != 401) {
            throw new PermanentSyncException(provider + " answered " + status + " when asked to withdraw our access");
        }
    }

    /** A call to the provider's API with an access token of our own choosing (an account already unlinked has none stored). */
    public int callWithToken(String method, URI uri, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ANSWER_DEADLINE).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").method(method, HttpRequest.BodyPublishers.noBody()).build();
        return send(request, method + " " + uri.getPath()).statusCode();
    }

    private HttpExchange.Answer<String> send(HttpRequest request, String purpose) {
        try {
            return HttpExchange.send(http, request, MAX_ANSWER_BYTES, ANSWER_DEADLINE, OAuthClient::text);
        } catch (IOException e) {
            throw new TransientSyncException(provider + " unreachable while trying to " + purpose + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while trying to " + purpose + " at " + provider);
        }
    }

    private void authenticateClient(HttpRequest.Builder request, Map<String, String> body) {
        if (clientAuthentication == ClientAuthentication.BASIC) {
            String pair = settings.clientId() + ":" + settings.clientSecret();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", settings.clientId());
            body.put("client_secret", settings.clientSecret());
        }
    }

    private JsonNode tokenRequest(Map<String, String> body, String purpose) {
        body.putAll(tokenEndpoint.extraFields());
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.tokenUrl())
                .timeout(ANSWER_DEADLINE)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        authenticateClient(request, body);
        HttpExchange.Answer<String> response = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(), purpose);
        int status = effectiveStatus(response);
        if (status >= 500 || status == 429) {
            throw new TransientSyncException(provider + " token endpoint answered " + status + " while trying to " + purpose);
        }
        if (status == 400 || status == 401) {
            // invalid_grant and friends: the grant is dead, only the user can make a new one
            throw new ReauthRequiredException(provider + " refused to " + purpose + " (HTTP " + status + ", "
                    + ProviderErrors.describe(response.body()) + "): the account must be linked again");
        }
        if (status / 100 != 2) {
            throw new PermanentSyncException(provider + " token endpoint answered " + status + " while trying to " + purpose);
        }
        try {
            JsonNode answer = tokenEndpoint.envelope().payload(Json.MAPPER.readTree(response.body()));
            if (answer == null || WireValues.text(answer, "access_token") == null) {
                throw new PermanentSyncException(provider + " token endpoint answered without an access_token");
            }
            return answer;
        } catch (IOException e) {
            throw new PermanentSyncException(provider + " token endpoint answered with a body that is not JSON");
        }
    }

    /** The HTTP status, or the one the provider's envelope stands for. */
    private int effectiveStatus(HttpExchange.Answer<String> response) {
        if (response.statusCode() / 100 != 2 || tokenEndpoint.envelope() == ResponseEnvelope.NONE) {
            return response.statusCode();
        }
        try {
            JsonNode answer = Json.MAPPER.readTree(response.body());
            return answer == null ? response.statusCode() : tokenEndpoint.envelope().effectiveStatus(response.statusCode(), answer);
        } catch (IOException notJson) {
            return response.statusCode();
        }
    }

    private static TokenSet tokens(JsonNode answer, String previousRefreshToken) {
        String refresh = WireValues.text(answer, "refresh_token");
        Instant expiresAt = answer.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(answer.get("expires_in").asLong()) : null;
        return new TokenSet(WireValues.text(answer, "access_token"), refresh != null ? refresh : previousRefreshToken, expiresAt,
                WireValues.text(answer, "scope"));
    }

    /** The provider's id for the user: Fitbit's {@code user_id}, Withings' {@code userid}, Strava's {@code athlete.id}. */
    static String externalUserId(JsonNode answer) {
        if (WireValues.text(answer, "user_id") != null) {
            return WireValues.text(answer, "user_id");
        }
        if (WireValues.text(answer, "userid") != null) {
            return WireValues.text(answer, "userid");
        }
        JsonNode athlete = answer.path("athlete");
        return athlete.isObject() ? WireValues.text(athlete, "id") : null;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
