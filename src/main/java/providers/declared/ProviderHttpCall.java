package providers.declared;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.apache.hc.core5.http.io.EofSensorInputStream;

import providers.http.ProviderHttp;
import providers.http.ResponseEnvelope;
import providers.spi.ProviderCall;
import security.TokenSet;

/**
 * The steps of the shared {@code provider-http} route (camel/provider-http.camel.yaml), around its call through Camel's
 * http component, so that a declared provider behaves as every provider does ({@link ProviderHttp}): the account's
 * bearer token, refreshed before it expires and once more on a 401 (a second 401: the account must be linked again);
 * 429 → the job deferred until the reset its headers name; 5xx, timeouts and broken connections → retried; other
 * statuses and answers that are not JSON → a dead letter with the reason; statuses inside the provider's envelope
 * read as the HTTP ones they stand for; answers past 4 MiB refused without being read further. Each call is counted.
 *
 * <p>In: the request body; properties {@link DeclaredProvider#PROVIDER} (which provider version), {@link #CALL} (whose
 * account), {@link #METHOD}, {@link #URL} and optionally
 * {@link #CONTENT_TYPE}. Out: the answer's payload as plain JSON values (maps, lists, strings, numbers).
 */
public final class ProviderHttpCall {

    public static final String CALL = "SyncWellProviderCall";
    public static final String METHOD = "SyncWellHttpMethod";
    public static final String URL = "SyncWellHttpUrl";
    public static final String CONTENT_TYPE = "SyncWellHttpContentType";
    /** Whether the call goes once more (after a 401 answered by a token refresh). */
    static final String AGAIN = "SyncWellHttpAgain";
    private static final String REQUEST_BODY = "SyncWellHttpRequestBody";
    /** The token the call was made with, kept by the calling route for its next call ({@link ProviderAnswer}). */
    static final String TOKEN = "SyncWellHttpToken";
    private static final String REFRESHED = "SyncWellHttpRefreshed";
    private static final String STARTED = "SyncWellHttpStarted";

    /** Before the first try: the request kept, to be sent again after a refresh. */
    public void prepare(Exchange exchange) {
        exchange.setProperty(REQUEST_BODY, exchange.getMessage().getBody(String.class));
        exchange.setProperty(AGAIN, true);
        exchange.removeProperty(REFRESHED);
    }

    /** One try: the request with the account's bearer token, as the http component sends it. */
    public void authorize(Exchange exchange) {
        ProviderCall call = exchange.getProperty(CALL, ProviderCall.class);
        TokenSet token = exchange.getProperty(REFRESHED, false, Boolean.class) ? exchange.getProperty(TOKEN, TokenSet.class)
                : http(exchange).bearer(call, exchange.getProperty(TOKEN, TokenSet.class));
        exchange.setProperty(TOKEN, token);
        Message message = exchange.getMessage();
        message.setBody(exchange.getProperty(REQUEST_BODY, String.class));
        // as the enum the http component reads it as: a String there costs a type-converter lookup on every call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(exchange.getProperty(METHOD, String.class)));
        message.setHeader("Authorization", "Bearer " + token.accessToken());
        message.setHeader("Accept", "application/json");
        String contentType = exchange.getProperty(CONTENT_TYPE, String.class);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        exchange.setProperty(AGAIN, false);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** The answer, classified: its payload as the body, a failure thrown, or one more try after a refresh. */
    public void answer(Exchange exchange) {
        ProviderCall call = exchange.getProperty(CALL, ProviderCall.class);
        ProviderHttp http = http(exchange);
        String method = exchange.getProperty(METHOD, String.class);
        String path = path(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        java.net.http.HttpHeaders headers = responseHeaders(message);
        InputStream body = message.getBody(InputStream.class);
        String counted = Integer.toString(status);
        boolean readWhole = false;
        try {
            http.observeBudget(call, headers);
            int effective = status;
            Object payload = null;
            String reason = null;
            if (status / 100 == 2) {
                ResponseEnvelope.Read<Object> read = body == null ? null
                        : http.readPlain(method, path, status, body, ProviderHttp.MAX_TREE_BYTES);
                readWhole = true;
                effective = read == null ? status : read.status();
                payload = read == null ? Map.of() : read.payload();
                reason = read == null || read.envelopeStatus() == null ? null : "envelope status=" + read.envelopeStatus();
            } else {
                reason = body == null ? "" : ProviderHttp.errorReason(body);
            }
            if (effective == 401) {
                againWithRefreshedTokens(exchange, call, http, method, path);
                return;
            }
            http.failUnlessOk(method, path, effective, headers, reason);
            message.setBody(payload);
        } catch (IOException e) {
            counted = "io_error";
            throw http.unreachable(method, path, e);
        } finally {
            release(body, readWhole);
            http.count(method, path, counted, Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, 0L, Long.class)));
        }
    }

    /** The http component could not reach the provider, or the connection broke: retried. */
    public void unreachable(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ProviderHttp http = http(exchange);
        String method = exchange.getProperty(METHOD, String.class);
        http.count(method, path(exchange), "io_error", Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, 0L, Long.class)));
        throw http.unreachable(method, path(exchange), cause);
    }

    private void againWithRefreshedTokens(Exchange exchange, ProviderCall call, ProviderHttp http, String method, String path) {
        if (exchange.getProperty(REFRESHED, false, Boolean.class)) {
            throw http.refusedFreshTokens(call, method, path);
        }
        exchange.setProperty(TOKEN, http.refreshRefused(call, exchange.getProperty(TOKEN, TokenSet.class)));
        exchange.setProperty(REFRESHED, true);
        exchange.setProperty(AGAIN, true);
    }

    /** The HTTP layer of the provider version the route runs for. */
    private static ProviderHttp http(Exchange exchange) {
        return exchange.getProperty(DeclaredProvider.PROVIDER, DeclaredProvider.class).calls();
    }

    /** Only the path: the query can carry values the reasons and metrics must not show. */
    private static String path(Exchange exchange) {
        return URI.create(exchange.getProperty(URL, String.class)).getPath();
    }

    /** The answer's headers, which the http component sets on the message, as the shared layer reads them. */
    private static java.net.http.HttpHeaders responseHeaders(Message message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof String text) {
                headers.put(name, List.of(text));
            } else if (value instanceof List<?> values) {
                headers.put(name, values.stream().map(String::valueOf).toList());
            }
        });
        return java.net.http.HttpHeaders.of(headers, (name, value) -> true);
    }

    /**
     * An answer read to its end gives its connection back for the next call; one left unread (an error's tail, past the
     * cap) is cut off instead of being drained: a hostile provider cannot make us read a gigabyte.
     */
    private static void release(InputStream body, boolean readWhole) {
        if (body == null) {
            return;
        }
        try {
            if (!readWhole && body instanceof EofSensorInputStream connection) {
                connection.abort();
            } else {
                body.close();
            }
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
