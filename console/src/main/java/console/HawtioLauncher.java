package console;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hawtio for a cluster: the console alone, the main class of its own image ({@code console/pom.xml}, profile
 * {@code image}: {@code syncwell-console}) and of {@code console/target/syncwell-console.jar}, connecting to the
 * SyncWell pods' Jolokia with the management user. Settings from the environment: {@code HAWTIO_HOST} (default
 * 0.0.0.0), {@code HAWTIO_PORT} (8080), {@code HAWTIO_WORK_DIR} (/tmp/hawtio) and {@code HAWTIO_PROXY_ALLOWLIST}, the
 * hosts its proxy may reach (required: Hawtio's syntax, names and {@code r:}-prefixed regular expressions). Hawtio's
 * standalone launcher (io.hawt:hawtio-embedded) is not served by the registries this project builds from; this serves
 * the same war (io.hawt:hawtio-war) on Jetty.
 */
public final class HawtioLauncher {

    private HawtioLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger(HawtioLauncher.class);
        String allowlist = System.getenv("HAWTIO_PROXY_ALLOWLIST");
        if (allowlist == null || allowlist.isBlank()) {
            log.error("Hawtio did not start: HAWTIO_PROXY_ALLOWLIST must name the hosts of the SyncWell pods' Jolokia");
            System.exit(1);
        }
        HawtioConsole console = HawtioConsole.connecting(env("HAWTIO_HOST", "0.0.0.0"), Integer.parseInt(env("HAWTIO_PORT", "8080")),
                Path.of(env("HAWTIO_WORK_DIR", "/tmp/hawtio")), allowlist.trim());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            stopped.countDown();
        }, "hawtio-stop"));
        console.start();
        stopped.await();
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
