package it;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.HotSyncLoad;
import support.SchedulingSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cold path: {@code POST /v1/connections/{id}/backfill} splits history into windows the providers serve in one
 * job, the cold workers run them through the same worker route while hot syncs of other users go on, the destination
 * ends up holding exactly the source's data of the period, progress counts windows from 0 to all, and a cancelled
 * backfill stops where it is.
 */
@ExtendWith(SchedulingSyncWell.class)
class BackfillTest {

    private final SyncWellInstance app = SchedulingSyncWell.instance();

    @Test
    void fourHundredDaysOfFitbitStepsAndWeightsReachGoogleFitWhileHotSyncsOfOthersGoOn() throws Exception {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        // the destination starts empty, so that it can be compared with the source; Fitbit keeps its 400 days
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        SyncScenario.syncAndWait(user, connection);
        JsonNode cursors = user.api.get("/v1/connections/" + connection).json().get("status");
        Instant from = LocalDate.now(ZoneOffset.UTC).minusDays(400).atStartOfDay(ZoneOffset.UTC).toInstant();

        HotSyncLoad others = HotSyncLoad.start(app, 3);
        JsonNode accepted = requestBackfill(user, connection, Map.of("from", from.toString()));
        String backfill = accepted.get("backfillId").asText();
        JsonNode jobs = accepted.get("jobs");
        long stepWindows = count(jobs, "steps");
        assertThat(stepWindows).as("one window a day of minute steps (Fitbit's intraday limit)").isBetween(400L, 401L);
        assertThat(count(jobs, "weight")).as("30 days of weights a window (Google Fit's; Fitbit serves 31)")
                .isEqualTo((long) Math.ceil(stepWindows / 30.0));
        jobs.forEach(job -> assertThat(job.get("state").asText()).isEqualTo("QUEUED"));

        List<Integer> progress = Collections.synchronizedList(new ArrayList<>());
        JsonNode done = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> user.api.get("/v1/backfills/" + backfill).json(), view -> {
                    progress.add(view.at("/windows/succeeded").asInt());
                    return !view.get("state").asText().equals("running");
                });
        List<Duration> hotJobTimes = others.stop();
        assertThat(others.failures()).as("every hot sync of the others succeeded").isEmpty();

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.at("/windows/total").asInt()).isEqualTo(jobs.size());
        assertThat(done.at("/windows/succeeded").asInt()).isEqualTo(jobs.size());
        assertThat(done.at("/windows/failed").asInt()).isZero();
        assertThat(done.at("/windows/queued").asInt()).isZero();
        assertThat(progress).as("progress only moves forward").isSorted();
        assertThat(progress.get(0)).isLessThan(jobs.size() / 2);
        Instant to = Instant.parse(done.get("to").asText());
        assertThat(done.get("finishedAt").isTextual()).isTrue();

        // exactly the source's data for the period at the destination
        for (String type : List.of("steps", "weight")) {
            assertThat(entries(type, app.sandbox().read("googlefit", user.providerUser("googlefit"), type, from, to)))
                    .as("%s at Google Fit", type)
                    .containsExactlyInAnyOrderElementsOf(entries(type, app.sandbox().read("fitbit", user.providerUser("fitbit"), type, from, to)));
        }
        assertThat(to).as("up to the earliest cursor").isEqualTo(java.util.stream.Stream.of("steps", "weight")
                .map(type -> Instant.parse(cursors.at("/" + type + "/lastSyncTime").asText())).min(Instant::compareTo).orElseThrow());
        JsonNode after = user.api.get("/v1/connections/" + connection).json().get("status");
        for (String type : List.of("steps", "weight")) {
            assertThat(after.at("/" + type + "/lastSyncTime")).as("a backfill never moves the cursor")
                    .isEqualTo(cursors.at("/" + type + "/lastSyncTime"));
        }
        assertThat(hotJobTimes).as("the other users' hot syncs went on").hasSizeGreaterThan(5);
        System.out.printf("backfill of %d windows: %s; hot jobs meanwhile: %d, p50 %d ms, max %d ms%n", jobs.size(),
                done.get("counts"), hotJobTimes.size(), HotSyncLoad.percentile(hotJobTimes, 50).toMillis(),
                HotSyncLoad.percentile(hotJobTimes, 100).toMillis());

        // requested again for the same period: every window runs, and writes nothing
        String again = requestBackfill(user, connection, Map.of("from", from.toString(), "to", to.toString(),
                "dataTypes", List.of("weight"))).get("backfillId").asText();
        JsonNode second = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> user.api.get("/v1/backfills/" + again).json(), view -> !view.get("state").asText().equals("running"));
        assertThat(second.get("state").asText()).isEqualTo("succeeded");
        assertThat(second.at("/counts/written").asInt()).isZero();
        JsonNode listed = user.api.get("/v1/connections/" + connection + "/backfills").json();
        assertThat(listed.get(0).get("id").asText()).as("newest first").isEqualTo(again);
        assertThat(listed.get(1).get("id").asText()).isEqualTo(backfill);
    }

    @Test
    void aCancelledBackfillStopsWhereItIs() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));
        Instant from = LocalDate.now(ZoneOffset.UTC).minusDays(300).atStartOfDay(ZoneOffset.UTC).toInstant();
        JsonNode accepted = requestBackfill(user, connection, Map.of("from", from.toString()));
        String backfill = accepted.get("backfillId").asText();
        List<String> jobIds = new ArrayList<>();
        accepted.get("jobs").forEach(job -> jobIds.add(job.get("id").asText()));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.api.get("/v1/backfills/" + backfill).json().at("/windows/succeeded").asInt() >= 20);

        ApiClient.Answer cancelled = user.api.delete("/v1/backfills/" + backfill);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.api.get("/v1/backfills/" + backfill).json().at("/windows/queued").asInt() == 0);
        // the windows that never ran stay that way: every job of the backfill is finished, none runs again
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> states(user, jobIds).stream().allMatch(state -> List.of("SUCCEEDED", "CANCELLED").contains(state)));
        JsonNode stopped = user.api.get("/v1/backfills/" + backfill).json();
        int ran = stopped.at("/windows/succeeded").asInt();
        assertThat(ran).as("halfway: some windows ran, most did not").isBetween(20, 250);
        assertThat(states(user, jobIds).stream().filter("SUCCEEDED"::equals)).hasSize(ran);
        assertThat(stopped.at("/windows/cancelled").asInt()).isEqualTo(stopped.at("/windows/total").asInt() - ran);
        assertThat(stopped.at("/windows/queued").asInt()).isZero();
        assertThat(stopped.get("finishedAt").isTextual()).isTrue();
        assertThat(user.api.delete("/v1/backfills/" + backfill).status()).as("cancelling again changes nothing").isEqualTo(200);
    }

    /**
     * Cold never starves hot: with Fitbit's per-user budget cut to 24 calls a window (four seconds here, an hour at
     * Fitbit), the backfill's cold jobs stop at their half and wait for the window to reset, while the same user's hot
     * syncs find the other half there every time.
     */
    @Test
    void coldJobsLeaveHalfOfTheProvidersRateBudgetToHotSyncs() throws Exception {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        app.sandbox().wipe("googlefit", user.providerUser("googlefit"));
        String steps = user.connect("fitbit", "googlefit", List.of("steps"));
        String weights = user.connect("fitbit", "googlefit", List.of("weight"));
        app.sandbox().rateLimit("fitbit", Map.of("perHour", 24, "windowSeconds", 4));
        try {
            // 25 days of steps are 26 one-day windows, a Fitbit call each: more than two windows' cold halves (12 calls
            // each). Only jobs spread over more than 4 s could touch three windows and never fill one; the cold worker
            // runs them many times faster, so some must wait for a reset
            Instant from = LocalDate.now(ZoneOffset.UTC).minusDays(25).atStartOfDay(ZoneOffset.UTC).toInstant();
            String backfill = requestBackfill(user, steps, Map.of("from", from.toString(), "to", Instant.now().toString()))
                    .get("backfillId").asText();
            List<JsonNode> hot = new ArrayList<>();
            JsonNode done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                // a fresh sync of the same Fitbit account every two seconds meanwhile
                hot.add(SyncScenario.syncAndWait(user, weights).get("weight"));
                return user.api.get("/v1/backfills/" + backfill).json();
            }, view -> !view.get("state").asText().equals("running"));

            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            boolean coldWaited = false;
            for (JsonNode job : user.api.get("/v1/connections/" + steps + "/jobs?limit=100").json()) {
                for (JsonNode event : job.get("history")) {
                    coldWaited |= event.get("state").asText().equals("DEFERRED")
                            && event.get("detail").asText().contains("the cold path leaves the last 12 of 24 calls");
                }
            }
            assertThat(coldWaited).as("cold jobs waited for the window to reset").isTrue();
            assertThat(hot).isNotEmpty().allSatisfy(job -> {
                assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
                assertThat(SyncScenario.states(job)).as("never rate limited: %s", job).doesNotContain("DEFERRED");
            });
        } finally {
            app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000, "windowSeconds", 0));
        }
    }

    @Test
    void aBackfillRequestIsCheckedFieldByFieldAndOnlyItsOwnerSeesIt() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        String path = "/v1/connections/" + connection + "/backfill";
        Map<String, Object> inverted = Map.of("from", "2026-01-10", "to", "2026-01-01");
        Map<String, Object> tooLong = Map.of("from", "2020-01-01", "to", "2026-01-01");
        assertProblem(user.api.post(path, inverted), 400, "'from'");
        assertProblem(user.api.post(path, tooLong), 400, "P730D");
        assertProblem(user.api.post(path, Map.of("from", "last year")), 400, "'from'");
        assertProblem(user.api.post(path, Map.of("to", "2026-01-01")), 400, "'from'");
        assertProblem(user.api.post(path, Map.of("from", "2026-01-01", "dataTypes", List.of("steps"))), 400, "dataTypes");
        assertProblem(user.api.post(path, Map.of("from", "2026-01-01", "window", "P1D")), 400, "window");
        assertProblem(user.api.post("/v1/connections/no-such-connection/backfill", Map.of("from", "2026-01-01")), 404, "");

        String backfill = requestBackfill(user, connection, Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-03-01T00:00:00Z"))
                .get("backfillId").asText();
        JsonNode view = user.api.get("/v1/backfills/" + backfill).json();
        assertThat(view.get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(view.get("to").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(view.at("/windows/total").asInt()).as("59 days of weight in 30-day windows").isEqualTo(2);
        TestUser stranger = TestUser.linkedWithNoData(app, "fitbit");
        assertThat(stranger.api.get("/v1/backfills/" + backfill).status()).isEqualTo(404);
        assertThat(stranger.api.delete("/v1/backfills/" + backfill).status()).isEqualTo(404);
        assertThat(stranger.api.get("/v1/connections/" + connection + "/backfills").status()).isEqualTo(404);
    }

    private static JsonNode requestBackfill(TestUser user, String connection, Map<String, Object> body) {
        ApiClient.Answer accepted = user.api.post("/v1/connections/" + connection + "/backfill", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json();
    }

    private static void assertProblem(ApiClient.Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asText()).contains(detail);
    }

    private static List<String> states(TestUser user, List<String> jobIds) {
        return jobIds.stream().map(id -> user.api.get("/v1/jobs/" + id).json().get("state").asText()).toList();
    }

    private static long count(JsonNode jobs, String type) {
        long count = 0;
        for (JsonNode job : jobs) {
            count += job.get("dataType").asText().equals(type) ? 1 : 0;
        }
        return count;
    }

    private static List<String> entries(String type, JsonNode entries) {
        List<String> values = new ArrayList<>();
        entries.forEach(e -> values.add(type.equals("steps")
                ? Instant.parse(e.get("start").asText()) + "/" + Instant.parse(e.get("end").asText()) + "=" + e.get("count").asLong()
                : Instant.parse(e.get("time").asText()) + "=" + e.get("kg").asDouble()));
        return values;
    }
}
