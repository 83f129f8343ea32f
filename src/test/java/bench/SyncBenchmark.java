package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SyncWellInstance;
import support.TestUser;

/**
 * Pushes N sync jobs through the real app in local mode (ElasticMQ, dynalite, S3Proxy, sandbox) and
 * reports throughput, job completion times and the API latency of the sync request.
 * Run: {@code mvn -Pbenchmark verify} (options: -Dbench.jobs, -Dbench.users, -Dbench.clients).
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 1000);
        int users = Integer.getInteger("bench.users", 25);
        int clients = Integer.getInteger("bench.clients", 8);
        // 1: every user's requests go to one connection (those arriving while its job waits join it); more: requests
        // spread so that each connection gets about one, and every request queues jobs of its own
        int connectionsPerUser = Integer.getInteger("bench.connections-per-user", 1);
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("bench-" + System.currentTimeMillis());

        try (SyncWellInstance app = new SyncWellInstance("syncwell-bench", dir).start()) {
            // the sandbox enforces the providers' real per-user limits; a load test must not trip them
            app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
            app.sandbox().rateLimit("googlefit", Map.of("perMinute", 1_000_000));
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
                for (int c = 0; c < connectionsPerUser; c++) {
                    connections.add(new Connection(user, user.connect("fitbit", "googlefit", List.of("steps", "weight"))));
                }
            }
            // warm-up: every connection's first sync (a 7-day window) and the JIT
            runSyncs(connections, connections.size() * 2, clients);

            Result result = runSyncs(connections, jobs, clients);
            String report = result.report(connections.size(), clients);
            System.out.println(report);
            Files.writeString(Path.of("target", "sync-benchmark-report.txt"), report);
        }
        System.exit(0);
    }

    private record Connection(TestUser user, String id) {
    }

    private record Finished(JsonNode job, Connection connection) {
    }

    /**
     * Each sync request asks for two jobs (steps, weight); requests go round-robin over the connections. The jobs
     * reported are the distinct ones: a request for a type whose job still waits to start is answered with that job.
     */
    private static Result runSyncs(List<Connection> connections, int jobs, int clients) throws Exception {
        ConcurrentLinkedQueue<Long> apiLatencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Map.Entry<Connection, String>> queued = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Instant started = Instant.now();
        for (int i = 0; i < jobs / 2; i++) {
            Connection connection = connections.get(i % connections.size());
            pool.submit(() -> {
                long t0 = System.nanoTime();
                ApiClient.Answer answer = connection.user().api.post("/v1/connections/" + connection.id() + "/sync", null);
                apiLatencies.add(System.nanoTime() - t0);
                if (answer.status() != 202) {
                    throw new IllegalStateException("sync request answered " + answer.status() + ": " + answer.body());
                }
                answer.json().get("jobs").forEach(job -> queued.add(Map.entry(connection, job.get("id").asText())));
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        // a request that found a job of its type still waiting was answered with that job: each job counts once
        Map<String, Connection> distinct = new java.util.LinkedHashMap<>();
        queued.forEach(job -> distinct.putIfAbsent(job.getValue(), job.getKey()));
        List<Finished> finished = new ArrayList<>();
        for (Map.Entry<String, Connection> job : distinct.entrySet()) {
            finished.add(new Finished(awaitFinished(job.getValue().user(), job.getKey()), job.getValue()));
        }
        return new Result(started, new ArrayList<>(apiLatencies), finished, queued.size());
    }

    private static JsonNode awaitFinished(TestUser user, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = user.api.get("/v1/jobs/" + jobId).json();
            String state = job.get("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("MOVED_TO_DLQ")) {
                return job;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("job " + jobId + " did not finish in 10 minutes");
    }

    private record Result(Instant started, List<Long> apiLatencyNanos, List<Finished> finished, int answeredJobs) {

        String report(int connections, int clients) {
            List<Double> completion = new ArrayList<>();
            Instant lastDone = started;
            int succeeded = 0;
            for (Finished f : finished) {
                JsonNode history = f.job().get("history");
                Instant created = Instant.parse(history.get(0).get("at").asText());
                Instant done = Instant.parse(history.get(history.size() - 1).get("at").asText());
                completion.add(Duration.between(created, done).toNanos() / 1e6);
                lastDone = done.isAfter(lastDone) ? done : lastDone;
                succeeded += f.job().get("state").asText().equals("SUCCEEDED") ? 1 : 0;
            }
            List<Double> api = new ArrayList<>(apiLatencyNanos.stream().map(n -> n / 1e6).toList());
            double seconds = Duration.between(started, lastDone).toMillis() / 1000.0;
            return String.format(Locale.ROOT, """
                    SyncWell benchmark: %d jobs (%d sync requests answered with %d jobs) over %d connections, %d API clients, %d cores
                      succeeded            %d of %d
                      throughput           %.1f jobs/s (%.1f s from first request to last job done)
                      job completion (ms)  p50 %.0f  p95 %.0f  p99 %.0f  max %.0f
                      sync request (ms)    p50 %.1f  p95 %.1f  p99 %.1f  max %.1f
                    """, finished.size(), api.size(), answeredJobs, connections, clients, Runtime.getRuntime().availableProcessors(),
                    succeeded, finished.size(), finished.size() / seconds, seconds,
                    percentile(completion, 50), percentile(completion, 95), percentile(completion, 99), percentile(completion, 100),
                    percentile(api, 50), percentile(api, 95), percentile(api, 99), percentile(api, 100));
        }

        private static double percentile(List<Double> values, double p) {
            return FixedRate.percentile(values, p);
        }
    }
}
