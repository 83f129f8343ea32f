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
}
