package it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio as the cluster runs it ({@code console.HawtioLauncher}, the Deployment {@code syncwell-hawtio}): a console of its
 * own whose proxy reaches a SyncWell process's Jolokia only with the management user, and no host outside its
 * allowlist.
 */
@ExtendWith(SharedSyncWell.class)
class ClusterHawtioTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SyncWellInstance stack = SharedSyncWell.instance();

    @Test
    void hawtiosProxyReachesAProcesssJolokiaOnlyWithTheManagementUser() throws Exception {
        Path dir = Path.of("target/it/cluster-hawtio");
        int management = SyncWellProcess.freePort();
        int hawtioPort = SyncWellProcess.freePort();
        try (SyncWellProcess app = SyncWellProcess.start(stack, "jolokia-behind-auth", dir, Map.of("syncwell.roles", "api",
                "camel.management.port", Integer.toString(management), "syncwell.management.user", "operator",
                "syncwell.management.password", "cluster-jolokia-password-42"));
             SyncWellProcess hawtio = SyncWellProcess.startConsole("hawtio", dir, Map.of(
                     "HAWTIO_HOST", "127.0.0.1", "HAWTIO_PORT", Integer.toString(hawtioPort),
                     "HAWTIO_WORK_DIR", dir.resolve("hawtio-work").toAbsolutePath().toString(),
                     "HAWTIO_PROXY_ALLOWLIST", "localhost,127.0.0.1"))) {
            app.awaitStarted();
            hawtio.awaitAnswering(URI.create("http://127.0.0.1:" + hawtioPort + "/hawtio/"));
            String proxied = "http://127.0.0.1:" + hawtioPort + "/hawtio/proxy/http/127.0.0.1/" + management + "/observe/jolokia/version";

            HttpResponse<String> signedIn = get(proxied, "operator", "cluster-jolokia-password-42");
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            assertThat(signedIn.body()).contains("\"agent\"");
            assertThat(get(proxied, null, null).statusCode()).as("no credentials").isEqualTo(401);
            assertThat(get(proxied, "operator", "a-wrong-password-123456").statusCode()).isEqualTo(401);
            assertThat(get("http://127.0.0.1:" + hawtioPort + "/hawtio/proxy/http/10.20.30.40/9876/observe/jolokia/version",
                    "operator", "cluster-jolokia-password-42").statusCode()).as("a host outside the allowlist").isEqualTo(403);
        }
    }

    private static HttpResponse<String> get(String url, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
