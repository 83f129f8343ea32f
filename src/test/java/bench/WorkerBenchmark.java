package bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import metrics.SyncMetrics;
import support.SyncWellInstance;
import support.TestUser;

/**
 * The hot worker at saturation against its floor, in one run on one local stack: {@code bench.worker.jobs} delta jobs
 * (steps and weight of Fitbit → Google Fit connections, every connection synced once before) are queued through the API
 * while the worker is stopped, then drained — once by the engine (the worker's route started) and once by the
 * {@link BareLoop} (the same calls in plain threads). For each: throughput, CPU per job (this JVM — the app, ElasticMQ,
 * S3Proxy and the sandbox — and dynalite's node process) and the AWS and provider calls per job, which must match.
 * Then, the worker running, latency at a fixed rate ({@link FixedRate}): sync requests at half the engine's maximum
 * (job completion and request latency), then the API at 200 requests a second, with the worker stopped and running.
 * Before it all, start-up to ready of local mode in a process of its own; after it, cost per job with 1,000 and with
 * 100,000 connections in the table ({@link Scale}, an instance of its own).
 * The report ({@code target/benchmark-report.txt}) ends with one line per target
 * ({@code target <name>: <measured> (goal <goal>) met|missed}).
 * Run: {@code mvn -Pbenchmark verify}; options {@code -Dbench.worker.jobs=10000 -Dbench.worker.users=50
 * -Dbench.worker.open-loop-seconds=60 -Dbench.worker.api-seconds=15 -Dbench.worker.scale-connections=1000
 * -Dbench.worker.scale-to=100000 -Dbench.worker.profile=true}.
 */
public final class WorkerBenchmark {

