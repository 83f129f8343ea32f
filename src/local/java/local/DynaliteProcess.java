package local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite (the DynamoDB API on LevelDB) as a node child process. Its data lives under the data dir so
 * connections, cursors and jobs survive a restart. A JVM shutdown hook ends it even after a failed start,
 * so no node process outlives the app. Its heap is capped ({@code syncwell.local.dynalite-heap-mb}): left to itself,
 * node sizes its heap from the machine's memory and lets garbage pile up towards that before collecting it.
 */
final class DynaliteProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynaliteProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String node;
    private final Path script;
    private final int heapMb;
    private final int port;
    private final Path storeDir;
    private Process process;
    private Thread shutdownHook;

    DynaliteProcess(String node, Path script, int heapMb, int port, Path storeDir) throws IOException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("dynalite is not installed at " + script.toAbsolutePath()
                    + ": run the build (mvn package) once, it installs it with npm, or set syncwell.local.dynalite-script");
        }
        Files.createDirectories(storeDir);
        this.node = node;
        this.script = script;
        this.heapMb = heapMb;
        this.port = port;
        this.storeDir = storeDir;
        start();
    }

    /** Starts dynalite on this port and store; also after {@link #stop()}, so fault tests can take DynamoDB away. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        // a table is ACTIVE as soon as it is made (dynalite's default keeps each CREATING for half a second, as DynamoDB
        // takes seconds: with nine tables, 4.5 of a fresh start's 9.4 s); the code waits for ACTIVE all the same
        ProcessBuilder builder = new ProcessBuilder(node, "--max-old-space-size=" + heapMb, script.toAbsolutePath().toString(),
                "--port", String.valueOf(port), "--host", "127.0.0.1", "--path", storeDir.toAbsolutePath().toString(),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(storeDir.resolveSibling("dynalite.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + node + "': local mode needs Node.js (18 or newer) on the PATH"
                    + " to serve the DynamoDB API with dynalite, or syncwell.local.node set to its path", e);
        }
        Process started = process;
        shutdownHook = new Thread(started::destroy, "dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitPort(port);
        LOG.info("dynalite (DynamoDB API) listening on 127.0.0.1:{}, data in {}", port, storeDir);
    }

    private void awaitPort(int port) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue()
                        + " (is port " + port + " free? see dynalite.log in the data dir)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("dynalite did not open port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Stops dynalite (SIGTERM, then SIGKILL after 5 s); its data stays in the store for {@link #start()}. */
    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
