package providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import failures.RateLimitedException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import metrics.SyncMetrics;
import model.Json;
import providers.spi.ProviderCall;
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
    /** A provider answer larger than this is refused: the cap of answers a reader takes element by element. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    /**
     * An answer read whole into a tree is refused past this. A tree takes about ten times the bytes of its JSON, and the
     * answers read whole (one object, a page the API bounds) are far smaller; large arrays are read element by element.
     */
    public static final int MAX_TREE_BYTES = 4 * 1024 * 1024;
    /** Of an error answer only the start is read: its machine-readable reason is at the top. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

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

    /**
     * An HTTP client that refuses anything older than TLS 1.2 on https URLs. It speaks HTTP/1.1: an answer we stop
     * reading (past a cap, past its deadline) then ends its own connection. Over HTTP/2 all calls to a provider share one
     * connection, and an answer abandoned mid-stream can leave that connection's flow-control window spent, stalling
     * every other call to the provider until it times out.
     */
    public static HttpClient secureClient() {
        try {
            SSLParameters tls = SSLContext.getDefault().getDefaultSSLParameters();
            tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslParameters(tls)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS support in this JVM", e);
        }
    }

    /** A GET whose answer is small enough to read whole (one object, a page the API bounds), as a tree. */
    public JsonNode getJson(ProviderCall call, URI uri, String... headers) {
        return exchange(call, "GET", uri, HttpRequest.BodyPublishers.noBody(), json(AnswerReader.TREE, MAX_TREE_BYTES), headers);
    }

    /**
     * A GET whose answer may be large (an intraday series, a page of points): {@code reader} takes it as it arrives and
     * keeps only what it needs, so no answer is ever held whole, as text or as a tree.
     */
    public <T> T getJson(ProviderCall call, URI uri, AnswerReader<T> reader, String... headers) {
        return exchange(call, "GET", uri, HttpRequest.BodyPublishers.noBody(), json(reader, MAX_BODY_BYTES), headers);
    }

    public JsonNode sendJson(ProviderCall call, String method, URI uri, Object body) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new PermanentSyncException("cannot encode a request body for " + provider);
        }
        return exchange(call, method, uri, HttpRequest.BodyPublishers.ofString(json), json(AnswerReader.TREE, MAX_TREE_BYTES),
                "Content-Type", "application/json");
    }

    /** A form-encoded request ({@code application/x-www-form-urlencoded}), answered as JSON. */
    public JsonNode sendForm(ProviderCall call, String method, URI uri, Map<String, String> form) {
        return exchange(call, method, uri, HttpRequest.BodyPublishers.ofString(formEncoded(form)),
                json(AnswerReader.TREE, MAX_TREE_BYTES), "Content-Type", "application/x-www-form-urlencoded");
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
        return exchange(call, method, uri, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                json(AnswerReader.TREE, MAX_TREE_BYTES), "Content-Type", "multipart/form-data; boundary=" + boundary);
    }

    /** One file of a multipart upload. */
    public record FilePart(String field, String fileName, String contentType, byte[] content) {
    }

    /** A GET whose 2xx body is binary (a FIT file) or a document other than JSON (TCX), as bytes. */
    public byte[] getBytes(ProviderCall call, URI uri, String... headers) {
        return exchange(call, "GET", uri, HttpRequest.BodyPublishers.noBody(), BYTES, headers);
    }

    /**
     * Sends a request for the user whose 2xx answer says nothing we need (a delete, a log); anything else is thrown,
     * classified. A provider with an envelope still has its answer read for the status inside.
     */
    public void send(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body, String... headers) {
        exchange(call, method, uri, body, envelope == ResponseEnvelope.NONE ? IGNORED : json(SKIPPED, MAX_TREE_BYTES), headers);
    }

    /**
     * How a 2xx answer is read, and how many of its bytes are taken at most.
     *
     * @param <T> what the answer becomes
     */
    private record Expected<T>(int maxBytes, TwoHundredReader<T> reader) {
    }

    /** Reads a 2xx answer as it arrives into the response it stands for (an envelope can make it a failure). */
    @FunctionalInterface
    private interface TwoHundredReader<T> {
        ProviderResponse<T> read(int status, java.net.http.HttpHeaders headers, InputStream body) throws IOException;
    }

    private static final Expected<byte[]> BYTES = new Expected<>(MAX_BODY_BYTES,
            (status, headers, body) -> new ProviderResponse<>(status, headers, body.readAllBytes(), null));

    /** A payload passed over unread. */
    private static final AnswerReader<Void> SKIPPED = answer -> {
        answer.skipChildren();
        return null;
    };

    /** Left unread: {@link HttpExchange} drains it. */
    private static final Expected<Void> IGNORED = new Expected<>(MAX_TREE_BYTES,
            (status, headers, body) -> new ProviderResponse<>(status, headers, null, null));

    /** A JSON answer read in one pass, envelope and payload; an empty body reads as an empty object. */
    private <T> Expected<T> json(AnswerReader<T> reader, int maxBytes) {
        return new Expected<>(maxBytes, (status, headers, body) -> {
            try (JsonParser parser = JsonStreams.MAPPER.createParser(body)) {
                // the exchange drains what the parser leaves and closes the stream itself
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                ResponseEnvelope.Read<T> read = parser.nextToken() == null
                        ? readEmpty(status, reader)
                        : envelope.read(status, parser, reader);
                return new ProviderResponse<>(read.status(), headers, read.payload(),
                        read.envelopeStatus() == null ? null : "envelope status=" + read.envelopeStatus());
            }
        });
    }

    private <T> ResponseEnvelope.Read<T> readEmpty(int status, AnswerReader<T> reader) throws IOException {
        try (JsonParser empty = JsonStreams.MAPPER.createParser("{}")) {
            empty.nextToken();
            return new ResponseEnvelope.Read<>(status, reader.read(empty), null);
        }
    }

    private <T> T exchange(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body, Expected<T> expected,
                           String... headers) {
        TokenSet current = bearer(call);
        ProviderResponse<T> response = execute(call, method, uri, body, current, expected, headers);
        if (response.statusCode() == 401) {
            current = refreshRefused(call, current);
            response = execute(call, method, uri, body, current, expected, headers);
            if (response.statusCode() == 401) {
                throw refusedFreshTokens(call, method, uri.getPath());
            }
        }
        failUnlessOk(method, uri.getPath(), response.statusCode(), response.headers(), response.reason());
        return response.value();
    }

    /*
     * The steps of a call, for calls made through another HTTP client: a declared provider's route sends its requests
     * with Camel's http component (providers.declared.ProviderHttpCall) and still behaves as every provider does.
     */

    /**
     * The access token to send, for a call the rate budgets admitted ({@link RateBudgets#admit}: else the job is
     * deferred before anything is sent); a token about to expire is refreshed before it is used.
     */
    public TokenSet bearer(ProviderCall call) {
        return bearer(call, null);
    }

    /**
     * As {@link #bearer(ProviderCall)}, keeping a token the caller holds from an earlier call of the same job while it
     * is good for another minute: the pages of one fetch need not read and decrypt the account again for each.
     */
    public TokenSet bearer(ProviderCall call, TokenSet held) {
        budgets.admit(call, java.time.Instant.now());
        if (held != null && !held.expiresWithin(REFRESH_MARGIN)) {
            return held;
        }
        TokenSet current = tokens.current(call);
        return current.expiresWithin(REFRESH_MARGIN) ? tokens.refresh(call, oauth, current) : current;
    }

    /**
     * After a 401: the refreshed tokens (a rotated refresh token saved before it is used), for one more try — a call
     * the provider counts too, so admitted like the first.
     */
    public TokenSet refreshRefused(ProviderCall call, TokenSet refused) {
        TokenSet refreshed = tokens.refresh(call, oauth, refused);
        budgets.admit(call, java.time.Instant.now());
        return refreshed;
    }

    /** A 401 to fresh tokens: the account needs linking again, and the job is a dead letter saying so. */
    public ReauthRequiredException refusedFreshTokens(ProviderCall call, String method, String path) {
        tokens.markNeedsReauth(call, provider + " refused SyncWell's access even with fresh tokens: it was withdrawn there");
        return new ReauthRequiredException(provider + " refused fresh tokens for " + method + " " + path
                + ": the account must be linked again");
    }

    /** What an answer's headers say of the provider's rate budget, kept for cold calls to come. */
    public void observeBudget(ProviderCall call, java.net.http.HttpHeaders headers) {
        budgetReader.budget(headers, java.time.Instant.now()).ifPresent(budget -> budgets.observe(call, budget));
    }

    /** Counts one call: its time and how it ended (the HTTP status, {@code io_error}, {@code timeout}, {@code too_large}). */
    public void count(String method, String path, String status, Duration took) {
        metrics.providerCall(provider, method, path, status, took);
    }

    /**
     * A 2xx JSON answer read as it arrives, through the provider's envelope, into plain values (maps, lists, strings,
     * numbers: what a declared provider's mapping takes); refused past {@code maxBytes}. An envelope status that stands
     * for a failure comes back as the status, without a payload.
     */
    public ResponseEnvelope.Read<Object> readPlain(String method, String path, int status, InputStream body, int maxBytes)
            throws IOException {
        try (JsonParser parser = JsonStreams.MAPPER.createParser(new HttpExchange.BoundedStream(body, maxBytes))) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return parser.nextToken() == null ? readEmpty(status, PLAIN) : envelope.read(status, parser, PLAIN);
        } catch (HttpExchange.BodyTooLargeException e) {
            throw tooLarge(method, path, maxBytes);
        } catch (JsonProcessingException e) {
            throw notJson(method, path);
        }
    }

    private static final AnswerReader<Object> PLAIN = answer -> answer.readValueAs(Object.class);

    /** The refusal of an answer larger than the layer reads: permanent, naming the method, the path and the cap. */
    public PermanentSyncException tooLarge(String method, String path, int maxBytes) {
        return new PermanentSyncException(provider + " answered " + method + " " + path + " with more than "
                + maxBytes / (1024 * 1024) + " MiB");
    }

    /** An answer that is not the JSON the API promises. */
    public PermanentSyncException notJson(String method, String path) {
        return new PermanentSyncException(provider + " answered " + method + " " + path + " with a body that is not valid JSON");
    }

    /** The provider could not be reached, or the connection broke: retried. */
    public TransientSyncException unreachable(String method, String path, Exception cause) {
        return cause instanceof HttpTimeoutException || cause instanceof java.net.SocketTimeoutException
                ? new TransientSyncException(provider + " timed out on " + method + " " + path)
                : new TransientSyncException(provider + " unreachable on " + method + " " + path + ": " + cause.getClass().getSimpleName());
    }

    /**
     * Nothing for a 2xx; otherwise the failure, classified: 429 rate limited (until the reset its headers name), 5xx
     * and 408 transient, other statuses permanent with their machine-readable {@code reason}.
     */
    public void failUnlessOk(String method, String path, int status, java.net.http.HttpHeaders headers, String reason) {
        String what = provider + " answered " + status + " to " + method + " " + path;
        if (status / 100 == 2) {
            return;
        }
        if (status == 429) {
            metrics.rateLimited(provider);
            throw new RateLimitedException(what + " (rate limited)", retryAfter(headers)
                    .or(() -> rateLimitReset.after(headers, java.time.Instant.now()))
                    .orElse(defaultRateLimitWait));
        }
        if (status >= 500 || status == 408) {
            throw new TransientSyncException(what);
        }
        throw new PermanentSyncException(what + " (" + reason + ")");
    }

    private <T> ProviderResponse<T> execute(ProviderCall call, String method, URI uri, HttpRequest.BodyPublisher body,
                                            TokenSet token, Expected<T> expected, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Accept", "application/json")
                .method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long started = System.nanoTime();
        // the HTTP status once the headers are in: what the call is counted as when reading the body fails
        AtomicInteger answered = new AtomicInteger();
        String status = "io_error";
        try {
            ProviderResponse<T> response = HttpExchange.stream(http, request.build(), expected.maxBytes(), REQUEST_TIMEOUT,
                    (code, answerHeaders, answer) -> {
                        answered.set(code);
                        observeBudget(call, answerHeaders);
                        return code / 100 == 2 ? expected.reader().read(code, answerHeaders, answer)
                                : new ProviderResponse<T>(code, answerHeaders, null, errorReason(answer));
                    }).body();
            status = Integer.toString(response.statusCode());
            return response;
        } catch (HttpExchange.BodyTooLargeException e) {
            status = "too_large";
            throw tooLarge(method, uri.getPath(), expected.maxBytes());
        } catch (HttpTimeoutException e) {
            status = "timeout";
            throw unreachable(method, uri.getPath(), e);
        } catch (JsonProcessingException e) {
            status = Integer.toString(answered.get());
            throw notJson(method, uri.getPath());
        } catch (IOException e) {
            throw unreachable(method, uri.getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while calling " + provider);
        } catch (RuntimeException e) {
            // the reader found the answer is not what the API promises (a mapper's reason)
            if (answered.get() > 0) {
                status = Integer.toString(answered.get());
            }
            throw e;
        } finally {
            count(method, uri.getPath(), status, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The machine-readable reason of an error answer, read from its start. */
    public static String errorReason(InputStream answer) throws IOException {
        return ProviderErrors.describe(new String(answer.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
    }

    /**
     * Status, headers and, for a success, what its answer was read into; for a failure, its machine-readable reason.
     *
     * @param <T> what a 2xx answer becomes
     */
    private record ProviderResponse<T>(int statusCode, java.net.http.HttpHeaders headers, T value, String reason) {
    }

    /** Retry-After, else the provider's own reset header (Fitbit's is seconds until the window resets). */
    private static Optional<Duration> retryAfter(java.net.http.HttpHeaders headers) {
        for (String header : new String[] {"Retry-After", "Fitbit-Rate-Limit-Reset", "X-RateLimit-Reset"}) {
            Optional<String> value = headers.firstValue(header);
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
}