    static final String HOT_WORKER = "sync-worker-hot";
    /**
     * The hot path only: no scheduler ticks and no cold worker among the calls counted. A first sync looks back as far
     * as a delta does (a warm-up round costs what the measured ones do), and the sandbox generates a day of history, not
     * a month. The test defaults retry revocations and deauthorization checks twice a second, a Scan each (dynalite
     * iterates its whole store for one): once a minute here, as in production.
     */
    static final Map<String, String> HOT_PATH = Map.of("syncwell.roles", "api,hot-worker", "syncwell.initial-window", "PT2H",
            "syncwell.sandbox.history", "P1D", "syncwell.revocations.retry-interval", "PT1M",
            "syncwell.webhooks.deauthorization-check-interval", "PT1M");
    private static final int CLIENTS = 8;
    private static final java.util.Set<String> ENDS = java.util.Set.of("succeeded", "dead_lettered");

    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.worker.jobs", 10_000);
        int users = Integer.getInteger("bench.worker.users", 50);
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("worker-bench-" + System.currentTimeMillis());
        Map<String, String> settings = HOT_PATH;
        StringBuilder report = new StringBuilder();
        // first, alone on the machine: the run command's process from launch to ready
        StartUp startUp = StartUp.measure(dir.resolve("start-up"));
        try (SyncWellInstance app = new SyncWellInstance("syncwell-worker-bench", dir, settings).start()) {
            app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
            app.sandbox().rateLimit("googlefit", Map.of("perMinute", 1_000_000));
            // each round is queued while the worker stands still, then drained
            app.context().getRouteController().stopRoute(HOT_WORKER);
            Workload workload = Workload.create(app, users, jobs / 2);
            Resources resources = Resources.sampling();
            workload.queueRound();
            // two warm-up rounds: every connection's first sync by the engine, then a round of the bare loop, so that the
            // JIT has compiled what both run before either is measured
            Drain warmUp = Drain.byEngine(app.context(), workload.jobsPerRound(), null);
            Drain.byBareLoop(app.context(), workload.queueRound(), null);
            Profiler profiler = Boolean.parseBoolean(System.getProperty("bench.worker.profile", "true"))
                    ? Profiler.load(Path.of("target")) : null;
            Drain engine = Drain.byEngine(app.context(), workload.queueRound(), profiler);
            Drain bare = Drain.byBareLoop(app.context(), workload.queueRound(), profiler);
            app.context().getRouteController().startRoute(HOT_WORKER);
            Latency latency = Latency.measure(app.context(), workload.targets(), engine.jobsPerSecond() / 2,
                    Duration.ofSeconds(Integer.getInteger("bench.worker.open-loop-seconds", 60)),
                    Duration.ofSeconds(Integer.getInteger("bench.worker.api-seconds", 15)));
            resources.stop();
            resources.nativeMemory = nativeMemory();
            report.append(report(workload, warmUp, engine, bare, new BareLoop(app.context()).threads(), resources, latency,
                    startUp));
        }
        Scale scale = Scale.measure(dir.resolve("scale"), settings, Integer.getInteger("bench.worker.scale-connections", 1000),
                Integer.getInteger("bench.worker.scale-to", 100_000), users);
        report.append(scale.report());
        String text = targetsLast(report.toString());
        System.out.println(text);
        Files.writeString(Path.of("target", "benchmark-report.txt"), text);
        System.exit(0);
    }

    /**
     * Local mode as the run command starts it (its own JVM, with the heap of {@code SyncWellProcess}'s children; the local
     * stack, the sandbox, the demo, Hawtio), timed from launch until its readiness probe answers UP; its resident set (with dynalite's) then.
     */
    private record StartUp(double readySeconds, long rssMb) {

        static StartUp measure(Path dir) throws Exception {
            Map<String, String> environment = new java.util.LinkedHashMap<>();
            for (String port : List.of("CAMEL_SERVER_PORT", "CAMEL_MANAGEMENT_PORT", "SYNCWELL_SANDBOX_PORT",
                    "SYNCWELL_LOCAL_SQS_PORT", "SYNCWELL_LOCAL_S3_PORT", "SYNCWELL_LOCAL_DYNAMODB_PORT", "SYNCWELL_HAWTIO_PORT")) {
                environment.put(port, Integer.toString(support.FreePorts.next()));
            }
            environment.put("SYNCWELL_DATA_DIR", dir.resolve("data").toAbsolutePath().toString());
            environment.put("SYNCWELL_DEMO_ENABLED", "true");
            long launched = System.nanoTime();
            try (support.SyncWellProcess app = support.SyncWellProcess.startWithEnvironment("start-up", dir, environment,
                    Integer.parseInt(environment.get("CAMEL_MANAGEMENT_PORT"))).awaitStarted()) {
                double ready = (System.nanoTime() - launched) / 1e9;
                return new StartUp(ready, app.processes().mapToLong(p -> Resources.rssKb(p.pid())).sum() / 1024);
            }
        }
    }

    /**
     * Cost per job against the size of the state, on an instance of its own: rounds on {@code connections} connections
     * with only those in the table, then again once the table holds {@code scaleTo} — the others seeded as copies of one
     * of them under users of their own (ten each), each in its own shard of the due index, as a table of that many users'
     * connections holds them. A job reads and writes its own items by key, so what it costs must not grow with the rest.
     */
    private record Scale(int smallTable, Drain small, int largeTable, Drain large, double seedSeconds) {

        static Scale measure(Path dir, Map<String, String> settings, int connections, int scaleTo, int users) throws Exception {
            try (SyncWellInstance app = new SyncWellInstance("syncwell-scale-bench", dir, settings).start()) {
                app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
                app.sandbox().rateLimit("googlefit", Map.of("perMinute", 1_000_000));
                app.context().getRouteController().stopRoute(HOT_WORKER);
                Workload workload = Workload.create(app, Math.min(users, connections), connections);
                workload.queueRound();
                Drain.byEngine(app.context(), workload.jobsPerRound(), null);
                Drain.byEngine(app.context(), workload.queueRound(), null);
                // two rounds each: one round of a thousand connections lasts seconds, where a pause moves it by percents
                Drain small = Drain.byEngine(app.context(), workload.queueRound(), null)
                        .and(Drain.byEngine(app.context(), workload.queueRound(), null));
                long seeding = System.nanoTime();
                seed(app.context(), workload.connections().get(0), scaleTo - connections);
                double seedSeconds = (System.nanoTime() - seeding) / 1e9;
                Drain large = Drain.byEngine(app.context(), workload.queueRound(), null)
                        .and(Drain.byEngine(app.context(), workload.queueRound(), null));
                return new Scale(connections, small, scaleTo, large, seedSeconds);
            }
        }

        private static void seed(CamelContext app, Connection model, int count) throws Exception {
            var dynamo = app.getRegistry().lookupByNameAndType("dynamoDbClient",
                    software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);
            String table = state.Tables.withPrefix(app.resolvePropertyPlaceholders("{{syncwell.table-prefix}}")).connections();
            state.DueIndex due = new state.DueIndex(Integer.parseInt(app.resolvePropertyPlaceholders("{{syncwell.scheduler.shards}}")));
            var item = dynamo.getItem(b -> b.tableName(table).key(state.ConnectionStore.key(model.user().id, model.id()))
                    .consistentRead(true)).item();
            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> copies = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                var copy = new java.util.HashMap<>(item);
                String id = java.util.UUID.randomUUID().toString();
                copy.put("userId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("scale-user-" + i / 10));
                copy.put("id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id));
                if (copy.containsKey(state.DueIndex.SHARD)) {
                    copy.put(state.DueIndex.SHARD, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(due.shardOf(id)));
                }
                copies.add(copy);
            }
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> writes = new ArrayList<>();
                int slice = (count + 3) / 4;
                for (int from = 0; from < count; from += slice) {
                    var part = copies.subList(from, Math.min(count, from + slice));
                    writes.add(writers.submit(() -> state.ItemBatches.putAll(dynamo, table, part)));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            } finally {
                writers.shutdown();
            }
        }

        double costPerJob(Drain drain) {
            return (drain.usage().jvmCpuNanos() + drain.usage().dynaliteCpuNanos()) / 1e6 / drain.jobs();
        }

        String report() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, """
                    scale of state: %d jobs (two rounds) on %d connections (an instance of its own)
                                                 %,9d connections   %,9d connections (%.0f s to seed)
                      throughput (jobs/s)          %9.1f           %9.1f
                      CPU per job, JVM + dynalite  %9.2f           %9.2f   ms
                    """, small.jobs(), smallTable, smallTable, largeTable, seedSeconds, small.jobsPerSecond(),
                    large.jobsPerSecond(), costPerJob(small), costPerJob(large)));
            TreeSet<String> calls = new TreeSet<>(small.usage().calls().keySet());
            calls.addAll(large.usage().calls().keySet());
            for (String call : calls) {
                out.append(String.format(Locale.ROOT, "    %-40s %7.2f           %9.2f%n", call,
                        small.usage().calls().getOrDefault(call, 0.0) / small.jobs(),
                        large.usage().calls().getOrDefault(call, 0.0) / large.jobs()));
            }
            double growth = costPerJob(large) / costPerJob(small) - 1;
            out.append(target("cost per job at " + largeTable + " connections against " + smallTable,
                    String.format(Locale.ROOT, "%+.1f %%", 100 * growth), "within 10 %", Math.abs(growth) <= 0.10));
            return out.toString();
        }
    }

    /** Users linked to the Fitbit and Google Fit sandboxes, their Fitbit → Google Fit connections for steps and weight. */
    record Workload(List<Connection> connections, int users) {

        static Workload create(SyncWellInstance app, int users, int connections) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<TestUser>> linked = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    linked.add(pool.submit(() -> TestUser.linkedTo(app, "fitbit", "googlefit")));
                }
                List<Future<Connection>> made = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    TestUser user = linked.get(c % users).get();
                    made.add(pool.submit(() -> new Connection(user, user.connect("fitbit", "googlefit", List.of("steps", "weight")))));
                }
                List<Connection> all = new ArrayList<>();
                for (Future<Connection> connection : made) {
                    all.add(connection.get());
                }
                return new Workload(all, users);
            } finally {
                pool.shutdown();
            }
        }

        int jobsPerRound() {
            return connections.size() * 2;
        }

        /** One sync request per connection (its steps and its weight job), sent by {@value CLIENTS} clients. */
        List<FixedRate.Target> targets() {
            return connections.stream().map(c -> new FixedRate.Target(c.user().api, c.id())).toList();
        }

        int queueRound() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (Connection connection : connections) {
                    answers.add(pool.submit(() -> {
                        var answer = connection.user().api.post("/v1/connections/" + connection.id() + "/sync", null);
                        if (answer.status() != 202) {
                            throw new IllegalStateException("sync request answered " + answer.status() + ": " + answer.body());
                        }
                        return answer.json().get("jobs").size();
                    }));
                }
                int queued = 0;
                for (Future<Integer> answer : answers) {
                    queued += answer.get();
                }
                if (queued != jobsPerRound()) {
                    throw new IllegalStateException("a round queued " + queued + " jobs, not " + jobsPerRound());
                }
                return queued;
            } finally {
                pool.shutdown();
            }
        }
    }

    record Connection(TestUser user, String id) {
    }

    /** What one drain of the queued jobs took: time, CPU, and the calls made meanwhile. */
    private record Drain(int jobs, double seconds, Usage usage, String profile) {

        /**
         * Starts the worker's route, waits until it has run {@code jobs} jobs to their end, stops it again; profiled when
         * a profiler is given.
         */
        static Drain byEngine(CamelContext app, int jobs, Profiler profiler) throws Exception {
            Usage before = Usage.now(app);
            startProfiling(profiler);
            long started = System.nanoTime();
            app.getRouteController().startRoute(HOT_WORKER);
            long ended = awaitJobsEnded(app, before.jobsEnded(), jobs);
            Usage after = Usage.now(app);
            String profile = stopProfiling(profiler, "engine");
            app.getRouteController().stopRoute(HOT_WORKER);
            return new Drain(jobs, (ended - started) / 1e9, after.minus(before), profile);
        }

        static Drain byBareLoop(CamelContext app, int jobs, Profiler profiler) throws Exception {
            BareLoop loop = new BareLoop(app);
            Usage before = Usage.now(app);
            startProfiling(profiler);
            long started = System.nanoTime();
            loop.drain(jobs);
            long ended = System.nanoTime();
            Usage after = Usage.now(app);
            return new Drain(jobs, (ended - started) / 1e9, after.minus(before), stopProfiling(profiler, "bare-loop"));
        }

        private static void startProfiling(Profiler profiler) throws java.io.IOException {
            if (profiler != null) {
                profiler.start();
            }
        }

        private static String stopProfiling(Profiler profiler, String phase) throws java.io.IOException {
            return profiler == null ? "" : profiler.stop(phase);
        }

        double jobsPerSecond() {
            return jobs / seconds;
        }

        /** This drain and {@code next} as one. */
        Drain and(Drain next) {
            return new Drain(jobs + next.jobs, seconds + next.seconds, usage.plus(next.usage), profile + next.profile);
        }
    }

    /** Waits until the engine has ended {@code jobs} more jobs than {@code endedBefore}; answers when (nanoTime). */
    private static long awaitJobsEnded(CamelContext app, double endedBefore, int jobs) throws Exception {
        return awaitJobsEnded(app, endedBefore, jobs, Duration.ofMinutes(20));
    }

    /** As above; gives up when no job has ended for {@code stall}. */
    private static long awaitJobsEnded(CamelContext app, double endedBefore, int jobs, Duration stall) throws Exception {
        double last = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < stall.toNanos()) {
            double ended = Usage.jobsEnded(app) - endedBefore;
            if (ended >= jobs) {
                return System.nanoTime();
            }
            if (ended > last) {
                last = ended;
                lastProgress = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new TimeoutException(jobs + " jobs did not end: none ended for " + stall.toSeconds() + " s");
    }

    /**
     * Waits until the engine has ended as many jobs as the requests queued, by its meters (no reads that would load the
     * servers measured); should the count stall, the jobs' records say whether they all ended (and which did not).
     */
    private static long awaitJobsEnded(CamelContext app, double endedBefore, FixedRate.Outcome sent) throws Exception {
        try {
            return awaitJobsEnded(app, endedBefore, sent.jobs().size(), Duration.ofSeconds(30));
        } catch (TimeoutException stalled) {
            List<String> notEnded = new ArrayList<>();
            for (FixedRate.QueuedJob job : sent.jobs()) {
                String state = job.owner().get("/v1/jobs/" + job.id()).json().path("state").asText();
                if (!state.equals("SUCCEEDED") && !state.equals("MOVED_TO_DLQ")) {
                    notEnded.add(job.id() + " " + state);
                }
            }
            System.out.printf(Locale.ROOT, "%d jobs queued, %.0f ended by the engine's meters; by their records %d not ended %s%n",
                    sent.jobs().size(), Usage.jobsEnded(app) - endedBefore, notEnded.size(),
                    notEnded.subList(0, Math.min(10, notEnded.size())));
            if (!notEnded.isEmpty()) {
                throw stalled;
            }
            return System.nanoTime();
        }
    }

    /**
     * The worker running and sync requests arriving at a fixed rate: first at {@code jobsPerSecond} (half the engine's
     * maximum: latency, not backlog); then the API alone at 200 requests a second with the worker stopped (what a request
     * costs and takes when it meets only other requests; its jobs drain afterwards); then 200 requests a second with
     * the worker running (more than it drains: the request's latency while it works flat out).
     */
    private record Latency(double jobsPerSecond, FixedRate.Outcome steady, List<Double> completionMillis,
                           List<String> slowestJobs, FixedRate.Outcome apiAlone, Usage apiAloneUsage, FixedRate.Outcome api,
                           double apiDrainSeconds) {

        static final double API_REQUESTS_PER_SECOND = 200;

        static Latency measure(CamelContext app, List<FixedRate.Target> targets, double jobsPerSecond, Duration steadyLength,
                               Duration apiLength) throws Exception {
            double ended = Usage.jobsEnded(app);
            // a request asks for two jobs (steps, weight)
            FixedRate.Outcome steady = FixedRate.send(targets, jobsPerSecond / 2, steadyLength);
            awaitJobsEnded(app, ended, steady);
            List<Double> completion = FixedRate.completionMillis(steady.jobs());
            List<String> slowest = FixedRate.slowest(steady.jobs(), completion, 3);

            app.getRouteController().stopRoute(HOT_WORKER);
            ended = Usage.jobsEnded(app);
            Usage before = Usage.now(app);
            FixedRate.Outcome alone = FixedRate.send(targets, API_REQUESTS_PER_SECOND, apiLength);
            Usage aloneUsage = Usage.now(app).minus(before);
            app.getRouteController().startRoute(HOT_WORKER);
            awaitJobsEnded(app, ended, alone);

            ended = Usage.jobsEnded(app);
            long started = System.nanoTime();
            FixedRate.Outcome api = FixedRate.send(targets, API_REQUESTS_PER_SECOND, apiLength);
            long drained = awaitJobsEnded(app, ended, api);
            return new Latency(jobsPerSecond, steady, completion, slowest, alone, aloneUsage, api, (drained - started) / 1e9);
        }
    }

    /**
     * Counters of this process: CPU time of this JVM and of dynalite, AWS calls by service and operation, provider calls
     * by provider and operation, job attempts by outcome (the engine's only).
     */
    record Usage(long jvmCpuNanos, long dynaliteCpuNanos, Map<String, Double> calls, Map<String, Double> outcomes) {

        static Usage now(CamelContext app) {
            MeterRegistry registry = SyncMetrics.registryOf(app);
            Map<String, Double> calls = new TreeMap<>();
            for (Counter counter : registry.find("syncwell.aws.calls").counters()) {
                calls.merge(counter.getId().getTag("service") + " " + counter.getId().getTag("operation"), counter.count(), Double::sum);
            }
            for (Timer timer : registry.find("syncwell.provider.calls").timers()) {
                calls.merge(timer.getId().getTag("provider") + " " + timer.getId().getTag("operation"), (double) timer.count(), Double::sum);
            }
            Map<String, Double> outcomes = new TreeMap<>();
            for (Timer timer : registry.find("syncwell.jobs").timers()) {
                outcomes.merge(timer.getId().getTag("outcome"), (double) timer.count(), Double::sum);
            }
            return new Usage(jvmCpu(), dynaliteCpu(), calls, outcomes);
        }

        /** Jobs the engine ran to their end: succeeded, or dead-lettered (an attempt retried or deferred is not an end). */
        static double jobsEnded(CamelContext app) {
            double ended = 0;
            for (Timer timer : SyncMetrics.registryOf(app).find("syncwell.jobs").timers()) {
                ended += ENDS.contains(timer.getId().getTag("outcome")) ? timer.count() : 0;
            }
            return ended;
        }

        double jobsEnded() {
            return ENDS.stream().mapToDouble(outcome -> outcomes.getOrDefault(outcome, 0.0)).sum();
        }

        Usage plus(Usage other) {
            Map<String, Double> calls = new TreeMap<>(this.calls);
            other.calls.forEach((key, value) -> calls.merge(key, value, Double::sum));
            Map<String, Double> outcomes = new TreeMap<>(this.outcomes);
            other.outcomes.forEach((key, value) -> outcomes.merge(key, value, Double::sum));
            return new Usage(jvmCpuNanos + other.jvmCpuNanos, dynaliteCpuNanos + other.dynaliteCpuNanos, calls, outcomes);
        }

        Usage minus(Usage earlier) {
            return new Usage(jvmCpuNanos - earlier.jvmCpuNanos, dynaliteCpuNanos - earlier.dynaliteCpuNanos,
                    difference(calls, earlier.calls), difference(outcomes, earlier.outcomes));
        }

        private static Map<String, Double> difference(Map<String, Double> now, Map<String, Double> earlier) {
            Map<String, Double> delta = new TreeMap<>();
            now.forEach((key, value) -> {
                double d = value - earlier.getOrDefault(key, 0.0);
                if (d > 0) {
                    delta.put(key, d);
                }
            });
            return delta;
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long dynaliteCpu() {
            return dynalite().mapToLong(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos()).sum();
        }
    }

    /** Calls counted, each per request: {@code dynamodb PutItem 2.00, sqs SendMessageBatch 1.00}. */
    private static String perRequest(Map<String, Double> calls, int requests) {
        List<String> each = new ArrayList<>();
        calls.forEach((call, count) -> each.add(String.format(Locale.ROOT, "%s %.2f", call, count / requests)));
        return String.join(", ", each);
    }

    /** dynalite runs as a node process this JVM started. */
    static java.util.stream.Stream<ProcessHandle> dynalite() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("dynalite"));
    }

    /** A category's line, and the total, in the JVM's Native Memory Tracking summary. */
    private static final Pattern NMT_CATEGORY = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");

    /**
     * This JVM's committed memory by category, from Native Memory Tracking when the JVM runs with
     * {@code -XX:NativeMemoryTracking=summary} (the benchmark profile does): the heap, class metadata, threads' stacks,
     * compiled code, the collector's own structures, and the rest (direct buffers among it), in MB.
     */
    static String nativeMemory() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            Matcher category = NMT_CATEGORY.matcher(out);
            List<String> parts = new ArrayList<>();
            while (category.find()) {
                long mb = Long.parseLong(category.group(2)) / 1024;
                if (mb >= 5) {
                    parts.add(category.group(1).trim().toLowerCase(Locale.ROOT) + " " + mb);
                }
            }
            Matcher total = NMT_TOTAL.matcher(out);
            return parts.isEmpty() || !total.find() ? "" : "committed " + Long.parseLong(total.group(1)) / 1024 + " MB: "
                    + String.join(", ", parts) + " MB";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * The largest resident set of this JVM and of dynalite, sampled every second while the benchmark runs; and of
     * dynalite's at its peak, what is anonymous memory (its heap, LevelDB's caches) and what is pages of its store's
     * files mapped in (LevelDB reads its tables through mmap: page cache, which the kernel takes back under pressure).
     */
    static final class Resources {

        private final Thread sampler;
        private volatile long peakJvmKb;
        private volatile long peakStackKb;
        private volatile long peakDynaliteKb;
        private volatile long dynaliteAnonKbAtPeak;
        private volatile long dynaliteFileKbAtPeak;
        /** This JVM's committed memory by what holds it, at the end of the runs (Native Memory Tracking). */
        String nativeMemory = "";

        private Resources() {
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long jvm = rssKb(ProcessHandle.current().pid());
                    List<ProcessHandle> dynalite = dynalite().toList();
                    long store = dynalite.stream().mapToLong(p -> rssKb(p.pid())).sum();
                    peakJvmKb = Math.max(peakJvmKb, jvm);
                    peakStackKb = Math.max(peakStackKb, jvm + store);
                    if (store > peakDynaliteKb) {
                        peakDynaliteKb = store;
                        dynaliteAnonKbAtPeak = dynalite.stream().mapToLong(p -> statusKb(p.pid(), "RssAnon:")).sum();
                        dynaliteFileKbAtPeak = dynalite.stream().mapToLong(p -> statusKb(p.pid(), "RssFile:")).sum();
                    }
                    try {
                        TimeUnit.SECONDS.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
        }

        static Resources sampling() {
            Resources resources = new Resources();
            resources.sampler.start();
            return resources;
        }

        void stop() {
            sampler.interrupt();
        }

        static long rssKb(long pid) {
            return statusKb(pid, "VmRSS:");
        }

        /** A field of the process's {@code /proc/<pid>/status}, in kB; 0 once the process is gone. */
        static long statusKb(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (java.io.IOException | RuntimeException gone) {
                return 0;
            }
            return 0;
        }
    }

    private static String report(Workload workload, Drain warmUp, Drain engine, Drain bare, int threads, Resources resources,
                                 Latency latency, StartUp startUp) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, """
                SyncWell worker benchmark: %d delta jobs a round (Fitbit -> Google Fit, steps and weight) over %d connections of %d users, %d cores
                  each round queued through the API with the worker stopped, then drained; %d consumers (engine) / threads (bare loop)
                  warm-up (first syncs): %.1f jobs/s
                                             engine        bare loop
                  throughput (jobs/s)      %9.1f        %9.1f      ratio %.2f
                  time (s)                 %9.1f        %9.1f
                  CPU per job (ms)         %9.2f        %9.2f      (this JVM: app, ElasticMQ, S3Proxy, sandbox)
                                           %9.2f        %9.2f      (dynalite)
                  calls per job
                """, engine.jobs(), workload.connections().size(), workload.users(), Runtime.getRuntime().availableProcessors(),
                threads, warmUp.jobsPerSecond(), engine.jobsPerSecond(), bare.jobsPerSecond(),
                engine.jobsPerSecond() / bare.jobsPerSecond(), engine.seconds(), bare.seconds(),
                engine.usage().jvmCpuNanos() / 1e6 / engine.jobs(), bare.usage().jvmCpuNanos() / 1e6 / bare.jobs(),
                engine.usage().dynaliteCpuNanos() / 1e6 / engine.jobs(), bare.usage().dynaliteCpuNanos() / 1e6 / bare.jobs()));
        TreeSet<String> calls = new TreeSet<>(engine.usage().calls().keySet());
        calls.addAll(bare.usage().calls().keySet());
        for (String call : calls) {
            out.append(String.format(Locale.ROOT, "    %-40s %7.2f        %9.2f%n", call,
                    engine.usage().calls().getOrDefault(call, 0.0) / engine.jobs(), bare.usage().calls().getOrDefault(call, 0.0) / bare.jobs()));
        }
        out.append(String.format(Locale.ROOT, "  engine's job outcomes: %s%n", engine.usage().outcomes()));
        out.append(engine.profile()).append(bare.profile());
        out.append(String.format(Locale.ROOT, "  peak RSS: this JVM %d MB, with dynalite %d MB; dynalite's peak %d MB: %d MB"
                        + " anonymous, %d MB its store's files mapped%n", resources.peakJvmKb / 1024, resources.peakStackKb / 1024,
                resources.peakDynaliteKb / 1024, resources.dynaliteAnonKbAtPeak / 1024, resources.dynaliteFileKbAtPeak / 1024));
        if (!resources.nativeMemory.isEmpty()) {
            out.append("  this JVM's memory at the end (Native Memory Tracking): ").append(resources.nativeMemory).append('\n');
        }
        FixedRate.Outcome steady = latency.steady();
        out.append(String.format(Locale.ROOT, """
                  at a fixed %.1f jobs/s (half the engine's maximum; %.1f sync requests/s) for %d s: %d jobs
                    job completion, QUEUED to end (ms)   %s
                    sync request (ms)                    %s
                    the slowest jobs:
                      %s
                  the API alone at %.0f sync requests/s for %d s, the worker stopped: %d requests (%d refused)
                    sync request (ms)                    %s
                    per request: CPU %.2f ms (this JVM), %.2f ms (dynalite); calls %s
                  the API at %.0f sync requests/s for %d s, the worker running: %d requests (%d refused), %d jobs, all ended %.1f s after the first request
                    sync request (ms)                    %s
                """, latency.jobsPerSecond(), steady.requestsPerSecond(), steady.length().toSeconds(), steady.jobs().size(),
                FixedRate.millis(latency.completionMillis()), FixedRate.millis(steady.requestMillis()),
                String.join("\n      ", latency.slowestJobs()),
                latency.apiAlone().requestsPerSecond(), latency.apiAlone().length().toSeconds(),
                latency.apiAlone().requestMillis().size(), latency.apiAlone().refused(),
                FixedRate.millis(latency.apiAlone().requestMillis()),
                latency.apiAloneUsage().jvmCpuNanos() / 1e6 / latency.apiAlone().requestMillis().size(),
                latency.apiAloneUsage().dynaliteCpuNanos() / 1e6 / latency.apiAlone().requestMillis().size(),
                perRequest(latency.apiAloneUsage().calls(), latency.apiAlone().requestMillis().size()),
                latency.api().requestsPerSecond(), latency.api().length().toSeconds(), latency.api().requestMillis().size(),
                latency.api().refused(), latency.api().jobs().size(), latency.apiDrainSeconds(),
                FixedRate.millis(latency.api().requestMillis())));
        out.append(String.format(Locale.ROOT, "  start-up (local mode, its own JVM, demo and Hawtio): ready %.1f s after launch, RSS then %d MB with dynalite%n",
                startUp.readySeconds(), startUp.rssMb()));
        double ratio = engine.jobsPerSecond() / bare.jobsPerSecond();
        out.append(target("engine / bare loop throughput", String.format(Locale.ROOT, "%.2f", ratio), ">= 0.80", ratio >= 0.8));
        out.append(target("sustained delta throughput", String.format(Locale.ROOT, "%.1f jobs/s over %d jobs",
                engine.jobsPerSecond(), engine.jobs()), ">= 150 jobs/s over 10000 jobs",
                engine.jobsPerSecond() >= 150 && engine.jobs() >= 10_000));
        double completionP95 = FixedRate.percentile(latency.completionMillis(), 95);
        out.append(target("job completion p95 at half the maximum rate", String.format(Locale.ROOT, "%.0f ms", completionP95),
                "<= 1000 ms", completionP95 <= 1000));
        double apiP99 = FixedRate.percentile(latency.api().requestMillis(), 99);
        out.append(target("sync request p99 at 200 requests/s, workers running", String.format(Locale.ROOT, "%.1f ms", apiP99),
                "<= 20 ms", apiP99 <= 20));
        out.append(target("local stack RSS under load", resources.peakStackKb / 1024 + " MB", "<= 768 MB",
                resources.peakStackKb / 1024 <= 768));
        out.append(target("start-up to ready", String.format(Locale.ROOT, "%.1f s", startUp.readySeconds()), "<= 10 s",
                startUp.readySeconds() <= 10));
        return out.toString();
    }

    /** The report with its target lines gathered at its end, for a reader (or a script) to see at once what holds. */
    private static String targetsLast(String report) {
        StringBuilder figures = new StringBuilder();
        StringBuilder targets = new StringBuilder();
        report.lines().forEach(line -> (line.startsWith("target ") ? targets : figures).append(line).append('\n'));
        return figures.append(targets).toString();
    }

    private static String target(String name, String measured, String goal, boolean met) {
        return "target " + name + ": " + measured + " (goal " + goal + ") " + (met ? "met" : "missed") + "\n";
    }
}
