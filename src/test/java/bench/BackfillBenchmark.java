package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.HotSyncLoad;
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
            HotSyncLoad hot = HotSyncLoad.start(app, hotUsers);
            report.append(run(app, 1, days, hot));
            report.append(run(app, users, days, hot));
            hot.stop();
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "backfill-benchmark-report.txt"), report.toString());
        System.exit(0);
    }

    /** {@code users} backfills requested at once; their windows and records over the time from request to last window. */
    private static String run(SyncWellInstance app, int users, int days, HotSyncLoad hot) throws Exception {
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
        List<Duration> hotTimes = hot.times();
        return String.format(Locale.ROOT, """
                  %d user(s) at once: %d windows (%d succeeded) in %.1f s (requests answered in %d ms)
                    throughput           %.1f windows/s, %.0f records/s fetched, %.0f records/s written (%d fetched, %d written)
                    hot jobs meanwhile   %d, completion (ms) p50 %.0f  p95 %.0f  p99 %.0f  max %.0f
                """, users, windows, succeeded, seconds, requestTime.toMillis(), windows / seconds, fetched / seconds,
                written / seconds, fetched, written, hotTimes.size(), millis(hotTimes, 50), millis(hotTimes, 95),
                millis(hotTimes, 99), millis(hotTimes, 100));
    }

    private static double millis(List<Duration> times, double percentile) {
        return HotSyncLoad.percentile(times, percentile).toMillis();
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
}
