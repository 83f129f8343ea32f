package it;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.RateLimitedException;
import failures.TransientSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.Sport;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.ProviderCall;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;
import providers.strava.StravaProvider;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Strava provider against the Strava sandbox, called the way the worker calls it (its bean in the running app),
 * for what no other provider in the matrix exercises yet: paging through the activity list, streams, FIT uploads
 * polled until processed, duplicates counted as written, the poll cap and per-application rate limits.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class StravaProviderTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private final StravaProvider strava = app.context().getRegistry().lookupByNameAndType("strava", StravaProvider.class);

    @Test
    void readsEveryPageOfTheListWithDetailAndStreams() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        sandbox.wipe("strava", athlete);
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.HOURS);
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(Samples.run(base, "Strava Run"));
        // manual activities (no streams), enough for a second page of the list
        for (int i = 1; i <= 104; i++) {
            Instant start = base.plus(i * 10L, ChronoUnit.MINUTES);
            entries.add(Map.of("start", start.toString(), "end", start.plusSeconds(300).toString(), "sport", "yoga",
                    "name", "Stretch " + i, "kilocalories", 20.0));
        }
        sandbox.seed("strava", athlete, "activities", entries);

        List<HealthRecord> records = strava.fetch(new FetchRequest(new ProviderCall(user.id, "strava"), DataType.ACTIVITIES,
                new TimeWindow(base.minus(1, ChronoUnit.HOURS), Instant.now())));

        assertThat(records).hasSize(105);
        ActivityRecord run = (ActivityRecord) records.get(0);
        assertThat(run.start()).isEqualTo(base);
        assertThat(run.end()).isEqualTo(base.plusSeconds(1800));
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.distanceMetres()).isEqualTo(5490.0);
        assertThat(run.kilocalories()).as("from the detail").isEqualTo(352.0);
        assertThat(run.provenance().device()).isEqualTo("Garmin Forerunner 255");
        assertThat(run.zoneOffset()).as("utc_offset: the athlete's offset the sandbox keeps")
                .isEqualTo(ZoneOffset.of(sandbox.read("strava", athlete, "activities").get(0).get("utcOffset").asText()));
        assertThat(run.samples()).hasSize(361);
        ActivitySample last = run.samples().get(360);
        assertThat(last.time()).isEqualTo(base.plusSeconds(1800));
        assertThat(last.latitude()).isCloseTo(52.5145 + 1800 * 0.00002, within(1e-9));
        assertThat(last.heartRate()).isEqualTo(160.0);
        assertThat(last.cadence()).isEqualTo(84.0);
        ActivityRecord stretch = (ActivityRecord) records.get(104);
        assertThat(stretch.sport()).isEqualTo(Sport.YOGA);
        assertThat(stretch.samples()).isEmpty();
        assertThat(stretch.kilocalories()).isEqualTo(20.0);
    }

    @Test
    void writesAFitUploadAndAReuploadIsADuplicateThatCountsAsWritten() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        sandbox.wipe("strava", athlete);
        ActivityRecord ride = ride(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.HOURS));

        assertThat(write(user, ride)).isEqualTo(new WriteOutcome(1, 0));
        assertThat(write(user, ride)).as("a retried job's upload").isEqualTo(new WriteOutcome(1, 0));

        JsonNode stored = sandbox.read("strava", athlete, "activities");
        assertThat(stored).hasSize(1);
        assertThat(Instant.parse(stored.get(0).get("start").asText())).isEqualTo(ride.start());
        assertThat(Instant.parse(stored.get(0).get("end").asText())).isEqualTo(ride.end());
        assertThat(stored.get(0).get("sport").asText()).isEqualTo("ride");
        assertThat(stored.get(0).get("name").asText()).isEqualTo("Lunch Ride");
        assertThat(stored.get(0).get("samples")).hasSize(ride.samples().size());
        assertThat(stored.get(0).get("utcOffset").asText()).as("the offset the FIT file carries").isEqualTo("+05:30");

        List<HealthRecord> back = strava.fetch(new FetchRequest(new ProviderCall(user.id, "strava"), DataType.ACTIVITIES,
                new TimeWindow(ride.start().minus(1, ChronoUnit.HOURS), ride.end().plus(1, ChronoUnit.HOURS))));
        assertThat(back).hasSize(1);
        assertThat(back.get(0).sameValueAs(ride)).as("what was written reads back the same: %s", back.get(0)).isTrue();
        assertThat(back.get(0).zoneOffset()).isEqualTo(ride.zoneOffset());
        assertThat(strava.canReplace(back.get(0))).isFalse();
    }

    @Test
    void aSlowUploadIsPolledAndOneThatTakesTooLongRetriesAsADuplicate() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        sandbox.wipe("strava", athlete);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(8, ChronoUnit.HOURS);

        sandbox.uploadProcessing("strava", athlete, 500);
        assertThat(write(user, ride(start))).isEqualTo(new WriteOutcome(1, 0));

        sandbox.uploadProcessing("strava", athlete, 600_000);
        ActivityRecord later = ride(start.plus(2, ChronoUnit.HOURS));
        assertThatThrownBy(() -> write(user, later)).isExactlyInstanceOf(TransientSyncException.class)
                .hasMessageContaining("still processing");
        sandbox.uploadProcessing("strava", athlete, 0);
        assertThat(write(user, later)).as("the retry finds it processed meanwhile").isEqualTo(new WriteOutcome(1, 0));
        assertThat(sandbox.read("strava", athlete, "activities")).hasSize(2);
    }

    @Test
    void theApplicationsReadLimitDefersUntilTheShortWindowResets() {
        TestUser user = TestUser.linkedTo(app, "strava");
        sandbox.rateLimit("strava", Map.of("readPer15Minutes", 1));
        try {
            FetchRequest lastHour = new FetchRequest(new ProviderCall(user.id, "strava"), DataType.ACTIVITIES,
                    new TimeWindow(Instant.now().minus(1, ChronoUnit.HOURS), Instant.now()));
            // the first call may open a fresh window and the second may fall just after the window turns; the third is
            // then over the limit whatever the application did before
            assertThatThrownBy(() -> {
                strava.fetch(lastHour);
                strava.fetch(lastHour);
                strava.fetch(lastHour);
            }).isInstanceOfSatisfying(RateLimitedException.class, limited -> assertThat(limited.retryAfter())
                            .as("the suite's short window is a second").isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        } finally {
            sandbox.rateLimit("strava", Map.of("readPer15Minutes", 100_000));
        }
    }

    private WriteOutcome write(TestUser user, ActivityRecord activity) {
        return strava.write(new WriteRequest(new ProviderCall(user.id, "strava"), DataType.ACTIVITIES,
                new SyncPlan(List.of(activity), List.of(), List.of())));
    }

    /** A 40-minute ride with a sample every 10 s, as another provider would have read it. */
    private static ActivityRecord ride(Instant start) {
        List<ActivitySample> samples = new ArrayList<>();
        for (int s = 0; s <= 2400; s += 10) {
            samples.add(new ActivitySample(start.plusSeconds(s), 48.1371 + s * 0.00003, 11.5754 + s * 0.00002, 520.0 + (s % 300) / 30,
                    130.0 + s / 100, s * 7.5, 85.0, 180.0 + s % 40));
        }
        return new ActivityRecord(start, start.plusSeconds(2400), Sport.RIDE, "Lunch Ride", 18_000.0, 610.0, samples,
                // an offset none of the sandbox's zones has: Strava must keep the file's, not the athlete's
                ZoneOffset.ofHoursMinutes(5, 30), new Provenance("wahoo", "w-" + start.getEpochSecond(), "ELEMNT BOLT"));
    }

}
