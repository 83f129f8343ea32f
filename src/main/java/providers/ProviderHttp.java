package providers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import failures.RateLimitedException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import metrics.SyncMetrics;
import model.Json;
import security.TokenSet;

/**
 * The HTTP layer every provider shares: bearer tokens (refreshed once on 401, proactively when about to
 * expire), TLS 1.2+ only, timeouts, and one classification of failures — 429 rate limited, 5xx and I/O
 * transient, other 4xx and unreadable bodies permanent. Reasons name the method and path, never the
 * query (it can carry health values) nor a token.
 */
public class ProviderHttp {

    /** For the whole exchange: the headers, and then the whole body ({@link HttpExchange}). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** A provider answer larger than this is refused rather than read into memory. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final String provider;
    private final OAuthClient oauth;
    private final AccountTokens tokens;
    private final HttpClient http;
    private final Duration defaultRateLimitWait;
    private final ResponseEnvelope envelope;
    private final RateLimitReset rateLimitReset;
    private final RateBudgets budgets;
    private final RateBudgetReader budgetReader;
    private final SyncMetrics metrics;

    /**
     * When a provider's rate-limit window resets, read from its own headers where it sends no standard reset
     * header (Strava: {@code X-RateLimit-Usage} against fixed 15-minute and daily windows); empty when unknown.
     */
    @FunctionalInterface
    public interface RateLimitReset {
        Optional<Duration> after(java.net.http.HttpHeaders headers, java.time.Instant now);
    }

    /** What the provider's headers say of its rate budget after a call; empty when it sends none. */
    @FunctionalInterface
    public interface RateBudgetReader {
        Optional<RateBudget> budget(java.net.http.HttpHeaders headers, java.time.Instant now);
    }

    /**
     * @param defaultRateLimitWait how long to wait after a 429 that names no reset (neither Retry-After nor a reset header)
     * @param envelope             how the provider wraps answers (statuses inside HTTP 200 bodies)
     * @param rateLimitReset       when the provider's window resets, from its own rate-limit headers
     * @param budgets              the rate budgets providers reported, shared by the process: cold calls keep to their share
     * @param budgetReader         how this provider reports its budget
     * @param metrics              where each call's time and status are counted
     */
    public ProviderHttp(String provider, OAuthClient oauth, AccountTokens tokens, HttpClient http, Duration defaultRateLimitWait,
                        ResponseEnvelope envelope, RateLimitReset rateLimitReset, RateBudgets budgets,
                        RateBudgetReader budgetReader, SyncMetrics metrics) {
        this.provider = provider;
        this.oauth = oauth;
        this.tokens = tokens;
        this.http = http;
        this.defaultRateLimitWait = defaultRateLimitWait;
        this.envelope = envelope;
        this.rateLimitReset = rateLimitReset;
        this.budgets = budgets;
        this.budgetReader = budgetReader;
        this.metrics = metrics;
    }

    /** An HTTP client that refuses anything older than TLS 1.2 on https URLs. */
    public static HttpClient secureClient() {
        try {
            SSLParameters tls = SSLContext.getDefault().getDefaultSSLParameters();
            tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return HttpClient.newBuilder()
                    .sslParameters(tls)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS support in this JVM", e);
        }
    }

    public JsonNode getJson(ProviderCall call, URI uri, String... headers) {
        return parse(send(call, "GET", uri, HttpRequest.BodyPublishers.noBody(), headers), "GET", uri);
    }

