package support;

import java.io.IOException;
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
    /** A small heap: a child shares the machine with the test JVM and the local stack. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m");

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
        return start(stack, name, dir, overrides, DEFAULT_JVM_OPTIONS);
    }

    /** As {@link #start(SyncWellInstance, String, Path, Map)}, the JVM started with {@code jvmOptions} (its heap, GC logging). */
    public static SyncWellProcess start(SyncWellInstance stack, String name, Path dir, Map<String, String> overrides,
                                        List<String> jvmOptions) {
        Properties settings = stack.settings();
        settings.setProperty("camel.main.name", name);
        settings.setProperty("syncwell.roles", "hot-worker,cold-worker");
        settings.setProperty("syncwell.local.stack", "external");
        settings.setProperty("syncwell.sandbox.enabled", "false");
        settings.setProperty("syncwell.hawtio.enabled", "false");
        // its own HTTP and management ports; the sandbox, SQS, S3 and DynamoDB ports are the stack's
        settings.setProperty("camel.server.port", Integer.toString(freePort()));
        settings.setProperty("camel.management.port", Integer.toString(freePort()));
        overrides.forEach(settings::setProperty);
        int management = Integer.parseInt(settings.getProperty("camel.management.port"));

        List<String> jvmSettings = new ArrayList<>(jvmOptions);
        settings.stringPropertyNames().stream().sorted()
                .forEach(key -> jvmSettings.add("-D" + key + "=" + settings.getProperty(key)));
        return launch(name, dir, "app.SyncWellApplication", jvmSettings, Map.of(), management, testClasspath());
    }

    /**
     * Starts SyncWell configured the way Kubernetes configures it: every setting an environment variable
     * ({@code CAMEL_SERVER_PORT}, {@code SYNCWELL_MODE}...), none as a system property; the variables of this JVM that
     * name settings are not inherited. {@code managementPort} is where its health is asked for.
     */
    public static SyncWellProcess startWithEnvironment(String name, Path dir, Map<String, String> environment, int managementPort) {
        return launch(name, dir, "app.SyncWellApplication", DEFAULT_JVM_OPTIONS, environment, managementPort, testClasspath());
    }

    /**
     * Like {@link #startWithEnvironment}, from what the production artifact holds alone ({@link #productionClasspath()}):
     * as the image runs it, without the local source set (no sandbox, no local AWS stack).
     */
    public static SyncWellProcess startProduction(String name, Path dir, Map<String, String> environment, int managementPort) {
        return launch(name, dir, "app.SyncWellApplication", DEFAULT_JVM_OPTIONS, environment, managementPort, productionClasspath());
    }

    /**
     * The cluster's console ({@code console.HawtioLauncher}, the main class of the console's own image), from the test
     * class path, which compiles the console's sources with Jetty and the Hawtio war beside them.
     */
    public static SyncWellProcess startConsole(String name, Path dir, Map<String, String> environment) {
        return launch(name, dir, "console.HawtioLauncher", DEFAULT_JVM_OPTIONS, environment, -1, testClasspath());
    }

    /**
     * The production artifact's class path: {@code target/classes} and the runtime-scope libraries the build listed in
     * {@code target/runtime-classpath.txt} — what {@code target/syncwell.jar} with {@code target/lib/} and the image hold.
     */
    public static String productionClasspath() {
        try {
            String libraries = Files.readString(Path.of("target/runtime-classpath.txt")).trim();
            return Path.of("target/classes").toAbsolutePath() + java.io.File.pathSeparator + libraries;
        } catch (IOException e) {
            throw new IllegalStateException("target/runtime-classpath.txt is missing: the build writes it (mvn verify)", e);
        }
    }

    private static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    private static SyncWellProcess launch(String name, Path dir, String mainClass, List<String> jvmSettings,
                                          Map<String, String> environment, int managementPort, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the test logging config writes test-run.log under syncwell.test.dir: the child keeps its own
        command.add("-Dsyncwell.test.dir=" + dir.resolve(name).toAbsolutePath());
        command.addAll(jvmSettings);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
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

    /** Waits until {@code url} answers 200, as long as the process lives. */
    public SyncWellProcess awaitAnswering(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
        await("process " + name + " answering " + url + " (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("process " + name + " exited with " + process.exitValue() + ", see " + log);
                    }
                    try {
                        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return this;
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
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, then waits at most {@code within} for the process to exit; answers its exit code. */
    public int stop(Duration within) {
        process.destroy();
        return awaitExit(within);
    }

    /** The process and what it started (a local stack's dynalite): for their resident set. */
    public java.util.stream.Stream<ProcessHandle> processes() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits at most {@code within} for the process to exit by itself; answers its exit code. */
    public int awaitExit(Duration within) {
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

    /** Never leaves the child behind, whatever the test did: nor what it started (a local stack's dynalite). */
    @Override
    public void close() {
        // its children are its descendants only while it lives
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** A port for a server of a test: see {@link FreePorts}. */
    public static int freePort() {
        return FreePorts.next();
    }
}
