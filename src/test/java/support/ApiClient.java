package support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import security.JwtAuthenticator;

/** Calls the SyncWell API as one user, with a JWT signed by the test secret. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;
    private final String token;

    private ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public static ApiClient forUser(String baseUrl, String userId) {
        return new ApiClient(baseUrl, token(userId, "user"));
    }

    /** An operator: a JWT with the {@code admin} role, for {@code /v1/admin/...}. */
    public static ApiClient forAdmin(String baseUrl, String userId) {
        return new ApiClient(baseUrl, token(userId, "user", "admin"));
    }

    /** A bearer token of this user with these roles, valid for an hour (the console takes it in its link). */
    public static String token(String userId, String... roles) {
        return new JwtAuthenticator(SyncWellInstance.JWT_SECRET.getBytes(StandardCharsets.UTF_8))
                .issue(userId, List.of(roles), Duration.ofHours(1));
    }

    public static ApiClient withToken(String baseUrl, String token) {
        return new ApiClient(baseUrl, token);
    }

    public record Answer(int status, HttpResponse<String> raw) {
        Answer withStatus() {
            return new Answer(raw.statusCode(), raw);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("answer is not JSON: " + raw.body(), e);
            }
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        public String body() {
            return raw.body();
        }

        /** The cookie this answer sets, as a browser sends it back ({@code name=value}), or null. */
        public String cookie() {
            return raw.headers().firstValue("Set-Cookie").map(cookie -> cookie.split(";", 2)[0]).orElse(null);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body == null ? null : json(body), "application/json");
    }

    public Answer patch(String path, Object body) {
        return send("PATCH", path, json(body), "application/json");
    }

    public Answer send(String method, String path, String body, String contentType) {
        return sendWithHeaders(method, path, body, contentType, java.util.Map.of());
    }

    public Answer sendWithHeaders(String method, String path, String body, String contentType, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return new Answer(0, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString())).withStatus();
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Follows an absolute URL without our token (the sandbox's authorize page, our OAuth callback). */
    public static HttpResponse<String> open(String url) {
        return open(url, null);
    }

    /** Follows an absolute URL as a browser holding {@code cookie} ({@code name=value}, e.g. the link cookie) would. */
    public static HttpResponse<String> open(String url, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
