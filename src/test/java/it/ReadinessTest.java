package it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes a rolling update relies on: an API process is ready only once its routes answer (before, it answered 404
 * for about a second), and a worker process as soon as its consumers run — not after its first SQS long poll came
 * back empty, which took the whole wait time.
 */
@ExtendWith(SharedSyncWell.class)
class ReadinessTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final SyncWellInstance stack = SharedSyncWell.instance();

    @Test
    void anApiProcessIsReadyWhenItsRoutesAnswerAndNotBefore() {
        int api = SyncWellProcess.freePort();
        int management = SyncWellProcess.freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SYNCWELL_ROLES", "api");
        environment.put("SYNCWELL_LOCAL_STACK", "external");
        environment.put("SYNCWELL_LOCAL_SQS_PORT", Integer.toString(stack.ports().sqs()));
        environment.put("SYNCWELL_LOCAL_S3_PORT", Integer.toString(stack.ports().s3()));
        environment.put("SYNCWELL_LOCAL_DYNAMODB_PORT", Integer.toString(stack.ports().dynamoDb()));
        environment.put("SYNCWELL_SANDBOX_ENABLED", "false");
        environment.put("SYNCWELL_HAWTIO_ENABLED", "false");
        environment.put("SYNCWELL_DEMO_ENABLED", "false");
        environment.put("SYNCWELL_DATA_DIR", stack.dataDir().toAbsolutePath().toString());
        environment.put("SYNCWELL_AUTH_JWT_SECRET", SyncWellInstance.JWT_SECRET);
        environment.put("CAMEL_SERVER_PORT", Integer.toString(api));
        environment.put("CAMEL_MANAGEMENT_PORT", Integer.toString(management));
        try (SyncWellProcess process = SyncWellProcess.startWithEnvironment("api-readiness", Path.of("target/it/readiness"),
                environment, management)) {
            long[] firstAnswer = {0};
            await("ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
                boolean ready = status(management, "/observe/health/ready") == 200;
                int apiStatus = status(api, "/v1/providers");
                if (firstAnswer[0] == 0 && apiStatus != -1 && apiStatus != 404) {
                    firstAnswer[0] = System.nanoTime();
                }
                if (ready) {
                    assertThat(apiStatus).as("ready: the API must answer (401 without a token), not 404").isEqualTo(401);
                }
                return ready;
            });
            Duration heldBack = Duration.ofNanos(System.nanoTime() - firstAnswer[0]);
            assertThat(heldBack).as("ready soon after its routes answer").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aWorkerIsReadyWhenItsConsumersRunNotAfterItsFirstPoll() {
        long started = System.nanoTime();
        // with a 20 s long poll on empty queues (its own, made at its start), readiness that waited for a first poll
        // would take over 20 s
        try (SyncWellProcess worker = SyncWellProcess.start(stack, "worker-readiness", Path.of("target/it/readiness"),
                Map.of("syncwell.worker.wait-time-seconds", "20", "syncwell.queue.hot", "readiness-idle-hot",
                        "syncwell.queue.cold", "readiness-idle-cold"))) {
            worker.awaitStarted();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
