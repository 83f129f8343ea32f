package it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import state.AccountStore;
import state.Tables;
import support.ApiClient;
import support.SchedulingSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Syncs that run by themselves: two scheduler processes beside the API and the workers (tick 1 s) queue a PT10S
 * schedule's jobs — each period exactly once per data type, whichever replica claims it, also when one replica is killed
 * mid-run; data types are passed by with their reason (connection disabled, account to link again, previous job still
 * running); and the reconciliation pass brings data that reached the source late.
 */
@ExtendWith(SchedulingSyncWell.class)
class ScheduledSyncTest {

    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Pattern DUE = Pattern.compile("due (\\S+)$");

    private static final List<SyncWellProcess> SCHEDULERS = new ArrayList<>();
    private final SyncWellInstance app = SchedulingSyncWell.instance();

    @BeforeAll
    static void startTwoSchedulers() {
        SCHEDULERS.add(SchedulingSyncWell.startScheduler("scheduler-a"));
        SCHEDULERS.add(SchedulingSyncWell.startScheduler("scheduler-b"));
    }

    @AfterAll
    static void stopSchedulers() {
        SCHEDULERS.forEach(SyncWellProcess::close);
    }

    @Test
    void everyPeriodQueuesOneJobPerDataTypeWhicheverSchedulerClaimsItEvenWhenOneIsKilled() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user, Instant.now().minus(2, ChronoUnit.HOURS), 3);
        String connection = scheduled(user, List.of("steps", "weight"));

        // two periods with both schedulers, then one of them dies, then three more periods with the other
        awaitScheduled(user, connection, 4);
        SCHEDULERS.get(0).killHard();
        int killedAfter = scheduledJobs(user, connection).size();
        awaitScheduled(user, connection, killedAfter + 6);
        JsonNode jobs = awaitAllFinished(user, connection);

        for (String type : List.of("steps", "weight")) {
            List<JsonNode> ofType = new ArrayList<>();
            jobs.forEach(job -> {
                if (job.get("trigger").asText().equals("schedule") && job.get("dataType").asText().equals(type)) {
                    ofType.add(job);
                }
            });
            ofType.sort(Comparator.comparing(ScheduledSyncTest::dueAt));
            // the schedule goes on: the newest period's job may have been queued a moment ago and not have finished
            JsonNode newest = ofType.get(ofType.size() - 1);
            if (!newest.get("state").asText().equals("SUCCEEDED")) {
                assertThat(queuedAt(newest)).as(newest.toString()).isAfter(Instant.now().minusSeconds(5));
                ofType.remove(ofType.size() - 1);
            }
            assertThat(ofType).as("%s: scheduled jobs", type).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 0; i < ofType.size(); i++) {
                JsonNode job = ofType.get(i);
                assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
                assertThat(queuedAt(job)).as("queued by the tick after it fell due")
                        .isBetween(dueAt(job), dueAt(job).plus(Duration.ofSeconds(8)));
                if (i > 0) {
                    assertThat(Duration.between(dueAt(ofType.get(i - 1)), dueAt(job)))
                            .as("%s: one job a period, none missed, none twice", type).isEqualTo(PERIOD);
                    assertThat(ran(job)[0]).as("%s: one job at a time", type).isAfterOrEqualTo(ran(ofType.get(i - 1))[1]);
                }
            }
        }
        JsonNode status = user.api.get("/v1/connections/" + connection).json();
        assertThat(Instant.parse(status.get("nextSyncAt").asText())).isAfter(Instant.now().minus(PERIOD));
        assertThat(status.at("/status/weight/skipped").isMissingNode() || status.at("/status/weight/skipped").isNull()).isTrue();
        // the survivor keeps the schedule alone
        assertThat(SCHEDULERS.get(1).isAlive()).isTrue();
    }

    @Test
    void aDisabledConnectionAndAnAccountToLinkAgainArePassedByWithTheirReason() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        String connection = scheduled(user, List.of("weight"));
        user.api.patch("/v1/connections/" + connection, Map.of("enabled", false));
        awaitSkip(user, connection, "weight", "the connection is disabled"::equals);
        int queuedWhileDisabled = scheduledJobs(user, connection).size();

        user.api.patch("/v1/connections/" + connection, Map.of("enabled", true));
        awaitScheduled(user, connection, queuedWhileDisabled + 1);
        accounts().markNeedsReauth(user.id, "fitbit", "fitbit refused to renew SyncWell's access");
        awaitSkip(user, connection, "weight", "the fitbit account needs to be linked again"::equals);
    }

    @Test
    void aScheduledSyncStillRunningWhenTheNextPeriodComesIsNotQueuedAgain() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user, Instant.now().minus(2, ChronoUnit.HOURS), 2);
        // the first scheduled sync hangs on Fitbit for two periods
        app.sandbox().fault("fitbit", user.providerUser("fitbit"), Map.of("delayMillis", 25_000, "count", 1));
        String connection = scheduled(user, List.of("weight"));
        awaitSkip(user, connection, "weight", reason -> reason.matches("the job \\S+ of the previous run is still (QUEUED|IN_PROGRESS)"));
        assertThat(scheduledJobs(user, connection)).as("no pile-up behind the slow provider").hasSize(1);
    }

    /**
     * A weight that reached Fitbit two days late (the scale uploaded it then): the hot path never looks that far back,
     * the reconciliation pass does — and writes it once.
     */
    @Test
    void dataThatReachedTheSourceLateArrivesWithTheReconciliationExactlyOnce() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        seedWeights(user, Instant.now().minus(3, ChronoUnit.HOURS), 2);
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        SyncScenario.syncAndWait(user, connection);
        Instant cursor = Instant.parse(user.api.get("/v1/connections/" + connection).json().at("/status/weight/lastSyncTime").asText());

        Instant late = cursor.truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
        app.sandbox().seedWeight("fitbit", user.providerUser("fitbit"), List.of(Map.of("time", late.toString(), "kg", 70.9)));
        SyncScenario.syncAndWait(user, connection);
        assertThat(weightsAt(user, "googlefit")).as("a hot sync looks back an hour, not two days").doesNotContain(late + "=70.9");
        String cursorNow = user.api.get("/v1/connections/" + connection).json().at("/status/weight/lastSyncTime").asText();

        List<JsonNode> reconciled = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> reconciliations(user, connection), jobs -> !jobs.isEmpty()
                        && jobs.stream().allMatch(job -> job.get("state").asText().equals("SUCCEEDED")));
        assertThat(reconciled).allSatisfy(job -> assertThat(job.get("path").asText()).isEqualTo("cold"));
        assertThat(reconciled.stream().mapToInt(job -> job.at("/counts/written").asInt()).sum())
                .as("the late weight written once, by the first pass").isEqualTo(1);
        assertThat(weightsAt(user, "googlefit")).as("every weight once, the late one too")
                .containsExactlyInAnyOrderElementsOf(weightsAt(user, "fitbit"));
        assertThat(user.api.get("/v1/connections/" + connection).json().at("/status/weight/lastSyncTime").asText())
                .as("a reconciliation never moves the cursor").isEqualTo(cursorNow);
    }

    private String scheduled(TestUser user, List<String> types) {
        ApiClient.Answer created = user.api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", types, "schedule", PERIOD.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private void seedWeights(TestUser user, Instant from, int count) {
        List<Map<String, Object>> weights = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            weights.add(Map.of("time", from.truncatedTo(ChronoUnit.SECONDS).plus(i * 20L, ChronoUnit.MINUTES).toString(),
                    "kg", 70.0 + i / 10.0));
        }
        app.sandbox().seedWeight("fitbit", user.providerUser("fitbit"), weights);
    }

    private List<String> weightsAt(TestUser user, String provider) {
        List<String> weights = new ArrayList<>();
        app.sandbox().weight(provider, user.providerUser(provider))
                .forEach(w -> weights.add(Instant.parse(w.get("time").asText()) + "=" + w.get("kg").asDouble()));
        return weights;
    }

    private static List<JsonNode> scheduledJobs(TestUser user, String connection) {
        List<JsonNode> scheduled = new ArrayList<>();
        user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json().forEach(job -> {
            if (job.get("trigger").asText().equals("schedule")) {
                scheduled.add(job);
            }
        });
        return scheduled;
    }

    private static void awaitScheduled(TestUser user, String connection, int jobs) {
        await().atMost(PERIOD.multipliedBy(jobs + 3)).pollInterval(Duration.ofMillis(500))
                .until(() -> scheduledJobs(user, connection).size() >= jobs);
    }

    private static JsonNode awaitAllFinished(TestUser user, String connection) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json(), jobs -> {
                    for (JsonNode job : jobs) {
                        if (!job.get("state").asText().equals("SUCCEEDED") && job.get("trigger").asText().equals("schedule")
                                && queuedAt(job).isBefore(Instant.now().minusSeconds(1))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Waits until the scheduler's reason for passing the type by, on the connection's status, is the one expected. */
    private static void awaitSkip(TestUser user, String connection, String type, java.util.function.Predicate<String> expected) {
        await().atMost(PERIOD.multipliedBy(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.api.get("/v1/connections/" + connection).json().at("/status/" + type + "/skipped/reason"),
                        reason -> reason.isTextual() && expected.test(reason.asText()));
    }

    private static List<JsonNode> reconciliations(TestUser user, String connection) {
        List<JsonNode> reconciliations = new ArrayList<>();
        user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json().forEach(job -> {
            if (job.get("trigger").asText().equals("reconcile")) {
                reconciliations.add(job);
            }
        });
        return reconciliations;
    }

    private AccountStore accounts() {
        return new AccountStore(app.dynamo(), Tables.withPrefix("syncwell-"));
    }

    /** The run a scheduled job is for, as its QUEUED entry names it. */
    private static Instant dueAt(JsonNode job) {
        Matcher due = DUE.matcher(job.get("history").get(0).get("detail").asText());
        assertThat(due.find()).as(job.toString()).isTrue();
        return Instant.parse(due.group(1));
    }

    private static Instant queuedAt(JsonNode job) {
        return Instant.parse(job.get("history").get(0).get("at").asText());
    }

    /** When the job's last attempt went IN_PROGRESS, and when it finished. */
    private static Instant[] ran(JsonNode job) {
        Map<String, Instant> last = new HashMap<>();
        job.get("history").forEach(event -> last.put(event.get("state").asText(), Instant.parse(event.get("at").asText())));
        return new Instant[] {last.get("IN_PROGRESS"), last.get("SUCCEEDED")};
    }
}
