package conflict;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import model.ConflictStrategy;
import model.HealthRecord;
import model.Provenance;
import model.StepsRecord;
import model.WeightRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The conflict engine on records shaped like Fitbit's minute steps and weight logs and Google Fit's points. */
class ConflictResolverTest {

    private static final ZoneOffset BERLIN_WINTER = ZoneOffset.ofHours(1);
    private static final Instant T0730 = Instant.parse("2024-03-01T06:30:00Z");

    private static StepsRecord fitbitMinute(Instant start, long count) {
        return new StepsRecord(start, start.plusSeconds(60), count, BERLIN_WINTER,
                new Provenance("fitbit", "steps:2024-03-01T07:30", null));
    }

    private static StepsRecord fitPoint(Instant start, long count, String dataSource) {
        return new StepsRecord(start, start.plusSeconds(60), count, ZoneOffset.UTC,
                new Provenance("googlefit", dataSource + "@" + start, dataSource));
    }

    private static final String OURS = "raw:com.google.step_count.delta:407408718192:SyncWell";
    private static final String PHONE = "raw:com.google.step_count.delta:com.google.android.gms:pixel";

    @Test
    void newRecordsAreCreated() {
        SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 54), fitbitMinute(T0730.plusSeconds(60), 61)),
                List.of(), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(plan.creates()).hasSize(2);
        assertThat(plan.replacements()).isEmpty();
        assertThat(plan.skips()).isEmpty();
    }

    @Test
    void sameValueForTheSamePeriodIsSkippedUnderEveryStrategy() {
        for (ConflictStrategy strategy : ConflictStrategy.values()) {
            SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 54)), List.of(fitPoint(T0730, 54, OURS)),
                    strategy, r -> true);
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.ALREADY_PRESENT);
        }
    }

    @Test
    void prioritizeSourceReplacesWhatTheDestinationLetsUsOverwrite() {
        SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 70)), List.of(fitPoint(T0730, 54, OURS)),
                ConflictStrategy.PRIORITIZE_SOURCE, r -> r.provenance().device().endsWith(":SyncWell"));
        assertThat(plan.replacements()).hasSize(1);
        assertThat(((StepsRecord) plan.replacements().get(0).existing()).count()).isEqualTo(54);
    }

    @Test
    void prioritizeSourceRecordsASkipWhenTheDestinationCannotOverwrite() {
        SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 70)), List.of(fitPoint(T0730, 54, PHONE)),
                ConflictStrategy.PRIORITIZE_SOURCE, r -> r.provenance().device().endsWith(":SyncWell"));
        assertThat(plan.writes()).isZero();
        assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.CANNOT_REPLACE);
    }

    @Test
    void prioritizeDestinationNeverTouchesExistingData() {
        SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 70), fitbitMinute(T0730.plusSeconds(60), 12)),
                List.of(fitPoint(T0730, 54, OURS)), ConflictStrategy.PRIORITIZE_DESTINATION, r -> true);
        assertThat(plan.replacements()).isEmpty();
        assertThat(plan.creates()).hasSize(1);
        assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.DESTINATION_KEPT);
    }

    @Test
    void weightsMatchAtSecondPrecisionAndWithinTenGrams() {
        // Fitbit logs at whole seconds; Google Fit keeps nanoseconds
        WeightRecord fitbit = new WeightRecord(Instant.parse("2024-03-01T06:05:11Z"), 72.4, BERLIN_WINTER,
                new Provenance("fitbit", "1709280000000", "Aria"));
        WeightRecord fit = new WeightRecord(Instant.parse("2024-03-01T06:05:11.000000300Z"), 72.400001, ZoneOffset.UTC,
                new Provenance("googlefit", "x", OURS));
        SyncPlan plan = ConflictResolver.resolve(List.<HealthRecord>of(fitbit), List.of(fit), ConflictStrategy.PRIORITIZE_SOURCE,
                r -> true);
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void resolvingAgainstTheResultOfAPlanGivesAnEmptyPlan() {
        List<HealthRecord> source = List.of(fitbitMinute(T0730, 54), fitbitMinute(T0730.plusSeconds(60), 61));
        SyncPlan first = ConflictResolver.resolve(source, List.of(), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        SyncPlan second = ConflictResolver.resolve(source, first.creates(), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(second.isEmpty()).isTrue();
    }

    @Test
    void aSourceThatCorrectsAMinuteIsTakenAtItsLastWord() {
        SyncPlan plan = ConflictResolver.resolve(List.of(fitbitMinute(T0730, 10), fitbitMinute(T0730, 54)), List.of(),
                ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(plan.creates()).singleElement().satisfies(r -> assertThat(((StepsRecord) r).count()).isEqualTo(54));
    }

    /** A Garmin epoch: 15 minutes of steps in one interval (docs/providers/garmin.md §2.3: epochs summaries, 900 s each). */
    private static StepsRecord garminEpoch(Instant start, long count) {
        return new StepsRecord(start, start.plusSeconds(900), count, BERLIN_WINTER,
                new Provenance("garmin", "x4d3c2b1-" + start.getEpochSecond() + "-epoch", null));
    }

    @Test
    void anEpochOverTheDestinationsMinutesIsNotAddedOnTopOfThemUnderAnyStrategy() {
        // the phone counted 06:33 and 06:34; Garmin's epoch 06:30–06:45 holds those steps too
        List<HealthRecord> phone = List.of(fitPoint(T0730.plusSeconds(180), 61, PHONE), fitPoint(T0730.plusSeconds(240), 58, PHONE));
        StepsRecord epoch = garminEpoch(T0730, 1210);
        for (ConflictStrategy strategy : ConflictStrategy.values()) {
            SyncPlan plan = ConflictResolver.resolve(List.of(epoch), phone, strategy, r -> true);
            assertThat(plan.isEmpty()).as("%s writes nothing", strategy).isTrue();
            assertThat(plan.skips()).singleElement().extracting(SyncPlan.Skip::reason)
                    .isEqualTo(strategy == ConflictStrategy.PRIORITIZE_DESTINATION
                            ? ConflictResolver.DESTINATION_KEPT : ConflictResolver.OTHER_GRANULARITY);
        }
    }

    @Test
    void minutesInsideTheDestinationsEpochAreNotAddedEitherButNeighboursAre() {
        StepsRecord epoch = garminEpoch(T0730, 1210);
        StepsRecord inside = fitbitMinute(T0730.plusSeconds(840), 70);
        StepsRecord touching = fitbitMinute(T0730.plusSeconds(900), 64);
        StepsRecord before = fitbitMinute(T0730.minusSeconds(60), 12);
        SyncPlan plan = ConflictResolver.resolve(List.of(before, inside, touching), List.of(epoch), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(plan.creates()).containsExactly(before, touching);
        assertThat(plan.skips()).singleElement().satisfies(skip -> {
            assertThat(skip.source()).isEqualTo(inside);
            assertThat(skip.reason()).isEqualTo(ConflictResolver.OTHER_GRANULARITY);
        });
    }

    @Test
    void theSameIntervalIsStillAnOrdinaryConflict() {
        StepsRecord epoch = garminEpoch(T0730, 1210);
        StepsRecord ours = new StepsRecord(T0730, T0730.plusSeconds(900), 1100, ZoneOffset.UTC, new Provenance("googlefit", "ours", OURS));
        SyncPlan plan = ConflictResolver.resolve(List.of(epoch), List.of(ours), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(plan.replacements()).singleElement().satisfies(r -> assertThat(r.existing()).isEqualTo(ours));
    }
}
