package support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback proxy in front of the local DynamoDB server (dynalite) that passes every call through, except the calls
 * of one operation while a fault is armed: those are answered as DynamoDB answers when it throttles
 * ({@code ProvisionedThroughputExceededException}, HTTP 400) or fails on its side ({@code InternalServerError}, HTTP
 * 500). A process pointed at it ({@code syncwell.local.dynamodb-port}) meets real DynamoDB errors on the real protocol.
 */
public final class DynamoDbFaultProxy implements AutoCloseable {

    /** What DynamoDB answers, as its JSON protocol carries it. */
    public enum Fault {
        THROTTLED(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
        INTERNAL_ERROR(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error");

        final int status;
        final String type;
        final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private record Armed(String operation, Fault fault) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final AtomicInteger refused = new AtomicInteger();

    private DynamoDbFaultProxy(int targetPort) throws IOException {
        this.target = URI.create("http://localhost:" + targetPort + "/");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static DynamoDbFaultProxy inFrontOf(int dynamoDbPort) {
        try {
            return new DynamoDbFaultProxy(dynamoDbPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the DynamoDB fault proxy", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on every call of {@code operation} (e.g. "UpdateItem") is answered with {@code fault}. */
    public void arm(String operation, Fault fault) {
        armed.set(new Armed(operation, fault));
    }

    public void disarm() {
        armed.set(null);
    }

    /** How many calls were answered with a fault. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            Armed fault = armed.get();
            if (fault != null && operation.endsWith("." + fault.operation())) {
                refused.incrementAndGet();
                answer(exchange, fault.fault().status, ("{\"__type\":\"" + fault.fault().type + "\",\"message\":\""
                        + fault.fault().message + "\"}").getBytes(StandardCharsets.UTF_8), List.of());
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer(exchange, response.statusCode(), response.body(), response.headers().map().entrySet().stream()
                    .filter(header -> !NOT_FORWARDED.contains(header.getKey().toLowerCase()) && !header.getKey().startsWith(":"))
                    .toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body,
                               List<java.util.Map.Entry<String, List<String>>> headers) throws IOException {
        headers.forEach(header -> exchange.getResponseHeaders().put(header.getKey(), header.getValue()));
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
