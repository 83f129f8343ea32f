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
 * SyncWell workers (or schedulers: {@code syncwell.roles} in the overrides) as a separate OS process (a child JVM on
 * this test's class path) beside an in-process instance
 * whose local stack they share ({@code syncwell.local.stack=external}): same queues, tables, sandbox, data dir (the
 * token key) and JWT secret. It can be killed hard (SIGKILL) or stopped gracefully (SIGTERM) mid-job.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path log;
    private final int managementPort;
    private final Process process;

    private WorkerProcess(String name, Path log, int managementPort, Process process) {
        this.name = name;
        this.log = log;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts a worker-only process ({@code hot-worker,cold-worker}) against {@code stack}'s servers; {@code overrides}
     * go on top (e.g. a short visibility timeout or shutdown grace). Its output goes to {@code <dir>/<name>.log}.
     */
    public static WorkerProcess start(SyncWellInstance stack, String name, Path dir, Map<String, String> overrides) {
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

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx384m");
        // the test logging config writes test-run.log under syncwell.test.dir: the child keeps its own
        command.add("-Dsyncwell.test.dir=" + dir.resolve(name).toAbsolutePath());
        settings.stringPropertyNames().stream().sorted()
                .forEach(key -> command.add("-D" + key + "=" + settings.getProperty(key)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("app.SyncWellApplication");
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new WorkerProcess(name, log, management, process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start worker process " + name, e);
        }
    }

    /** Waits until the process's health check answers UP (its routes, SQS consumers included, have started). */
    public WorkerProcess awaitStarted() {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/observe/health"))
                .timeout(Duration.ofSeconds(2)).build();
        await("worker process " + name + " up (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("worker process " + name + " exited with " + process.exitValue()
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
                throw new IllegalStateException("worker process " + name + " did not exit within " + within + ", see " + log);
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
