package it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import support.PrometheusText;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strava counts calls per application. With its quota cut to 100 reads per two-second window (Strava: 100 per 15
 * minutes) and SyncWell's app quota set a little below it (90), 200 users sync five times each, all of a round's syncs
 * requested at once: the jobs draw from the shared quota, those that would exceed it wait for a window with room
 * before calling, and Strava answers (almost) no call with a 429.
 */
class AppQuotaTest {

    private static final int USERS = 200;
    private static final int ROUNDS = 5;
    private static final int CLIENTS = 8;

    @Test
    void aThousandJobsOfTwoHundredUsersShareStravasApplicationQuotaWithoutA429() throws Exception {
        Path dataDir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("app-quota-" + System.currentTimeMillis());
        try (SyncWellInstance app = new SyncWellInstance("syncwell-app-quota", dataDir, Map.of(
                "syncwell.provider.strava.app-quota", "90/PT2S,1000000/P1D",
                "syncwell.provider.strava.rate-limit-window", "PT2S")).start()) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Connection> connections = all(clients, java.util.stream.IntStream.range(0, USERS).boxed().toList(), i -> {
                TestUser user = TestUser.linkedWithNoData(app, "strava", "googlefit");
                return new Connection(user, user.connect("strava", "googlefit", List.of("activities")));
            });
            app.sandbox().rateLimit("strava", Map.of("per15Minutes", 200, "readPer15Minutes", 100, "windowSeconds", 2));
            PrometheusText before = app.metrics();
            long started = System.nanoTime();

            List<JsonNode> jobs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Job> queued = all(clients, connections, c -> new Job(c.user, SyncScenario.requestSync(c.user, c.id).get(0)));
                jobs.addAll(awaitFinished(queued));
            }
            PrometheusText after = app.metrics();

            double ok = calls(after, "200") - calls(before, "200");
            double tooMany = calls(after, "429") - calls(before, "429");
            long waitedForQuota = jobs.stream().filter(job -> SyncScenario.states(job).contains("DEFERRED")
                    && job.get("history").toString().contains("our application's 90 calls per PT2S")).count();
            System.out.printf("app quota: %d jobs of %d users in %d s, strava calls answered 200: %.0f, 429: %.0f; jobs that"
                    + " waited for the quota: %d%n", jobs.size(), USERS, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                    ok, tooMany, waitedForQuota);

            assertThat(jobs).hasSize(USERS * ROUNDS)
                    .allSatisfy(job -> assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED"));
            assertThat(ok).as("a Strava call per job at least").isGreaterThanOrEqualTo(USERS * ROUNDS);
            assertThat(waitedForQuota).as("the quota held jobs back: the test loads Strava past it").isPositive();
            assertThat(tooMany).as("429s among %.0f calls", ok).isLessThanOrEqualTo(ok / 1000);
            clients.shutdown();
        }
    }

    private record Connection(TestUser user, String id) {
    }

    private record Job(TestUser user, String id) {
    }

    /** Polls the unfinished jobs until every one has SUCCEEDED or was dead-lettered; answers their records. */
    private static List<JsonNode> awaitFinished(List<Job> queued) {
        Map<String, Job> waiting = new HashMap<>();
        queued.forEach(job -> waiting.put(job.id(), job));
        List<JsonNode> finished = new ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (Job job : List.copyOf(waiting.values())) {
                JsonNode record = job.user().api.get("/v1/jobs/" + job.id()).json();
                if (List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(record.get("state").asText())) {
                    finished.add(record);
                    waiting.remove(job.id());
                }
            }
            return waiting.isEmpty();
        });
        return finished;
    }

    private static <T, R> List<R> all(ExecutorService pool, List<T> items, Function<T, R> task) throws Exception {
        List<Future<R>> futures = new ArrayList<>();
        items.forEach(item -> futures.add(pool.submit(() -> task.apply(item))));
        List<R> results = new ArrayList<>();
        for (Future<R> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private static double calls(PrometheusText metrics, String status) {
        return metrics.sum("syncwell_provider_calls_seconds_count", l -> l.get("provider").equals("strava")
                && l.get("status").equals(status));
    }
}
