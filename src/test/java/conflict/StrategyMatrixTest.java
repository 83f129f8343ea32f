package conflict;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import model.ActivityRecord;
import model.ConflictStrategy;
import model.DataType;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.Sport;
import model.StepsRecord;
import model.WeightRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every strategy on every data type: a source record meeting a different destination record for the same period
 * (one the destination lets us overwrite, or one it does not), beside a source record for a free period.
 */
class StrategyMatrixTest {

    private static final Instant T = Instant.parse("2024-03-01T06:30:00Z");
    private static final ZoneOffset BERLIN = ZoneOffset.ofHours(1);
    private static final String OURS = "SyncWell";
    private static final Predicate<HealthRecord> WRITTEN_BY_US = r -> OURS.equals(r.provenance().device());

    /** A conflicting pair and a record for a free period, per type. */
    private record Case(HealthRecord source, HealthRecord existing, HealthRecord free) {
    }

    private static Provenance from(String provider, String device) {
        return new Provenance(provider, provider + "-" + device, device);
    }

    private static Case caseOf(DataType type, String destinationDevice) {
        Provenance src = from("fitbit", "Charge 6");
        Provenance dst = from("googlefit", destinationDevice);
        return switch (type) {
            case STEPS -> new Case(new StepsRecord(T, T.plusSeconds(60), 70, BERLIN, src),
                    new StepsRecord(T, T.plusSeconds(60), 54, ZoneOffset.UTC, dst),
                    new StepsRecord(T.plusSeconds(60), T.plusSeconds(120), 12, BERLIN, src));
            case HEART_RATE -> new Case(new HeartRateRecord(T, 72, BERLIN, src), new HeartRateRecord(T.plusNanos(400), 65, ZoneOffset.UTC, dst),
                    new HeartRateRecord(T.plusSeconds(5), 73, BERLIN, src));
            case WEIGHT -> new Case(new WeightRecord(T, 72.4, BERLIN, src), new WeightRecord(T, 73.0, ZoneOffset.UTC, dst),
                    new WeightRecord(T.plusSeconds(86_400), 72.3, BERLIN, src));
            case SLEEP -> new Case(sleep(T.minusSeconds(8 * 3600), T, src), sleep(T.minusSeconds(7 * 3600), T.plusSeconds(600), dst),
                    sleep(T.plusSeconds(16 * 3600), T.plusSeconds(24 * 3600), src));
            case ACTIVITIES -> new Case(run(T, 3600, 10_020.0, src), run(T.plusSeconds(60), 3500, 9_800.0, dst),
                    run(T.plusSeconds(86_400), 1800, 5_000.0, src));
        };
    }

    private static SleepRecord sleep(Instant start, Instant end, Provenance provenance) {
        return new SleepRecord(start, end, List.of(new SleepStage(start, end, SleepStage.Level.ASLEEP)), BERLIN, provenance);
    }

    private static ActivityRecord run(Instant start, long seconds, double metres, Provenance provenance) {
        return new ActivityRecord(start, start.plusSeconds(seconds), Sport.RUN, "Run", metres, 600.0, List.of(), BERLIN, provenance);
    }

