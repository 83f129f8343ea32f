package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One job per connection and data type at a time: a burst of sync requests and provider pushes for one connection
 * queues few jobs (those arriving while one waits to start join it) and runs them one after another, so a destination that keeps no client ids (Fitbit's activity logs) gets every
 * record once — where jobs planning against the same snapshot at once would each log it.
 */
@ExtendWith(SharedSyncWell.class)
class OneJobAtATimeTest {

    private static final int SYNC_REQUESTS = 10;
    private static final int PUSHES = 5;

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);

    @Test
    void tenSyncRequestsAndFivePushesWithinASecondWriteEveryWorkoutOnce() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "strava", "fitbit");
        String athlete = user.providerUser("strava");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(6, ChronoUnit.HOURS);
        app.sandbox().seed("strava", athlete, "activities", List.of(run(start, "Morning Run"),
                run(start.plus(2, ChronoUnit.HOURS), "Lunch Run"), run(start.plus(4, ChronoUnit.HOURS), "Evening Run")));
        String connection = user.connect("strava", "fitbit", List.of("activities"));
        List<String> activityIds = new ArrayList<>();
        app.sandbox().read("strava", athlete, "activities").forEach(a -> activityIds.add(a.get("id").asText()));

        // all at once: the sync requests and Strava's create and update events for the same activities
        ExecutorService burst = Executors.newFixedThreadPool(SYNC_REQUESTS + PUSHES);
        CountDownLatch go = new CountDownLatch(1);
        List<Instant> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < SYNC_REQUESTS; i++) {
            answers.add(burst.submit(() -> {
                go.await();
                sent.add(Instant.now());
                return user.api.post("/v1/connections/" + connection + "/sync", null).status();
            }));
        }
        for (int i = 0; i < PUSHES; i++) {
            String event = event(activityIds.get(i % activityIds.size()), i < activityIds.size() ? "create" : "update", athlete);
            answers.add(burst.submit(() -> {
                go.await();
                sent.add(Instant.now());
                return anonymous.send("POST", "/v1/webhooks/strava", event, "application/json").status();
            }));
        }
        go.countDown();
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isIn(200, 202);
        }
        burst.shutdown();
        assertThat(Duration.between(sent.stream().min(Instant::compareTo).orElseThrow(),
                sent.stream().max(Instant::compareTo).orElseThrow())).as("all sent within a second").isLessThan(Duration.ofSeconds(1));

        // a request or push finding a job of the type still waiting to start joins it rather than queuing another
        int queued = user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json().size();
        assertThat(queued).as("jobs for %d requests and pushes", SYNC_REQUESTS + PUSHES).isBetween(1, SYNC_REQUESTS + PUSHES - 1);
        JsonNode jobs = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json(),
                        all -> all.size() == queued && allFinished(all));
        jobs.forEach(job -> assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED"));

        // every workout once at Fitbit, and the jobs ran one after another
        JsonNode logged = app.sandbox().read("fitbit", user.providerUser("fitbit"), "activities");
        assertThat(logged).hasSize(3);
        List<Instant[]> runs = new ArrayList<>();
        jobs.forEach(job -> runs.add(ranFrom(job)));
        runs.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("job %d started after job %d ended", i, i - 1).isAfterOrEqualTo(runs.get(i - 1)[1]);
        }
        int written = 0;
        for (JsonNode job : jobs) {
            written += job.at("/counts/written").asInt();
        }
        assertThat(written).as("the first job wrote the three workouts; the others found them there").isEqualTo(3);
    }

    private static boolean allFinished(JsonNode jobs) {
        for (JsonNode job : jobs) {
            if (!List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(job.get("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** When the job's last attempt went IN_PROGRESS, and when it finished. */
    private static Instant[] ranFrom(JsonNode job) {
        Instant began = null;
        Instant ended = null;
        for (JsonNode event : job.get("history")) {
            String state = event.get("state").asText();
            if (state.equals("IN_PROGRESS")) {
                began = Instant.parse(event.get("at").asText());
            } else if (state.equals("SUCCEEDED")) {
                ended = Instant.parse(event.get("at").asText());
            }
        }
        return new Instant[] {began, ended};
    }

    private static String event(String activityId, String aspect, String owner) {
        return "{\"object_type\":\"activity\",\"object_id\":" + activityId + ",\"aspect_type\":\"" + aspect
                + "\",\"updates\":{},\"owner_id\":\"" + owner + "\",\"subscription_id\":120475,\"event_time\":"
                + Instant.now().getEpochSecond() + "}";
    }

    private static Map<String, Object> run(Instant start, String name) {
        List<Map<String, Object>> track = new ArrayList<>();
        for (int s = 0; s <= 1800; s += 10) {
            track.add(Map.of("time", start.plusSeconds(s).toString(), "latitude", 52.5145 + s * 0.00002,
                    "longitude", 13.3501 + s * 0.00001, "heartRate", 140.0, "distanceMetres", s * 2.8));
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(1800).toString(), "sport", "run", "name", name,
                "distanceMetres", 5040.0, "kilocalories", 360.0, "samples", track);
    }
}
