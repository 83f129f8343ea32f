package support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Users who keep syncing fresh weights (Fitbit → Google Fit) on the hot path, one sync after another, while something
 * else loads the app (a backfill): how long each of their jobs took from QUEUED to SUCCEEDED, and what went wrong.
 */
public final class HotSyncLoad {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Duration> times = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    private HotSyncLoad() {
    }

    /** Starts {@code users} new users syncing; each one's next sync is requested once its last one finished. */
    public static HotSyncLoad start(SyncWellInstance app, int users) {
        HotSyncLoad load = new HotSyncLoad();
        for (int i = 0; i < users; i++) {
            TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
            String connection = user.connect("fitbit", "googlefit", List.of("weight"));
            Thread thread = new Thread(() -> load.syncAgainAndAgain(app, user, connection), "hot-sync-load-" + i);
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
                ApiClient.Answer queued = user.api.post("/v1/connections/" + connection + "/sync", null);
                if (queued.status() != 202) {
                    failures.add("sync request answered " + queued.status() + ": " + queued.body());
                    continue;
                }
                String jobId = queued.json().at("/jobs/0/id").asText();
                JsonNode job = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> user.api.get("/v1/jobs/" + jobId).json(),
                                j -> List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(j.get("state").asText()));
                if (!job.get("state").asText().equals("SUCCEEDED")) {
                    failures.add(job.toString());
                    continue;
                }
                Map<String, Instant> reached = new HashMap<>();
                job.get("history").forEach(event -> reached.put(event.get("state").asText(), Instant.parse(event.get("at").asText())));
                times.add(Duration.between(reached.get("QUEUED"), reached.get("SUCCEEDED")));
            } catch (AssertionError | RuntimeException failed) {
                failures.add(failed.toString());
            }
        }
    }

    /** Forgets the times so far (a new phase of the load begins). */
    public void reset() {
        times.clear();
    }

    public List<Duration> times() {
        return new ArrayList<>(times);
    }

    public List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** Stops the users once their syncs in flight are done; answers the times of every sync they made. */
    public List<Duration> stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        return times();
    }

    /** The p-th percentile of the times (nearest rank). */
    public static Duration percentile(List<Duration> times, double p) {
        List<Duration> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Duration.ZERO
                : sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