    static Stream<Arguments> strategiesAndTypes() {
        List<Arguments> all = new ArrayList<>();
        for (ConflictStrategy strategy : ConflictStrategy.values()) {
            for (DataType type : DataType.values()) {
                for (boolean replaceable : new boolean[] {true, false}) {
                    all.add(Arguments.of(strategy, type, replaceable));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} × {1}, destination record ours: {2}")
    @MethodSource("strategiesAndTypes")
    void eachStrategyOnEachType(ConflictStrategy strategy, DataType type, boolean replaceable) {
        Case c = caseOf(type, replaceable ? OURS : "Pixel 8");
        SyncPlan plan = ConflictResolver.resolve(List.of(c.source(), c.free()), List.of(c.existing()), strategy, WRITTEN_BY_US);

        assertThat(plan.creates()).as("the free period is written under every strategy").containsExactly(c.free());
        boolean merging = strategy == ConflictStrategy.MERGE_INTELLIGENTLY && type == DataType.ACTIVITIES;
        if (strategy == ConflictStrategy.PRIORITIZE_DESTINATION) {
            assertThat(plan.replacements()).isEmpty();
            assertThat(plan.merges()).isEmpty();
            assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.DESTINATION_KEPT);
        } else if (!replaceable) {
            assertThat(plan.replacements()).isEmpty();
            assertThat(plan.merges()).isEmpty();
            assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.CANNOT_REPLACE);
        } else if (merging) {
            assertThat(plan.replacements()).isEmpty();
            assertThat(plan.merges()).singleElement().satisfies(m -> {
                assertThat(m.existing()).isSameAs(c.existing());
                assertThat(m.merged().start()).isEqualTo(c.source().start());
                assertThat(m.merged().end()).isEqualTo(c.source().end());
                assertThat(m.merged().distanceMetres()).isEqualTo(10_020.0);
                assertThat(m.fieldProvenance()).containsEntry("time", "fitbit:fitbit-Charge 6");
            });
        } else {
            // PRIORITIZE_SOURCE, and MERGE_INTELLIGENTLY on everything but workouts
            assertThat(plan.merges()).isEmpty();
            assertThat(plan.replacements()).singleElement().satisfies(r -> {
                assertThat(r.source()).isSameAs(c.source());
                assertThat(r.existing()).isSameAs(c.existing());
            });
            assertThat(plan.skips()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("strategiesAndTypes")
    void aRerunAfterTheWritesChangesNothing(ConflictStrategy strategy, DataType type, boolean replaceable) {
        Case c = caseOf(type, replaceable ? OURS : "Pixel 8");
        List<HealthRecord> source = List.of(c.source(), c.free());
        List<HealthRecord> destination = new ArrayList<>(List.of(c.existing()));
        SyncPlan first = ConflictResolver.resolve(source, destination, strategy, WRITTEN_BY_US).forWrite();
        first.replacements().forEach(r -> destination.remove(r.existing()));
        destination.addAll(first.creates());
        first.replacements().forEach(r -> destination.add(r.source()));

        // what we wrote is ours to overwrite from now on; the destination's own record still is not
        Predicate<HealthRecord> oursAfterWrite = WRITTEN_BY_US.or(r -> r.provenance().provider().equals("fitbit"));
        SyncPlan second = ConflictResolver.resolve(source, destination, strategy, oursAfterWrite);
        assertThat(second.writes()).isZero();
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("strategiesAndTypes")
    void aRecordSyncWellWroteIsNotSentBack(ConflictStrategy strategy, DataType type, boolean replaceable) {
        Case c = caseOf(type, OURS);
        HealthRecord echo = withSyncId(c.free());
        SyncPlan plan = ConflictResolver.resolve(List.of(echo), replaceable ? List.of() : List.of(c.existing()), strategy, r -> true);
        assertThat(plan.writes()).isZero();
        assertThat(plan.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.WRITTEN_BY_SYNCWELL);
    }

    private static HealthRecord withSyncId(HealthRecord r) {
        Provenance p = r.provenance().withSyncId("syncwell-0123456789abcdef0123456789abcdef");
        if (r instanceof StepsRecord s) {
            return new StepsRecord(s.start(), s.end(), s.count(), s.zoneOffset(), p);
        }
        if (r instanceof HeartRateRecord h) {
            return new HeartRateRecord(h.time(), h.bpm(), h.zoneOffset(), p);
        }
        if (r instanceof WeightRecord w) {
            return new WeightRecord(w.time(), w.kilograms(), w.zoneOffset(), p);
        }
        if (r instanceof SleepRecord s) {
            return new SleepRecord(s.start(), s.end(), s.stages(), s.zoneOffset(), p);
        }
        ActivityRecord a = (ActivityRecord) r;
        return new ActivityRecord(a.start(), a.end(), a.sport(), a.name(), a.distanceMetres(), a.kilocalories(), a.samples(),
                a.zoneOffset(), p);
    }
}
