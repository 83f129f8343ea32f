package it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11, hole 7: the management port listens where {@code syncwell.management.bind} says (loopback by default),
 * and whoever reaches Jolokia may read, draw the routes and start or stop the dead-letter replay and drain routes —
 * nothing else: no attribute written, no garbage collection or diagnostic command, no message sent through the
 * context, no worker route stopped.
 */
@ExtendWith(SharedSyncWell.class)
class ManagementPortTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "org.apache.camel:context=syncwell,type=context,name=\"syncwell\"";

    private final SyncWellInstance stack = SharedSyncWell.instance();

    @Test
    void jolokiaReadsAndSwitchesTheReplayRoutesButChangesNothingElse() throws Exception {
        int management = SyncWellProcess.freePort();
        // the context's name is part of the MBean names jolokia-access.xml allows: the process runs as in production
        try (SyncWellProcess app = SyncWellProcess.start(stack, "syncwell", Path.of("target/it/management-port"), Map.of(
                "camel.management.port", Integer.toString(management), "syncwell.management.bind", "127.0.0.2"))) {
            String base = "http://127.0.0.2:" + management + "/observe";
            app.awaitAnswering(URI.create(base + "/health/ready"));
            assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/observe/health")).build(), HttpResponse.BodyHandlers.discarding()))
                    .as("nothing listens on another address").isInstanceOf(ConnectException.class);
            Jolokia jolokia = new Jolokia(base + "/jolokia");

            assertThat(jolokia.call(read("java.lang:type=Memory", "HeapMemoryUsage")).path("status").asInt()).isEqualTo(200);
            JsonNode routes = jolokia.call(exec(CONTEXT, "dumpRoutesAsXml()"));
            assertThat(routes.path("status").asInt()).as(routes.toString()).isEqualTo(200);
            assertThat(routes.path("value").asText()).contains("sync-worker-hot", "dead-letter-replay-all");

            String replay = route("dead-letter-replay");
            assertThat(jolokia.call(exec(replay, "stop()")).path("status").asInt()).as("stopping the replay route").isEqualTo(200);
            assertThat(state(jolokia, replay)).isEqualTo("Stopped");
            assertThat(jolokia.call(exec(replay, "start()")).path("status").asInt()).as("starting it").isEqualTo(200);
            assertThat(state(jolokia, replay)).isEqualTo("Started");

            String worker = route("sync-worker-hot");
            assertThat(jolokia.call(exec(worker, "stop()")).path("status").asInt()).as("stopping a worker route").isEqualTo(403);
            assertThat(state(jolokia, worker)).isEqualTo("Started");
            assertThat(jolokia.call(exec(CONTEXT, "sendBody(java.lang.String,java.lang.Object)",
                    "direct:request-sync", "{}")).path("status").asInt()).as("a message sent through the context").isEqualTo(403);
            assertThat(jolokia.call(exec(CONTEXT, "stop()")).path("status").asInt()).as("stopping the context").isEqualTo(403);
            assertThat(jolokia.call(exec("java.lang:type=Memory", "gc()")).path("status").asInt()).isEqualTo(403);
            assertThat(jolokia.call(exec("com.sun.management:type=DiagnosticCommand", "threadPrint([Ljava.lang.String;)",
                    (Object) new String[0])).path("status").asInt()).as("a thread dump").isEqualTo(403);
            assertThat(jolokia.call(exec("com.sun.management:type=HotSpotDiagnostic",
                    "dumpHeap(java.lang.String,boolean)", "/tmp/heap.hprof", true)).path("status").asInt()).as("a heap dump")
                    .isEqualTo(403);
            assertThat(jolokia.call(read("com.sun.management:type=HotSpotDiagnostic", "DiagnosticOptions"))
                    .path("status").asInt()).isEqualTo(403);
            ObjectNode write = JSON.createObjectNode().put("type", "write").put("mbean", "java.lang:type=Memory")
                    .put("attribute", "Verbose").put("value", true);
            assertThat(jolokia.call(write).path("status").asInt()).as("an attribute written").isEqualTo(403);
            assertThat(jolokia.call(read("java.lang:type=Memory", "Verbose")).path("value").asBoolean()).isFalse();
        }
    }

    private static String route(String id) {
        return "org.apache.camel:context=syncwell,type=routes,name=\"" + id + "\"";
    }

    private static String state(Jolokia jolokia, String route) throws IOException, InterruptedException {
        return jolokia.call(read(route, "State")).path("value").asText();
    }

    private static ObjectNode read(String mbean, String attribute) {
        return JSON.createObjectNode().put("type", "read").put("mbean", mbean).put("attribute", attribute);
    }

    private static ObjectNode exec(String mbean, String operation, Object... arguments) {
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        request.set("arguments", JSON.valueToTree(arguments));
        return request;
    }

    /** Jolokia's POST protocol: one request as JSON, its answer's {@code status} says what the policy let through. */
    private record Jolokia(String url) {

        JsonNode call(ObjectNode request) throws IOException, InterruptedException {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 && !body.has("status")) {
                ((ObjectNode) body).put("status", answer.statusCode());
            }
            return body;
        }
    }
}
