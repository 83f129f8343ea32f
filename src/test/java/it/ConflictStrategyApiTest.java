package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.states;
import static it.SyncScenario.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 through the API: a conflict strategy per data type beside the connection's, and dry runs that plan a
 * sync without writing — their plan the same one the real sync then carries out. Fitbit → Google Fit, with the
 * sandbox seeded so that each plan is known.
 */
@ExtendWith(SharedSyncWell.class)
class ConflictStrategyApiTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private TestUser user;
    private String fitbitUser;
    private String googleUser;

    @BeforeEach
    void linkedUserWithKnownData() {
        user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        fitbitUser = user.providerUser("fitbit");
        googleUser = user.providerUser("googlefit");
    }

    @Test
    void perTypeStrategiesAreCheckedStoredAndShown() {
        ApiClient api = user.api;
        Map<String, Object> connection = new HashMap<>(Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("steps", "weight"), "conflictStrategy", "PRIORITIZE_SOURCE"));

        assertProblemNaming(api.post("/v1/connections", with(connection, Map.of("sleep", "PRIORITIZE_DESTINATION"))),
                "conflictStrategies.sleep");
        assertProblemNaming(api.post("/v1/connections", with(connection, Map.of("calories", "PRIORITIZE_DESTINATION"))),
                "conflictStrategies.calories");
        assertProblemNaming(api.post("/v1/connections", with(connection, Map.of("weight", "NEWEST_WINS"))),
                "conflictStrategies.weight");
        assertProblemNaming(api.post("/v1/connections", with(connection, Map.of("weight", 2))), "conflictStrategies.weight");
        assertProblemNaming(api.post("/v1/connections", with(connection, "PRIORITIZE_DESTINATION")), "conflictStrategies");

        ApiClient.Answer created = api.post("/v1/connections", with(connection, Map.of("weight", "PRIORITIZE_DESTINATION")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode read = api.get("/v1/connections/" + id).json();
        assertThat(read.get("conflictStrategy").asText()).isEqualTo("PRIORITIZE_SOURCE");
        assertThat(read.get("conflictStrategies").toString()).isEqualTo("{\"weight\":\"PRIORITIZE_DESTINATION\"}");

        // PATCH replaces the overrides as a whole, checked against the data types the connection syncs after it
        assertProblemNaming(api.patch("/v1/connections/" + id, Map.of("conflictStrategies", Map.of("heart_rate",
                "PRIORITIZE_SOURCE"))), "conflictStrategies.heart_rate");
        assertThat(api.get("/v1/connections/" + id).json().get("conflictStrategies").toString())
                .as("a refused PATCH changes nothing").isEqualTo("{\"weight\":\"PRIORITIZE_DESTINATION\"}");
        JsonNode patched = api.patch("/v1/connections/" + id, Map.of("dataTypes", List.of("steps", "weight", "heart_rate"),
                "conflictStrategies", Map.of("heart_rate", "PRIORITIZE_DESTINATION", "steps", "MERGE_INTELLIGENTLY"))).json();
        assertThat(patched.get("conflictStrategies").toString())
                .isEqualTo("{\"steps\":\"MERGE_INTELLIGENTLY\",\"heart_rate\":\"PRIORITIZE_DESTINATION\"}");
        // a data type no longer synced takes its override with it
        JsonNode narrowed = api.patch("/v1/connections/" + id, Map.of("dataTypes", List.of("steps", "weight"))).json();
        assertThat(narrowed.get("conflictStrategies").toString()).isEqualTo("{\"steps\":\"MERGE_INTELLIGENTLY\"}");
        Map<String, Object> clear = new HashMap<>();
        clear.put("conflictStrategies", null);
        assertThat(api.patch("/v1/connections/" + id, clear).json().get("conflictStrategies").toString()).isEqualTo("{}");
        assertThat(api.get("/v1/connections/" + id).json().get("conflictStrategies").toString()).isEqualTo("{}");
    }

    @Test
    void aDataTypesOwnStrategyDecidesItsConflicts() {
        Instant halfAnHourAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
        Instant weighedAt = halfAnHourAgo.plusSeconds(11);
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(halfAnHourAgo, 54, 61, 112));
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", weighedAt.toString(), "kg", 72.4)));
        ApiClient.Answer created = user.api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("steps", "weight"), "conflictStrategy", "PRIORITIZE_SOURCE",
                "conflictStrategies", Map.of("weight", "PRIORITIZE_DESTINATION")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connection = created.json().get("id").asText();
        syncAndWait(user, connection);
        assertThat(sandbox.weight("googlefit", googleUser)).extracting(w -> w.get("kg").asDouble()).containsExactly(72.4);

        // both values change at Fitbit after the first sync: more steps in the first minute, a corrected weighing
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(halfAnHourAgo, 18));
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", weighedAt.toString(), "kg", 72.9)));
        Map<String, JsonNode> second = syncAndWait(user, connection);

        // steps: PRIORITIZE_SOURCE, so Google Fit now says what Fitbit says
        assertThat(Samples.stepTriples(sandbox.steps("googlefit", googleUser)))
                .containsExactlyElementsOf(Samples.stepTriples(sandbox.steps("fitbit", fitbitUser)))
                .contains(halfAnHourAgo + "/" + halfAnHourAgo.plus(1, ChronoUnit.MINUTES) + "=" + (54 + 18));
        assertThat(second.get("steps").get("counts").get("written").asInt()).isEqualTo(1);
        // weight: its own PRIORITIZE_DESTINATION keeps what Google Fit has
        assertThat(sandbox.weight("googlefit", googleUser)).extracting(w -> w.get("kg").asDouble()).containsExactly(72.4);
        JsonNode weightJob = second.get("weight");
        assertThat(weightJob.get("counts").get("written").asInt()).isZero();
        assertThat(weightJob.get("counts").get("skipped").asInt()).isEqualTo(1);
        assertThat(lastDetail(weightJob)).contains("PRIORITIZE_DESTINATION");

        // without the override the connection's PRIORITIZE_SOURCE applies to weight too
        Map<String, Object> clear = new HashMap<>();
        clear.put("conflictStrategies", null);
        assertThat(user.api.patch("/v1/connections/" + connection, clear).status()).isEqualTo(200);
        syncAndWait(user, connection);
        assertThat(sandbox.weight("googlefit", googleUser)).extracting(w -> w.get("kg").asDouble()).containsExactly(72.9);
    }

    @Test
    void aDryRunWritesNothingAndTheRealRunCarriesOutTheSamePlan() {
        Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.DAYS);
        sandbox.seedSteps("fitbit", fitbitUser, Samples.minutes(twoDaysAgo, 412, 388, 0, 97));
        Instant morning = twoDaysAgo.plusSeconds(3 * 3600 + 11);
        Instant nextMorning = twoDaysAgo.plus(1, ChronoUnit.DAYS).plusSeconds(17);
        sandbox.seedWeight("fitbit", fitbitUser, List.of(Map.of("time", morning.toString(), "kg", 81.2),
                Map.of("time", nextMorning.toString(), "kg", 80.9)));
        // the Fit app logged the same morning differently: a record of another app, so it cannot be overwritten
        sandbox.seedWeight("googlefit", googleUser, List.of(Map.of("time", morning.toString(), "kg", 81.5)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps", "weight"));
        JsonNode googleWeightBefore = sandbox.weight("googlefit", googleUser);

        ApiClient.Answer dryRun = user.api.post("/v1/connections/" + connection + "/sync", Map.of("dryRun", true));

        // answered at once (no API thread waits for a plan); the plans show on the jobs once they finished
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(202);
        Map<String, JsonNode> planned = new HashMap<>();
        for (JsonNode queued : dryRun.json().get("jobs")) {
            JsonNode job = SyncScenario.awaitFinished(user, queued.get("id").asText());
            planned.put(job.get("dataType").asText(), job);
        }
        assertThat(planned.keySet()).containsExactlyInAnyOrder("steps", "weight");
        planned.values().forEach(job -> {
            assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(job.get("plan").get("digest").asText()).matches("[0-9a-f]{16,}");
        });
        assertThat(counts(planned.get("steps").get("plan"))).isEqualTo("create 3, replace 0, merge 0, skip 0");
        assertThat(counts(planned.get("weight").get("plan"))).isEqualTo("create 1, replace 0, merge 0, skip 1");
        assertThat(planned.get("weight").get("plan").get("items")).hasSize(2);
        assertThat(planned.get("weight").get("plan").toString()).doesNotContain("81.2").doesNotContain("80.9");

        // nothing written, the cursor where it was, and the job says what it was
        assertThat(sandbox.steps("googlefit", googleUser)).isEmpty();
        assertThat(sandbox.weight("googlefit", googleUser)).isEqualTo(googleWeightBefore);
        JsonNode status = user.api.get("/v1/connections/" + connection).json().get("status");
        for (String type : List.of("steps", "weight")) {
            assertThat(status.get(type).get("lastSyncTime").isNull()).as("cursor of %s: %s", type, status).isTrue();
            JsonNode job = user.api.get("/v1/jobs/" + planned.get(type).get("id").asText()).json();
            assertThat(job.get("dryRun").asBoolean()).isTrue();
            assertThat(states(job)).containsSubsequence("QUEUED", "IN_PROGRESS", "SUCCEEDED");
            assertThat(lastDetail(job)).isEqualTo("dry run: nothing written");
            assertThat(job.get("counts").get("written").asInt()).isZero();
            assertThat(job.get("plan")).isEqualTo(planned.get(type).get("plan"));
        }

        Map<String, JsonNode> real = syncAndWait(user, connection);

        for (String type : List.of("steps", "weight")) {
            JsonNode job = real.get(type);
            assertThat(job.get("dryRun").asBoolean()).isFalse();
            assertThat(job.get("plan").get("digest").asText()).as("plan of %s", type)
                    .isEqualTo(planned.get(type).get("plan").get("digest").asText());
            assertThat(counts(job.get("plan"))).isEqualTo(counts(planned.get(type).get("plan")));
            assertThat(job.get("counts").get("merged").asInt()).isZero();
        }
        assertThat(real.get("steps").get("counts").get("written").asInt()).isEqualTo(3);
        assertThat(real.get("weight").get("counts").get("written").asInt()).isEqualTo(1);
        assertThat(Samples.stepTriples(sandbox.steps("googlefit", googleUser)))
                .containsExactlyElementsOf(Samples.stepTriples(sandbox.steps("fitbit", fitbitUser)));
        assertThat(sandbox.weight("googlefit", googleUser)).extracting(w -> w.get("kg").asDouble())
                .containsExactly(81.5, 80.9);
        assertThat(user.api.get("/v1/connections/" + connection).json().get("status").get("steps").get("lastSyncTime")
                .isNull()).isFalse();
    }

    @Test
    void aDryRunAsksForABoolean() {
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        assertProblemNaming(user.api.post("/v1/connections/" + connection + "/sync", Map.of("dryRun", "perhaps")), "dryRun");
    }

    private static Map<String, Object> with(Map<String, Object> connection, Object strategies) {
        Map<String, Object> body = new HashMap<>(connection);
        body.put("conflictStrategies", strategies);
        return body;
    }

    private static void assertProblemNaming(ApiClient.Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asText()).contains(field);
    }

    /** The plan's counts, as the summary gives them. */
    private static String counts(JsonNode plan) {
        return "create " + plan.get("create").asInt() + ", replace " + plan.get("replace").asInt() + ", merge "
                + plan.get("merge").asInt() + ", skip " + plan.get("skip").asInt();
    }

    private static String lastDetail(JsonNode job) {
        JsonNode history = job.get("history");
        return history.get(history.size() - 1).get("detail").asText();
    }

    /**
     * Garmin's 15-minute epochs into Google Fit, where the phone already counted some of those minutes: the epoch over
     * the phone's minutes is skipped with its reason instead of being counted on top of them; the next one is written.
     */
    @Test
    void anEpochOverStepsTheDestinationCountedMinuteByMinuteIsNotCountedTwice() {
        TestUser garminUser = TestUser.linkedWithNoData(app, "garmin", "googlefit");
        String phoneUser = garminUser.providerUser("googlefit");
        Instant quarter = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        sandbox.seedSteps("googlefit", phoneUser, Samples.minutes(quarter.plus(4, ChronoUnit.MINUTES), 61, 58));
        List<String> phone = Samples.stepTriples(sandbox.steps("googlefit", phoneUser));
        sandbox.seedSteps("garmin", garminUser.providerUser("garmin"), List.of(
                Map.of("start", quarter.toString(), "end", quarter.plus(15, ChronoUnit.MINUTES).toString(), "count", 1210),
                Map.of("start", quarter.plus(15, ChronoUnit.MINUTES).toString(), "end", quarter.plus(30, ChronoUnit.MINUTES).toString(),
                        "count", 830)));
        String connection = garminUser.connect("garmin", "googlefit", List.of("steps"));

        JsonNode job = syncAndWait(garminUser, connection).get("steps");

        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("counts").get("written").asInt()).isEqualTo(1);
        assertThat(job.get("plan").get("skipReasons").toString()).contains("intervals of another length");
        List<String> expected = new ArrayList<>(phone);
        expected.add(quarter.plus(15, ChronoUnit.MINUTES) + "/" + quarter.plus(30, ChronoUnit.MINUTES) + "=830");
        assertThat(Samples.stepTriples(sandbox.steps("googlefit", phoneUser))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(syncAndWait(garminUser, connection).get("steps").get("counts").get("written").asInt())
                .as("a re-run writes nothing").isZero();
    }
}
