package support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * SyncWell as a separate OS process (a child JVM on this test's class path): workers (or schedulers:
 * {@code syncwell.roles} in the overrides) beside an in-process instance whose local stack they share
 * ({@code syncwell.local.stack=external}: same queues, tables, sandbox, data dir — the token key — and JWT secret), or
 * any process configured by environment variables alone. It can be killed hard (SIGKILL) or stopped gracefully
 * (SIGTERM) mid-job.
 */
public final class SyncWellProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path log;
    private final int managementPort;
    private final Process process;

    private SyncWellProcess(String name, Path log, int managementPort, Process process) {
        this.name = name;
        this.log = log;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts a worker-only process ({@code hot-worker,cold-worker}) against {@code stack}'s servers; {@code overrides}
     * go on top (e.g. a short visibility timeout or shutdown grace). Its output goes to {@code <dir>/<name>.log}.
     */
    public static SyncWellProcess start(SyncWellInstance stack, String name, Path dir, Map<String, String> overrides) {
        Properties settings = stack.settings();
        settings.setProperty("camel.main.name", name);
        settings.setProperty("syncwell.roles", "hot-worker,cold-worker");
        settings.setProperty("syncwell.local.stack", "external");
        settings.setProperty("syncwell.sandbox.enabled", "false");
        settings.setProperty("syncwell.hawtio.enabled", "false");
        // its own HTTP and management ports; the sandbox, SQS, S3 and DynamoDB ports are the stack's
        settings.setProperty("camel.server.port", Integer.toString(freePort()));
        int management = freePort();
        settings.setProperty("camel.management.port", Integer.toString(management));
        overrides.forEach(settings::setProperty);

        List<String> jvmSettings = new ArrayList<>();
        settings.stringPropertyNames().stream().sorted()
                .forEach(key -> jvmSettings.add("-D" + key + "=" + settings.getProperty(key)));
        return launch(name, dir, jvmSettings, Map.of(), management);
    }

    /**
     * Starts SyncWell configured the way Kubernetes configures it: every setting an environment variable
     * ({@code CAMEL_SERVER_PORT}, {@code SYNCWELL_MODE}...), none as a system property; the variables of this JVM that
     * name settings are not inherited. {@code managementPort} is where its health is asked for.
     */
    public static SyncWellProcess startWithEnvironment(String name, Path dir, Map<String, String> environment, int managementPort) {
        return launch(name, dir, List.of(), environment, managementPort);
    }

    private static SyncWellProcess launch(String name, Path dir, List<String> jvmSettings, Map<String, String> environment,
                                          int managementPort) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx384m");
        // the test logging config writes test-run.log under syncwell.test.dir: the child keeps its own
        command.add("-Dsyncwell.test.dir=" + dir.resolve(name).toAbsolutePath());
        command.addAll(jvmSettings);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("app.SyncWellApplication");
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(variable -> variable.startsWith("SYNCWELL_") || variable.startsWith("CAMEL_"));
            builder.environment().putAll(environment);
            return new SyncWellProcess(name, log, managementPort, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start process " + name, e);
        }
    }

    /** Waits until the process's readiness probe answers UP (its routes, SQS consumers included, have started). */
    public SyncWellProcess awaitStarted() {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await("process " + name + " ready (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("process " + name + " exited with " + process.exitValue()
                                + ", see " + log);
                    }
                    try {
                        HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                        return answer.statusCode() == 200 && answer.body().contains("UP");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return this;
    }

    /** SIGKILL: the process dies at once, mid-job, without deleting or handing back anything. */
    public void killHard() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, then waits at most {@code within} for the process to exit; answers its exit code. */
    public int stop(Duration within) {
        process.destroy();
        return awaitExit(within);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    private int awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + name + " did not exit within " + within + ", see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Never leaves the child behind, whatever the test did. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
