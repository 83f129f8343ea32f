package it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import security.JwtAuthenticator;
import support.SyncWellInstance;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings the way Kubernetes gives them: the app started with environment variables only, Camel's own included
 * ({@code CAMEL_SERVER_PORT} used to be ignored) — every port it opens moves where they say. The management user set
 * this way puts Jolokia behind basic authentication, while health and metrics stay open to probes and Prometheus. With
 * the defaults, no Wahoo push is accepted (no token is configured).
 */
class EnvironmentSettingsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyPortMovesWhereTheEnvironmentSays() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String port : List.of("CAMEL_SERVER_PORT", "CAMEL_MANAGEMENT_PORT", "SYNCWELL_SANDBOX_PORT", "SYNCWELL_LOCAL_SQS_PORT",
                "SYNCWELL_LOCAL_S3_PORT", "SYNCWELL_LOCAL_DYNAMODB_PORT", "SYNCWELL_HAWTIO_PORT")) {
            ports.put(port, SyncWellProcess.freePort());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        ports.forEach((variable, port) -> environment.put(variable, Integer.toString(port)));
        Path dir = Path.of("target/it/environment-settings-" + java.util.UUID.randomUUID());
        environment.put("SYNCWELL_DATA_DIR", dir.resolve("data").toAbsolutePath().toString());
        environment.put("SYNCWELL_AUTH_JWT_SECRET", SyncWellInstance.JWT_SECRET);
        environment.put("SYNCWELL_DEMO_ENABLED", "false");
        environment.put("SYNCWELL_MANAGEMENT_USER", "operator");
        environment.put("SYNCWELL_MANAGEMENT_PASSWORD", "jolokia-password-0123456789");
        environment.put("CAMEL_MAIN_NAME", "env-only");

        try (SyncWellProcess app = SyncWellProcess.startWithEnvironment("env-only", dir, environment, ports.get("CAMEL_MANAGEMENT_PORT"))
                .awaitStarted()) {
            String token = new JwtAuthenticator(SyncWellInstance.JWT_SECRET.getBytes(StandardCharsets.UTF_8))
                    .issue("env-user", List.of("user"), Duration.ofMinutes(5));
            assertThat(status(ports.get("CAMEL_SERVER_PORT"), "/v1/providers", "Bearer " + token)).as("the API").isEqualTo(200);
            assertThat(status(ports.get("CAMEL_MANAGEMENT_PORT"), "/observe/health", null)).as("health, open").isEqualTo(200);
            assertThat(status(ports.get("CAMEL_MANAGEMENT_PORT"), "/observe/metrics", null)).as("metrics, open").isEqualTo(200);
            assertThat(status(ports.get("CAMEL_MANAGEMENT_PORT"), "/observe/jolokia/version", null)).as("Jolokia, closed")
                    .isEqualTo(401);
            assertThat(status(ports.get("CAMEL_MANAGEMENT_PORT"), "/observe/jolokia/version", basic("operator", "wrong-password-0123456789")))
                    .isEqualTo(401);
            assertThat(status(ports.get("CAMEL_MANAGEMENT_PORT"), "/observe/jolokia/version", basic("operator", "jolokia-password-0123456789")))
                    .as("Jolokia, signed in").isEqualTo(200);
            assertThat(status(ports.get("SYNCWELL_SANDBOX_PORT"), "/fitbit/oauth2/authorize", null)).as("the sandbox").isBetween(200, 499);
            // issue 11, hole 4: the Wahoo webhook token application.properties once shipped opened pushes to anyone
            assertThat(post(ports.get("CAMEL_SERVER_PORT"), "/v1/webhooks/wahoo", "{\"event\":\"workout_summary\",\"user\":{\"id\":\"1234\"},"
                    + "\"webhook_token\":\"sandbox-wahoo-webhook-token\",\"workout_summary\":{\"id\":1}}"))
                    .as("a push with the public constant, by default").isEqualTo(403);
            assertThat(status(ports.get("SYNCWELL_LOCAL_SQS_PORT"), "/?Action=ListQueues", null)).as("ElasticMQ").isBetween(200, 499);
            assertThat(status(ports.get("SYNCWELL_LOCAL_S3_PORT"), "/", null)).as("S3Proxy").isBetween(200, 499);
            assertThat(status(ports.get("SYNCWELL_LOCAL_DYNAMODB_PORT"), "/", null)).as("dynalite").isBetween(200, 499);
            assertThat(status(ports.get("SYNCWELL_HAWTIO_PORT"), "/hawtio/", null)).as("Hawtio").isBetween(200, 399);
        }
    }

    private static int post(int port, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
