package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MERGE_INTELLIGENTLY through the HTTP API, sandbox to sandbox: a runner's chest-strap recording (heart rate only,
 * synced from Strava to Wahoo earlier) and the watch's recording of the same run (GPS only, at Garmin) become one
 * workout at Wahoo, whose FIT file holds Garmin's track and the strap's heart rate; the job record says which side gave
 * which field, and a second sync changes nothing.
 */
@ExtendWith(SharedSyncWell.class)
class ActivityMergeTest {

    private static final int HALF_HOUR = 1800;

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    @Test
    void gpsFromOneDeviceAndHeartRateFromAnotherBecomeOneWorkout() {
        TestUser user = TestUser.linkedTo(app, "strava", "garmin", "wahoo");
        String wahooUser = user.providerUser("wahoo");
        List.of("strava", "garmin", "wahoo").forEach(p -> sandbox.wipe(p, user.providerUser(p)));
        Instant strapStart = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.HOURS);

        // the strap's run reaches Wahoo through an earlier connection, since deleted (the runner moved to a Garmin watch)
        sandbox.seed("strava", user.providerUser("strava"), "activities", List.of(strapRun(strapStart)));
        String fromStrava = user.connect("strava", "wahoo", List.of("activities"));
        assertThat(SyncScenario.syncAndWait(user, fromStrava).get("activities").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(user.api.delete("/v1/connections/" + fromStrava).status()).isEqualTo(204);
        assertThat(sandbox.read("wahoo", wahooUser, "activities")).hasSize(1);

        // the watch started 20 s later and recorded the track without heart rate
        Instant watchStart = strapStart.plusSeconds(20);
        sandbox.seed("garmin", user.providerUser("garmin"), "activities", List.of(watchRun(watchStart)));
        String fromGarmin = connect(user, "garmin", "wahoo", "MERGE_INTELLIGENTLY");

        JsonNode job = SyncScenario.syncAndWait(user, fromGarmin).get("activities");

        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.get("plan").get("merge").asInt()).as("plan %s", job.get("plan")).isEqualTo(1);
        JsonNode provenance = job.get("plan").get("items").get(0).get("fieldProvenance");
        assertThat(provenance.get("position").asText()).startsWith("garmin:");
        assertThat(provenance.get("heartRate").asText()).startsWith("wahoo:");
        assertThat(provenance.get("time").asText()).startsWith("garmin:");

        JsonNode workouts = sandbox.read("wahoo", wahooUser, "activities");
        assertThat(workouts).as("one workout, not two").hasSize(1);
        JsonNode merged = workouts.get(0);
        assertThat(Instant.parse(merged.get("start").asText())).as("start from the source").isEqualTo(watchStart);
        assertThat(Instant.parse(merged.get("end").asText())).isEqualTo(watchStart.plusSeconds(HALF_HOUR));
        assertThat(merged.get("distanceMetres").asDouble()).as("the higher distance").isEqualTo(5520.0);
        List<JsonNode> samples = new ArrayList<>();
        merged.get("samples").forEach(samples::add);
        assertThat(samples).as("the file holds the watch's track").allSatisfy(s -> assertThat(s.has("latitude")).isTrue());
        assertThat(samples).filteredOn(s -> Instant.parse(s.get("time").asText()).isBefore(strapStart.plusSeconds(HALF_HOUR)))
                .as("and the strap's heart rate while both recorded").isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("heartRate").asDouble()).isBetween(110.0, 170.0));

        JsonNode again = SyncScenario.syncAndWait(user, fromGarmin).get("activities");
        assertThat(again.get("plan").get("merge").asInt() + again.get("plan").get("create").asInt()
                + again.get("plan").get("replace").asInt()).as("re-run plan %s", again.get("plan")).isZero();
        assertThat(sandbox.read("wahoo", wahooUser, "activities")).isEqualTo(workouts);
    }

    private static String connect(TestUser user, String source, String destination, String strategy) {
        ApiClient.Answer created = user.api.post("/v1/connections", Map.of("source", source, "destination", destination,
                "dataTypes", List.of("activities"), "conflictStrategy", strategy));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** A chest strap's 30-minute run: heart rate every 5 s, no position. */
    private static Map<String, Object> strapRun(Instant start) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int s = 0; s <= HALF_HOUR; s += 5) {
            samples.add(Map.of("time", start.plusSeconds(s).toString(), "heartRate", 118.0 + Math.min(45, s / 20)));
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(HALF_HOUR).toString(), "sport", "run",
                "name", "Strap Run", "distanceMetres", 5400.0, "kilocalories", 410.0, "samples", samples);
    }

    /** The watch's recording of the same run: GPS, altitude and distance every 5 s, no heart rate. */
    private static Map<String, Object> watchRun(Instant start) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int s = 0; s <= HALF_HOUR; s += 5) {
            samples.add(Map.of("time", start.plusSeconds(s).toString(), "latitude", 52.5145 + s * 0.00002,
                    "longitude", 13.3501 + s * 0.00001, "altitudeMetres", 36.0, "distanceMetres", s * 3.066));
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(HALF_HOUR).toString(), "sport", "run",
                "name", "Morning Run", "distanceMetres", 5520.0, "kilocalories", 380.0, "samples", samples);
    }
}
