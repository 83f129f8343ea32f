package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.ConflictResolver;
import conflict.SyncPlan;
import model.ActivityRecord;
import model.ConflictStrategy;
import model.DataType;
import model.HealthRecord;
import model.SleepRecord;
import model.Sport;
import model.TimeWindow;
import providers.spi.FetchRequest;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.WriteRequest;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fitbit sleep and activity logs through the running app's Fitbit provider against the sandbox, Fitbit account to Fitbit
 * account (the engine itself refuses a connection from a provider to itself, and until other providers write sleep and
 * workouts the matrix has no pair for them): what is read (stages, TCX samples, paged lists), what a write keeps (no
 * stages, no streams), that a second pass writes nothing, and that only our manual logs are overwritten.
 */
@Order(5)
@ExtendWith(SharedSyncWell.class)
class FitbitSessionsTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();
    private final HealthProvider fitbit = app.context().getRegistry().lookupByNameAndType("fitbit", HealthProvider.class);

    private Account account() {
        TestUser user = TestUser.linkedTo(app, "fitbit");
        sandbox.wipe("fitbit", user.providerUser("fitbit"));
        return new Account(new ProviderCall(user.id, "fitbit"), user.providerUser("fitbit"));
    }

    private record Account(ProviderCall call, String fitbitUser) {
    }

    private List<HealthRecord> fetch(Account account, DataType type, TimeWindow window) {
        return fitbit.fetch(new FetchRequest(account.call(), type, window));
    }

    /** What the worker does: resolve the source (in the form Fitbit keeps) against the destination, then write. */
    private SyncPlan sync(List<HealthRecord> source, Account destination, DataType type, TimeWindow window) {
        SyncPlan plan = ConflictResolver.resolve(source.stream().map(fitbit::storedForm).toList(), fetch(destination, type, window),
                ConflictStrategy.PRIORITIZE_SOURCE, fitbit::canReplace);
        fitbit.write(new WriteRequest(destination.call(), type, plan));
        return plan;
    }

    @Test
    void sleepIsReadWithStagesAndWrittenAsALogOfStartAndDuration() {
        Account source = account();
        Account destination = account();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        sandbox.seed("fitbit", source.fitbitUser(), "sleep", ProviderMatrixTest.samples("sleep", base));
        TimeWindow window = new TimeWindow(base.minus(1, ChronoUnit.HOURS), Instant.now());

        List<HealthRecord> read = fetch(source, DataType.SLEEP, window);
        assertThat(read).hasSize(1);
        SleepRecord night = (SleepRecord) read.get(0);
        assertThat(night.start()).isEqualTo(base);
        assertThat(night.end()).isEqualTo(base.plusSeconds(27_000));
        assertThat(night.stages()).hasSize(7);
        assertThat(night.provenance().device()).isEqualTo("auto_detected");

        SyncPlan first = sync(read, destination, DataType.SLEEP, window);
        assertThat(first.creates()).hasSize(1);
        JsonNode written = sandbox.read("fitbit", destination.fitbitUser(), "sleep");
        assertThat(written).hasSize(1);
        assertThat(Instant.parse(written.get(0).get("start").asText())).isEqualTo(base);
        assertThat(Instant.parse(written.get(0).get("end").asText())).isEqualTo(night.end());
        assertThat(written.get(0).get("stages")).as("Fitbit's sleep log takes no stages").isEmpty();
        assertThat(written.get(0).get("source").asText()).isEqualTo("manual");

        SyncPlan second = sync(read, destination, DataType.SLEEP, window);
        assertThat(second.writes()).as("a second pass writes nothing").isZero();
        assertThat(second.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.ALREADY_PRESENT);

        // a longer night at the source replaces our manual log (delete + log again)
        SleepRecord longer = new SleepRecord(night.start(), night.end().plusSeconds(1800), night.stages(), night.zoneOffset(),
                night.provenance());
        SyncPlan replaced = sync(List.of(longer), destination, DataType.SLEEP, window);
        assertThat(replaced.replacements()).hasSize(1);
        written = sandbox.read("fitbit", destination.fitbitUser(), "sleep");
        assertThat(written).hasSize(1);
        assertThat(Instant.parse(written.get(0).get("end").asText())).isEqualTo(longer.end());

        // the tracker's own sleep is never deleted by us
        SyncPlan kept = sync(List.of(longer), source, DataType.SLEEP, window);
        assertThat(kept.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.CANNOT_REPLACE);
        assertThat(sandbox.read("fitbit", source.fitbitUser(), "sleep")).hasSize(1);
    }

    @Test
    void activitiesAreReadWithTheirTcxTrackAndWrittenAsTotals() {
        Account source = account();
        Account destination = account();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        sandbox.seed("fitbit", source.fitbitUser(), "activities", ProviderMatrixTest.samples("activities", base));
        TimeWindow window = new TimeWindow(base, Instant.now());

        List<HealthRecord> read = fetch(source, DataType.ACTIVITIES, window);
        assertThat(read).hasSize(1);
        ActivityRecord run = (ActivityRecord) read.get(0);
        assertThat(run.start()).isEqualTo(base.plus(9, ChronoUnit.HOURS));
        assertThat(run.elapsed().toSeconds()).isEqualTo(1800);
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.distanceMetres()).isCloseTo(5490.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(run.kilocalories()).isEqualTo(352.0);
        assertThat(run.samples()).as("from the TCX").hasSize(361);
        assertThat(run.samples().get(10).latitude()).isCloseTo(52.5145 + 50 * 0.00002, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(run.samples().get(10).heartRate()).isNotNull();

        assertThat(sync(read, destination, DataType.ACTIVITIES, window).creates()).hasSize(1);
        JsonNode written = sandbox.read("fitbit", destination.fitbitUser(), "activities");
        assertThat(written).hasSize(1);
        assertThat(Instant.parse(written.get(0).get("start").asText())).isEqualTo(run.start());
        assertThat(Instant.parse(written.get(0).get("end").asText())).isEqualTo(run.end());
        assertThat(written.get(0).get("sport").asText()).isEqualTo("run");
        assertThat(written.get(0).get("distanceMetres").asDouble()).isCloseTo(5490.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(written.get(0).path("samples")).as("an activity log carries no track").isEmpty();
        assertThat(written.get(0).get("source").asText()).isEqualTo("manual");

        assertThat(sync(read, destination, DataType.ACTIVITIES, window).writes()).as("a second pass writes nothing").isZero();

        ActivityRecord corrected = new ActivityRecord(run.start(), run.end(), run.sport(), run.name(), 5600.0, 360.0, run.samples(),
                run.zoneOffset(), run.provenance());
        assertThat(sync(List.of(corrected), destination, DataType.ACTIVITIES, window).replacements()).hasSize(1);
        written = sandbox.read("fitbit", destination.fitbitUser(), "activities");
        assertThat(written).hasSize(1);
        assertThat(written.get(0).get("distanceMetres").asDouble()).isCloseTo(5600.0, org.assertj.core.data.Offset.offset(0.5));

        assertThat(sync(List.of(corrected), source, DataType.ACTIVITIES, window).skips())
                .as("the tracker's workout stays").extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.CANNOT_REPLACE);
    }

    @Test
    void aLongActivityListIsReadPageByPageUntilTheWindowEnds() {
        Account account = account();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.DAYS);
        List<Map<String, Object>> walks = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            Instant start = base.plus(30L * i, ChronoUnit.MINUTES);
            walks.add(Map.of("start", start.toString(), "end", start.plusSeconds(600).toString(), "sport", "walk",
                    "distanceMetres", 800.0 + i, "kilocalories", 40.0));
        }
        sandbox.seed("fitbit", account.fitbitUser(), "activities", walks);

        TimeWindow all = new TimeWindow(base, Instant.now());
        List<HealthRecord> read = fetch(account, DataType.ACTIVITIES, all);
        assertThat(read).as("two pages of 100 and 30").hasSize(130);
        assertThat(read).extracting(HealthRecord::start).isSorted().doesNotHaveDuplicates();

        TimeWindow someOfThem = new TimeWindow(base.plus(10, ChronoUnit.HOURS), base.plus(20, ChronoUnit.HOURS));
        assertThat(fetch(account, DataType.ACTIVITIES, someOfThem)).hasSize(20);
    }
}