    public JsonNode sendJson(ProviderCall call, String method, URI uri, Object body) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new PermanentSyncException("cannot encode a request body for " + provider);
        }
        return parse(send(call, method, uri, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json"),
                method, uri);
    }

    /** A form-encoded request ({@code application/x-www-form-urlencoded}), answered as JSON. */
    public JsonNode sendForm(ProviderCall call, String method, URI uri, Map<String, String> form) {
        return parse(send(call, method, uri, HttpRequest.BodyPublishers.ofString(formEncoded(form)),
                "Content-Type", "application/x-www-form-urlencoded"), method, uri);
    }

    /**
     * A {@code multipart/form-data} upload of one file with text fields beside it (Strava and Wahoo take activity
     * files this way), answered as JSON.
     */
    public JsonNode sendMultipart(ProviderCall call, String method, URI uri, Map<String, String> fields, FilePart file) {
        String boundary = "syncwell-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> writeAscii(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n"));
        writeAscii(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field() + "\"; filename=\""
                + file.fileName() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
        body.writeBytes(file.content());
        writeAscii(body, "\r\n--" + boundary + "--\r\n");
        return parse(send(call, method, uri, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                "Content-Type", "multipart/form-data; boundary=" + boundary), method, uri);
    }

    /** One file of a multipart upload. */
    public record FilePart(String field, String fileName, String contentType, byte[] content) {
    }

    /** A GET whose 2xx body is binary (a FIT file) or a document other than JSON (TCX), as bytes. */
    public byte[] getBytes(ProviderCall call, URI uri, String... headers) {
        return exchange(call, "GET", uri, HttpRequest.BodyPublishers.noBody(), headers);
    }

    /** Sends a request for the user and answers the body of a 2xx response; anything else is thrown, classified. */
    public String send(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body, String... headers) {
        return new String(exchange(call, method, uri, body, headers), StandardCharsets.UTF_8);
    }

    private byte[] exchange(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body, String... headers) {
        budgets.checkCold(call, java.time.Instant.now());
        TokenSet current = tokens.current(call);
        if (current.expiresWithin(REFRESH_MARGIN)) {
            current = tokens.refresh(call, oauth, current);
        }
        ProviderResponse response = execute(call, method, uri, body, current, headers);
        if (response.statusCode() == 401) {
            current = tokens.refresh(call, oauth, current);
            response = execute(call, method, uri, body, current, headers);
            if (response.statusCode() == 401) {
                tokens.markNeedsReauth(call);
                throw new ReauthRequiredException(provider + " refused fresh tokens for " + method + " " + uri.getPath()
                        + ": the account must be linked again");
            }
        }
        return classify(method, uri, response);
    }

    private ProviderResponse execute(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body,
                                     TokenSet token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Accept", "application/json")
                .method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long started = System.nanoTime();
        String status = "io_error";
        try {
            HttpResponse<byte[]> response = HttpExchange.send(http, request.build(), MAX_BODY_BYTES, REQUEST_TIMEOUT, bytes -> bytes);
            budgetReader.budget(response.headers(), java.time.Instant.now()).ifPresent(budget -> budgets.observe(call, budget));
            int effective = effectiveStatus(response.statusCode(), response.body());
            status = Integer.toString(effective);
            return new ProviderResponse(effective, response.headers(), response.body());
        } catch (HttpExchange.BodyTooLargeException e) {
            status = "too_large";
            throw new PermanentSyncException(provider + " answered " + method + " " + uri.getPath() + " with more than "
                    + MAX_BODY_BYTES / (1024 * 1024) + " MiB");
        } catch (HttpTimeoutException e) {
            status = "timeout";
            throw new TransientSyncException(provider + " timed out on " + method + " " + uri.getPath());
        } catch (IOException e) {
            throw new TransientSyncException(provider + " unreachable on " + method + " " + uri.getPath() + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while calling " + provider);
        } finally {
            metrics.providerCall(provider, method, uri.getPath(), status, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The status the answer stands for once the provider's envelope is read; a body that is no JSON keeps the HTTP one. */
    private int effectiveStatus(int httpStatus, byte[] body) {
        if (envelope == ResponseEnvelope.NONE || httpStatus / 100 != 2) {
            return httpStatus;
        }
        try {
            return envelope.effectiveStatus(httpStatus, Json.MAPPER.readTree(body));
        } catch (IOException notJson) {
            return httpStatus;
        }
    }

    /** Status, headers and the body, read within the bound. */
    private record ProviderResponse(int statusCode, java.net.http.HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private byte[] classify(String method, URI uri, ProviderResponse response) {
        int status = response.statusCode();
        String what = provider + " answered " + status + " to " + method + " " + uri.getPath();
        if (status / 100 == 2) {
            return response.body();
        }
        if (status == 429) {
            metrics.rateLimited(provider);
            throw new RateLimitedException(what + " (rate limited)", retryAfter(response)
                    .or(() -> rateLimitReset.after(response.headers(), java.time.Instant.now()))
                    .orElse(defaultRateLimitWait));
        }
        if (status >= 500 || status == 408) {
            throw new TransientSyncException(what);
        }
        throw new PermanentSyncException(what + " (" + ProviderErrors.describe(response.text()) + ")");
    }

    /** Retry-After, else the provider's own reset header (Fitbit's is seconds until the window resets). */
    private static Optional<Duration> retryAfter(ProviderResponse response) {
        for (String header : new String[] {"Retry-After", "Fitbit-Rate-Limit-Reset", "X-RateLimit-Reset"}) {
            Optional<String> value = response.headers().firstValue(header);
            if (value.isPresent()) {
                try {
                    return Optional.of(Duration.ofSeconds(Long.parseLong(value.get().trim())));
                } catch (NumberFormatException notSeconds) {
                    // an HTTP date or an epoch: fall back to the default wait
                }
            }
        }
        return Optional.empty();
    }

    static String formEncoded(Map<String, String> form) {
        StringBuilder encoded = new StringBuilder();
        form.forEach((name, value) -> {
            if (encoded.length() > 0) {
                encoded.append('&');
            }
            encoded.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return encoded.toString();
    }

    private static void writeAscii(java.io.ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(String body, String method, URI uri) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode answer = Json.MAPPER.readTree(body);
            if (answer == null) {
                throw new IOException("no JSON value");
            }
            return envelope.payload(answer);
        } catch (IOException e) {
            throw new PermanentSyncException(provider + " answered " + method + " " + uri.getPath()
                    + " with a body that is not valid JSON");
        }
    }
}
