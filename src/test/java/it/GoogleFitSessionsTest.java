package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.ConflictResolver;
import conflict.SyncPlan;
import model.ActivityRecord;
import model.ActivitySample;
import model.ConflictStrategy;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google Fit sleeps and workouts, read and written through its sessions API. A connection cannot run from Google Fit
 * to Google Fit (source ≠ destination), and no other provider reads or writes sessions yet, so this drives the running
 * app's own {@code googlefit} provider bean — its real HTTP layer, token store and the sandbox — with the conflict
 * resolver the worker uses, from one linked Google Fit account to another; what the second account's sandbox then
 * lists must equal the first's.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class GoogleFitSessionsTest {

    private static final String GOOGLE_FIT = "googlefit";

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private final HealthProvider googleFit = app.context().getRegistry().lookupByNameAndType(GOOGLE_FIT, HealthProvider.class);

    @Test
    void aSleepAndAWorkoutReadBackIdenticallyAtAnotherAccount() {
        Account from = account();
        Account to = account();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        sandbox.seed(GOOGLE_FIT, from.providerUser, "sleep", List.of(Samples.sleep(base)));
        sandbox.seed(GOOGLE_FIT, from.providerUser, "activities", List.of(run(base.plus(9, ChronoUnit.HOURS))));
        TimeWindow window = new TimeWindow(base.minus(1, ChronoUnit.HOURS), Instant.now());

        for (DataType type : List.of(DataType.SLEEP, DataType.ACTIVITIES)) {
            List<HealthRecord> read = fetch(from, type, window);
            assertThat(read).as("%s read from the sessions API", type).hasSize(1);
            SyncPlan plan = plan(read, fetch(to, type, window));
            WriteOutcome outcome = googleFit.write(new WriteRequest(to.call, type, plan));
            assertThat(outcome.created()).isEqualTo(1);

            assertThat(values(type, sandbox.read(GOOGLE_FIT, to.providerUser, type.id())))
                    .as("%s at the second account", type)
                    .containsExactlyElementsOf(values(type, sandbox.read(GOOGLE_FIT, from.providerUser, type.id())));
            List<HealthRecord> written = fetch(to, type, window);
            assertThat(written).hasSize(1);
            assertThat(written.get(0).sameValueAs(read.get(0))).as("%s reads back as the same record", type).isTrue();
            assertThat(written.get(0).provenance().externalId()).startsWith("syncwell-");

            SyncPlan again = plan(read, written);
            assertThat(again.isEmpty()).as("a second run writes nothing").isTrue();
            assertThat(again.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.ALREADY_PRESENT);
        }
    }

    @Test
    void ourOwnWorkoutIsUpdatedInPlaceAndAnotherAppsIsLeftAlone() {
        Account from = account();
        Account to = account();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.HOURS);
        sandbox.seed(GOOGLE_FIT, from.providerUser, "activities", List.of(run(start)));
        TimeWindow window = new TimeWindow(start.minus(1, ChronoUnit.HOURS), Instant.now());
        ActivityRecord original = (ActivityRecord) fetch(from, DataType.ACTIVITIES, window).get(0);
        googleFit.write(new WriteRequest(to.call, DataType.ACTIVITIES, plan(List.of(original), List.of())));
        String sessionId = fetch(to, DataType.ACTIVITIES, window).get(0).provenance().externalId();

        // the source corrects the heart rate and the total distance of the same workout
        List<ActivitySample> corrected = original.samples().stream().map(s -> new ActivitySample(s.time(), s.latitude(),
                s.longitude(), s.altitudeMetres(), s.heartRate() == null ? null : s.heartRate() + 10, s.distanceMetres(), null, null))
                .toList();
        ActivityRecord correction = new ActivityRecord(original.start(), original.end(), original.sport(), original.name(),
                original.distanceMetres() + 100, original.kilocalories(), corrected, original.zoneOffset(), original.provenance());
        SyncPlan replace = plan(List.of(correction), fetch(to, DataType.ACTIVITIES, window));
        assertThat(replace.replacements()).hasSize(1);
        assertThat(googleFit.write(new WriteRequest(to.call, DataType.ACTIVITIES, replace)).replaced()).isEqualTo(1);

        JsonNode updated = sandbox.read(GOOGLE_FIT, to.providerUser, "activities");
        assertThat(updated).as("still one session, updated in place").hasSize(1);
        assertThat(updated.get(0).get("id").asText()).isEqualTo(sessionId);
        assertThat(updated.get(0).get("distanceMetres").asDouble()).isEqualTo(original.distanceMetres() + 100);
        assertThat(updated.get(0).get("samples")).as("no duplicate points").hasSize(original.samples().size());
        assertThat(updated.get(0).get("samples").get(0).get("heartRate").asDouble())
                .isEqualTo(original.samples().get(0).heartRate() + 10);

        // the destination's watch recorded the same workout itself: Google lets no other app change it
        Account watchOwner = account();
        sandbox.seed(GOOGLE_FIT, watchOwner.providerUser, "activities", List.of(run(start)));
        SyncPlan skip = plan(List.of(correction), fetch(watchOwner, DataType.ACTIVITIES, window));
        assertThat(skip.isEmpty()).isTrue();
        assertThat(skip.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.CANNOT_REPLACE);
    }

    @Test
    void generatedNightsAndWorkoutsAreReadAsTheSandboxListsThem() {
        TestUser user = TestUser.linkedTo(app, GOOGLE_FIT);
        Account account = new Account(new ProviderCall(user.id, GOOGLE_FIT), user.providerUser(GOOGLE_FIT));
        TimeWindow window = new TimeWindow(Instant.now().minus(10, ChronoUnit.DAYS), Instant.now());
        for (DataType type : List.of(DataType.SLEEP, DataType.ACTIVITIES)) {
            List<HealthRecord> read = fetch(account, type, window);
            List<JsonNode> listed = new ArrayList<>();
            sandbox.read(GOOGLE_FIT, account.providerUser, type.id()).forEach(entry -> {
                if (window.overlaps(Instant.parse(entry.get("start").asText()), Instant.parse(entry.get("end").asText()))) {
                    listed.add(entry);
                }
            });
            assertThat(listed).as("ten days of generated %s", type).hasSizeGreaterThan(2);
            assertThat(read).hasSameSizeAs(listed);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).start()).isEqualTo(Instant.parse(listed.get(i).get("start").asText()));
                assertThat(read.get(i).provenance().externalId()).isEqualTo(listed.get(i).get("id").asText());
                if (read.get(i) instanceof ActivityRecord activity) {
                    assertThat(activity.samples()).hasSize(listed.get(i).get("samples").size());
                    assertThat(activity.distanceMetres()).isEqualTo(listed.get(i).get("distanceMetres").asDouble());
                }
            }
        }
    }

    /** A Google Fit account linked to a fresh SyncWell user, its generated history wiped. */
    private record Account(ProviderCall call, String providerUser) {
    }

    private Account account() {
        TestUser user = TestUser.linkedTo(app, GOOGLE_FIT);
        String providerUser = user.providerUser(GOOGLE_FIT);
        sandbox.wipe(GOOGLE_FIT, providerUser);
        return new Account(new ProviderCall(user.id, GOOGLE_FIT), providerUser);
    }

    private List<HealthRecord> fetch(Account account, DataType type, TimeWindow window) {
        return googleFit.fetch(new FetchRequest(account.call, type, window));
    }

    private SyncPlan plan(List<HealthRecord> source, List<HealthRecord> destination) {
        return ConflictResolver.resolve(source, destination, ConflictStrategy.PRIORITIZE_SOURCE, googleFit::canReplace);
    }

    /** A 30-minute run with GPS, altitude, heart rate and distance every 5 s (a few seconds without GPS fix). */
    private static Map<String, Object> run(Instant start) {
        List<Map<String, Object>> track = new ArrayList<>();
        for (int s = 0; s <= 1800; s += 5) {
            Map<String, Object> sample = new java.util.HashMap<>(Map.of("time", start.plusSeconds(s).toString(),
                    "heartRate", 120.0 + Math.min(40, s / 30), "distanceMetres", s * 3.05));
            if (s < 600 || s > 630) {
                sample.putAll(Map.of("latitude", 52.5145 + s * 0.00002, "longitude", 13.3501 + s * 0.00001,
                        "altitudeMetres", 34.0 + (s % 600) / 100));
            }
            track.add(sample);
        }
        return Map.of("start", start.toString(), "end", start.plusSeconds(1800).toString(), "sport", "run",
                "name", "Session Run", "distanceMetres", 5490.0, "kilocalories", 352.0, "samples", track);
    }

    /** Everything a sleep or workout entry of the test API says, sample by sample (distances to the centimetre). */
    private static List<String> values(DataType type, JsonNode entries) {
        List<String> values = new ArrayList<>();
        for (JsonNode e : entries) {
            StringBuilder text = new StringBuilder(e.get("start").asText() + "/" + e.get("end").asText());
            if (type == DataType.SLEEP) {
                e.path("stages").forEach(stage -> text.append(' ').append(stage.get("level").asText()).append('@')
                        .append(stage.get("start").asText()).append('/').append(stage.get("end").asText()));
            } else {
                text.append(String.format(Locale.ROOT, " %s '%s' %.2fm %.1fkcal", e.get("sport").asText(), e.path("name").asText(),
                        e.path("distanceMetres").asDouble(), e.path("kilocalories").asDouble()));
                e.path("samples").forEach(s -> text.append(String.format(Locale.ROOT, " %s:%s@%s,%s^%s+%.2f",
                        s.get("time").asText(), s.path("heartRate").asText("-"), s.path("latitude").asText("-"),
                        s.path("longitude").asText("-"), s.path("altitudeMetres").asText("-"), s.path("distanceMetres").asDouble())));
            }
            values.add(text.toString());
        }
        return values;
    }
}
