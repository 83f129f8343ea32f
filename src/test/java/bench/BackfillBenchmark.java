package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SyncWellInstance;
import support.TestUser;

/**
 * Backfill throughput through the real app in local mode: Fitbit → Google Fit backfills of minute steps and weights
 * over {@code bench.backfill.days} days of generated history, first for one user, then for {@code bench.backfill.users}
 * users at once, while {@code bench.backfill.hot-users} other users keep syncing fresh weights on the hot path (their
 * job times are reported beside). Reports windows/s and records/s (fetched from the source) per run.
 * Run: {@code mvn -Pbenchmark verify} (after {@link SyncBenchmark}).
 */
public final class BackfillBenchmark {

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = Integer.getInteger("bench.backfill.days", 400);
        int users = Integer.getInteger("bench.backfill.users", 20);
        int hotUsers = Integer.getInteger("bench.backfill.hot-users", 3);
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("bench-backfill-" + System.currentTimeMillis());

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "SyncWell backfill benchmark: Fitbit -> Google Fit, steps and weight, %d days of history, %d cold consumers,"
                        + " %d cores%n", days, 2, Runtime.getRuntime().availableProcessors()));
        try (SyncWellInstance app = new SyncWellInstance("syncwell-bench-backfill", dir,
                Map.of("syncwell.sandbox.history", "P" + (days + 1) + "D")).start()) {
            app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
            app.sandbox().rateLimit("googlefit", Map.of("perMinute", 1_000_000));
            HotLoad hot = HotLoad.start(app, hotUsers);
            report.append(run(app, 1, days, hot));
            report.append(run(app, users, days, hot));
            hot.stop();
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "backfill-benchmark-report.txt"), report.toString());
        System.exit(0);
    }

    /** {@code users} backfills requested at once; their windows and records over the time from request to last window. */
    private static String run(SyncWellInstance app, int users, int days, HotLoad hot) throws Exception {
        List<TestUser> linked = new ArrayList<>();
        List<String> connections = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
            app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
            String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
            // the first sync: the cursor, and the 7 days before it
            user.api.post("/v1/connections/" + connection + "/sync", null);
            linked.add(user);
            connections.add(connection);
        }
        awaitIdle(app, linked, connections);
        Instant from = LocalDate.now(ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        hot.reset();
        Instant requested = Instant.now();
        List<String> backfills = new ArrayList<>();
        int windows = 0;
        for (int i = 0; i < users; i++) {
            ApiClient.Answer answer = linked.get(i).api.post("/v1/connections/" + connections.get(i) + "/backfill",
                    Map.of("from", from.toString()));
            if (answer.status() != 202) {
                throw new IllegalStateException("backfill answered " + answer.status() + ": " + answer.body());
            }
            backfills.add(answer.json().get("backfillId").asText());
            windows += answer.json().get("jobs").size();
        }
        Duration requestTime = Duration.between(requested, Instant.now());
        List<JsonNode> done = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            done.add(awaitDone(linked.get(i), backfills.get(i)));
        }
        Instant last = requested;
        long fetched = 0;
        long written = 0;
        int succeeded = 0;
        for (JsonNode view : done) {
            Instant finished = Instant.parse(view.get("finishedAt").asText());
            last = finished.isAfter(last) ? finished : last;
            fetched += view.at("/counts/fetched").asLong();
            written += view.at("/counts/written").asLong();
            succeeded += view.at("/windows/succeeded").asInt();
        }
        double seconds = Duration.between(requested, last).toMillis() / 1000.0;
        List<Double> hotTimes = hot.times();
        return String.format(Locale.ROOT, """
                  %d user(s) at once: %d windows (%d succeeded) in %.1f s (requests answered in %d ms)
                    throughput           %.1f windows/s, %.0f records/s fetched, %.0f records/s written (%d fetched, %d written)
                    hot jobs meanwhile   %d, completion (ms) p50 %.0f  p95 %.0f  p99 %.0f  max %.0f
                """, users, windows, succeeded, seconds, requestTime.toMillis(), windows / seconds, fetched / seconds,
                written / seconds, fetched, written, hotTimes.size(), percentile(hotTimes, 50), percentile(hotTimes, 95),
                percentile(hotTimes, 99), percentile(hotTimes, 100));
    }

    private static void awaitIdle(SyncWellInstance app, List<TestUser> users, List<String> connections) throws InterruptedException {
        for (int i = 0; i < users.size(); i++) {
            for (int tries = 0; tries < 600; tries++) {
                JsonNode status = users.get(i).api.get("/v1/connections/" + connections.get(i)).json().get("status");
                if (status.at("/steps/lastSyncTime").isTextual() && status.at("/weight/lastSyncTime").isTextual()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static JsonNode awaitDone(TestUser user, String backfill) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode view = user.api.get("/v1/backfills/" + backfill).json();
            if (!view.get("state").asText().equals("running")) {
                if (!view.get("state").asText().equals("succeeded")) {
                    throw new IllegalStateException("backfill " + backfill + " ended " + view);
                }
                return view;
            }
            TimeUnit.SECONDS.sleep(2);
        }
        throw new IllegalStateException("backfill " + backfill + " did not finish in an hour");
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Users syncing fresh weights on the hot path one sync after another; their job completion times (ms). */
    private static final class HotLoad {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Double> times = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> threads = new ArrayList<>();

        static HotLoad start(SyncWellInstance app, int users) {
            HotLoad load = new HotLoad();
            for (int i = 0; i < users; i++) {
                TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
                String connection = user.connect("fitbit", "googlefit", List.of("weight"));
                Thread thread = new Thread(() -> load.syncAgainAndAgain(app, user, connection), "hot-load-" + i);
                thread.setDaemon(true);
                load.threads.add(thread);
                thread.start();
            }
            return load;
        }

        private void syncAgainAndAgain(SyncWellInstance app, TestUser user, String connection) {
            int round = 0;
            while (running.get()) {
                try {
                    Instant taken = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.MINUTES);
                    app.sandbox().seedWeight("fitbit", user.providerUser("fitbit"),
                            List.of(Map.of("time", taken.toString(), "kg", 70.0 + round++ % 10)));
                    String job = user.api.post("/v1/connections/" + connection + "/sync", null).json().at("/jobs/0/id").asText();
                    JsonNode finished = awaitJob(user, job);
                    Map<String, Instant> reached = new HashMap<>();
                    finished.get("history").forEach(event -> reached.put(event.get("state").asText(),
                            Instant.parse(event.get("at").asText())));
                    if (reached.containsKey("SUCCEEDED")) {
                        times.add((double) Duration.between(reached.get("QUEUED"), reached.get("SUCCEEDED")).toMillis());
                    }
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static JsonNode awaitJob(TestUser user, String jobId) throws InterruptedException {
            while (true) {
                JsonNode job = user.api.get("/v1/jobs/" + jobId).json();
                if (List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(job.get("state").asText())) {
                    return job;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }

        void reset() {
            times.clear();
        }

        List<Double> times() {
            return new ArrayList<>(times);
        }

        void stop() {
            running.set(false);
        }
    }
}
