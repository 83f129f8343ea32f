package providers.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exchange's deadline and cap against a real HTTP server on loopback: a provider that sends its headers and then
 * stalls in the middle of the body must not hold the caller past the deadline (the client's own timeout stops at the
 * headers).
 */
class HttpExchangeTest {

    private static final String BODY = "{\"activities\":[{\"id\":1},{\"id\":2}]}";
    /** Larger than any one read's buffer: the body arrives, and is read, in several pieces. */
    private static final byte[] BIG = "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);

    private HttpServer server;
    /** Holds the stalling handler until the test is over, so the server can stop. */
    private final CountDownLatch released = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/whole", exchange -> answer(exchange, BODY.getBytes(StandardCharsets.UTF_8), false));
        server.createContext("/stalls", exchange -> answer(exchange, BODY.getBytes(StandardCharsets.UTF_8), true));
        server.createContext("/big", exchange -> answer(exchange, BIG, false));
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange, byte[] body, boolean stallHalfway) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (stallHalfway) {
                out.write(body, 0, body.length / 2);
                out.flush();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                out.write(body);
            }
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
    }

    @Test
    void aWholeAnswerIsReturned() throws Exception {
        assertThat(HttpExchange.send(http, get("/whole"), 1024, Duration.ofSeconds(5), bytes -> new String(bytes, StandardCharsets.UTF_8))
                .body()).isEqualTo(BODY);
    }

    @Test
    void aBodyThatStallsHalfwayEndsAtTheDeadline() {
        Instant started = Instant.now();
        assertThatThrownBy(() -> HttpExchange.send(http, get("/stalls"), 1024, Duration.ofMillis(700), bytes -> bytes))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.between(started, Instant.now())).as("not the client's 5-s header timeout, nor forever")
                .isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aBodyOfManyPiecesIsReadWholeUpToExactlyTheCap() throws Exception {
        assertThat(HttpExchange.send(http, get("/big"), BIG.length, Duration.ofSeconds(5), bytes -> bytes).body()).isEqualTo(BIG);
        assertThatThrownBy(() -> HttpExchange.send(http, get("/big"), BIG.length - 1, Duration.ofSeconds(5), bytes -> bytes))
                .isInstanceOf(HttpExchange.BodyTooLargeException.class);
    }

    @Test
    void aReaderTakesTheBodyAsItArrivesAndWhatItLeavesIsDrained() throws Exception {
        HttpExchange.Answer<Integer> answer = HttpExchange.stream(http, get("/big"), BIG.length, Duration.ofSeconds(5),
                (status, headers, body) -> body.read());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo('x');
        // the connection is whole: the next exchange on it reads its answer
        assertThat(HttpExchange.send(http, get("/whole"), 1024, Duration.ofSeconds(5), bytes -> new String(bytes, StandardCharsets.UTF_8))
                .body()).isEqualTo(BODY);
    }

    @Test
    void aBodyPastTheCapIsRefused() {
        assertThatThrownBy(() -> HttpExchange.send(http, get("/whole"), 10, Duration.ofSeconds(5), bytes -> bytes))
                .isInstanceOf(HttpExchange.BodyTooLargeException.class);
    }
}
