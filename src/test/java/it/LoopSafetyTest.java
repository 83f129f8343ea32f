package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loop safety (issue 4): a user syncs A → B and B → A. What SyncWell wrote at B reads back marked as ours (its sync
 * id), so the sync back to A sends nothing, and the next A → B sync writes nothing either: no record echoes between
 * the two, whatever the order of the syncs. Matching alone would also keep those quiet (a copy equals its original);
 * once the originals are gone from A, only the mark keeps our copies at B from coming back.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class LoopSafetyTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    @Test
    void weightsGoingBothWaysBetweenGoogleHealthAndGoogleFitDoNotEcho() {
        syncBothWays("googlehealth", "googlefit", "weight", recentWeights());
    }

    @Test
    void activitiesGoingBothWaysBetweenStravaAndWahooDoNotEcho() {
        syncBothWays("strava", "wahoo", "activities", List.of(recentRun()));
    }

    @Test
    void aWeightCopyWhoseOriginalIsGoneIsNotSentBack() {
        copyOutlivesItsOriginal("googlehealth", "googlefit", "weight", recentWeights());
    }

    @Test
    void anActivityCopyWhoseOriginalIsGoneIsNotSentBack() {
        copyOutlivesItsOriginal("strava", "wahoo", "activities", List.of(recentRun()));
    }

    /**
     * Three weighings within the last hour: every later sync still looks at them (the Google providers look back one
     * hour before the cursor), so "nothing written" means they were seen and recognised, not missed.
     */
    private static List<Map<String, Object>> recentWeights() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        return List.of(50, 30, 10).stream().map(minutes -> Map.<String, Object>of(
                "time", now.minus(minutes, ChronoUnit.MINUTES).plusSeconds(11).toString(),
                "kg", 70.5 + minutes / 100.0, "utcOffset", ProviderMatrixTest.SEEDED_OFFSET)).toList();
    }

    /** A run that ended five hours ago: within Strava's and Wahoo's look-back (24 h, 12 h). */
    private static Map<String, Object> recentRun() {
        Map<String, Object> run = Samples.run(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.HOURS), "Loop Run");
        run.put("utcOffset", ProviderMatrixTest.SEEDED_OFFSET);
        return run;
    }

    private void syncBothWays(String a, String b, String type, List<Map<String, Object>> seeded) {
        TestUser user = TestUser.linkedTo(app, a, b);
        String userA = user.providerUser(a);
        String userB = user.providerUser(b);
        sandbox.wipe(a, userA);
        sandbox.wipe(b, userB);
        sandbox.seed(a, userA, type, seeded);
        String aToB = user.connect(a, b, List.of(type));
        String bToA = user.connect(b, a, List.of(type));

        JsonNode first = sync(user, aToB, type);
        assertThat(first.at("/counts/written").asInt()).as("%s → %s: %s", a, b, first).isEqualTo(seeded.size());
        JsonNode atA = sandbox.read(a, userA, type);
        JsonNode atB = sandbox.read(b, userB, type);
        assertThat(atA).hasSize(seeded.size());
        assertThat(atB).hasSize(seeded.size());
        TimeWindow window = new TimeWindow(Instant.now().minus(1, ChronoUnit.DAYS), Instant.now());
        assertThat(fetch(user, b, type, window)).as("what we wrote at %s reads back as ours", b).hasSize(seeded.size())
                .allMatch(record -> record.provenance().writtenBySyncWell());
        assertThat(fetch(user, a, type, window)).as("the originals at %s", a)
                .noneMatch(record -> record.provenance().writtenBySyncWell());

        JsonNode back = sync(user, bToA, type);
        assertThat(back.at("/counts/fetched").asInt()).as("%s → %s saw our copies: %s", b, a, back).isEqualTo(seeded.size());
        assertThat(back.at("/counts/written").asInt()).as("%s → %s sends our own records back: %s", b, a, back).isZero();
        assertThat(sandbox.read(a, userA, type)).as("%s holds exactly what it had", a).isEqualTo(atA);

        JsonNode again = sync(user, aToB, type);
        assertThat(again.at("/counts/fetched").asInt()).as("%s → %s again saw the originals: %s", a, b, again)
                .isEqualTo(seeded.size());
        assertThat(again.at("/counts/written").asInt()).as("%s → %s again: %s", a, b, again).isZero();
        assertThat(sandbox.read(b, userB, type)).as("%s holds exactly what it had", b).isEqualTo(atB);
        assertThat(sandbox.read(a, userA, type)).isEqualTo(atA);
    }

    /**
     * A → B, then the user removes the originals at A: only our copies at B are left, and B → A must not bring them
     * back. Matching cannot prevent this echo (there is nothing at A to match), only the sync id can.
     */
    private void copyOutlivesItsOriginal(String a, String b, String type, List<Map<String, Object>> seeded) {
        TestUser user = TestUser.linkedTo(app, a, b);
        String userA = user.providerUser(a);
        String userB = user.providerUser(b);
        sandbox.wipe(a, userA);
        sandbox.wipe(b, userB);
        sandbox.seed(a, userA, type, seeded);
        String aToB = user.connect(a, b, List.of(type));
        assertThat(sync(user, aToB, type).at("/counts/written").asInt()).isEqualTo(seeded.size());

        sandbox.wipe(a, userA);
        JsonNode back = sync(user, user.connect(b, a, List.of(type)), type);
        assertThat(back.at("/counts/fetched").asInt()).as("%s → %s saw our copies: %s", b, a, back).isEqualTo(seeded.size());
        assertThat(back.at("/counts/written").asInt()).as("%s → %s echoes our copies: %s", b, a, back).isZero();
        assertThat(sandbox.read(a, userA, type)).as("nothing echoed into %s", a).isEmpty();
        assertThat(sandbox.read(b, userB, type)).hasSize(seeded.size());
    }

    private static JsonNode sync(TestUser user, String connection, String type) {
        JsonNode job = SyncScenario.syncAndWait(user, connection).get(type);
        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    private List<HealthRecord> fetch(TestUser user, String provider, String type, TimeWindow window) {
        HealthProvider bean = app.context().getRegistry().lookupByNameAndType(provider, HealthProvider.class);
        return bean.fetch(new FetchRequest(new ProviderCall(user.id, provider), DataType.fromId(type).orElseThrow(), window));
    }
}
