package conflict;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.ConflictStrategy;
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
 * Properties of the conflict engine over small, crowded windows (so that records meet often): a re-run after the
 * writes plans nothing, and a merged workout holds no point outside what its two recordings hold.
 */
class ConflictPropertiesTest {

    private static final Instant T0 = Instant.parse("2024-03-31T00:00:00Z");
    private static final String THEIRS = "theirs";
    /** The destination lets us overwrite what we wrote and its own "ours" records, never "theirs". */
    private static final Predicate<HealthRecord> REPLACEABLE = r -> !THEIRS.equals(r.provenance().device());

    /** One type's source and destination records of the same window. */
    record Window(List<HealthRecord> source, List<HealthRecord> destination) {
    }

    @Property(tries = 2000)
    void resolvingAfterTheWritesGivesAnEmptyPlan(@ForAll("windows") Window window, @ForAll ConflictStrategy strategy) {
        SyncPlan first = ConflictResolver.resolve(window.source(), window.destination(), strategy, REPLACEABLE);
        List<HealthRecord> destination = new ArrayList<>(window.destination());
        first.replacements().forEach(r -> replace(destination, r.existing(), r.source()));
        first.merges().forEach(m -> replace(destination, m.existing(), m.merged()));
        destination.addAll(first.creates());

        SyncPlan second = ConflictResolver.resolve(window.source(), destination, strategy, REPLACEABLE);
        assertThat(second.creates()).as("creates").isEmpty();
        assertThat(second.replacements()).as("replacements").isEmpty();
        assertThat(second.merges()).as("merges").isEmpty();
    }

    @Property(tries = 1000)
    void aMergedWorkoutHoldsNothingBeyondItsRecordings(@ForAll("workouts") ActivityRecord source,
                                                       @ForAll("workouts") ActivityRecord destination) {
        ActivityRecord merged = ActivityMerger.merge(source, destination).merged();
        for (ActivityLap lap : merged.laps()) {
            assertThat(lap.start()).as("a merged lap within the source's period").isBetween(source.start(), source.end());
            assertThat(lap.end()).as("a merged lap within the source's period").isBetween(source.start(), source.end());
            assertThat(Stream.concat(source.laps().stream(), destination.laps().stream()))
                    .as("a merged lap is (part of) a lap one side recorded")
                    .anyMatch(recorded -> !lap.start().isBefore(recorded.start()) && !lap.end().isAfter(recorded.end()));
        }
        List<ActivitySample> both = new ArrayList<>(source.samples());
        both.addAll(destination.samples());
        if (both.isEmpty()) {
            assertThat(merged.samples()).isEmpty();
            return;
        }
        Instant first = both.stream().map(ActivitySample::time).min(Instant::compareTo).orElseThrow();
        Instant last = both.stream().map(ActivitySample::time).max(Instant::compareTo).orElseThrow();
        for (ActivitySample s : merged.samples()) {
            assertThat(s.time()).isBetween(first, last);
            for (ActivityMerger.Field field : ActivityMerger.Field.values()) {
                if (field.read.apply(s) != null) {
                    assertThat(withinSpan(source, field, s.time()) || withinSpan(destination, field, s.time()))
                            .as("%s at %s lies within a recording that has it", field.key, s.time()).isTrue();
                }
            }
        }
    }

    @Property(tries = 500)
    void mergingWithTheMergedWorkoutChangesNothing(@ForAll("workouts") ActivityRecord source,
                                                   @ForAll("workouts") ActivityRecord destination) {
        ActivityRecord merged = ActivityMerger.merge(source, destination).merged();
        ActivityRecord again = ActivityMerger.merge(source, merged).merged();
        assertThat(again.samples()).isEqualTo(merged.samples());
        assertThat(ActivityMerger.sameRecording(again, merged)).isTrue();
    }

    private static boolean withinSpan(ActivityRecord record, ActivityMerger.Field field, Instant t) {
        List<Instant> times = record.samples().stream().filter(s -> field.read.apply(s) != null).map(ActivitySample::time).toList();
        return !times.isEmpty() && !t.isBefore(times.get(0)) && !t.isAfter(times.get(times.size() - 1));
    }

    private static void replace(List<HealthRecord> destination, HealthRecord existing, HealthRecord by) {
        for (int i = 0; i < destination.size(); i++) {
            if (destination.get(i) == existing) {
                destination.remove(i);
                break;
            }
        }
        destination.add(by);
    }

    // --- generators: few distinct times and values, so that periods collide and values sometimes agree

    @Provide
    Arbitrary<Window> windows() {
        return Arbitraries.of(steps(), heartRates(), weights(), sleeps(), activities()).flatMap(records -> {
            Arbitrary<List<HealthRecord>> source = records.apply(side("src")).list().ofMaxSize(6);
            Arbitrary<List<HealthRecord>> destination = Arbitraries.of("ours", THEIRS)
                    .flatMap(owner -> records.apply(side(owner))).list().ofMaxSize(6);
            return Combinators.combine(source, destination).as(Window::new);
        });
    }

    @Provide
    Arbitrary<ActivityRecord> workouts() {
        return activity(side("src")).map(r -> (ActivityRecord) r);
    }

    private static Arbitrary<Provenance> side(String device) {
        Arbitrary<Provenance> plain = Arbitraries.integers().between(0, 1_000_000)
                .map(id -> new Provenance(device.equals("src") ? "strava" : "wahoo", String.valueOf(id), device));
        if (!device.equals("src")) {
            return plain;
        }
        // now and then a source record SyncWell itself wrote there
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, plain),
                net.jqwik.api.Tuple.of(1, plain.map(p -> p.withSyncId("syncwell-" + p.externalId()))));
    }

    private static Function<Arbitrary<Provenance>, Arbitrary<HealthRecord>> steps() {
        // minutes and, now and then, a three-minute epoch over them: partial overlaps of another granularity
        return provenance -> Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(1, 1, 1, 3),
                        Arbitraries.longs().between(0, 3), provenance)
                .as((minute, minutes, count, p) -> new StepsRecord(T0.plusSeconds(60L * minute), T0.plusSeconds(60L * (minute + minutes)),
                        count, ZoneOffset.UTC, p));
    }

    private static Function<Arbitrary<Provenance>, Arbitrary<HealthRecord>> heartRates() {
        return provenance -> Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(0, 500_000_000),
                        Arbitraries.of(60.0, 60.3, 61.0), provenance)
                .as((second, nanos, bpm, p) -> new HeartRateRecord(T0.plusSeconds(second).plusNanos(nanos), bpm, ZoneOffset.UTC, p));
    }

    private static Function<Arbitrary<Provenance>, Arbitrary<HealthRecord>> weights() {
        return provenance -> Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(70.0, 70.001, 70.5), provenance)
                .as((second, kg, p) -> new WeightRecord(T0.plusSeconds(second), kg, ZoneOffset.ofHours(2), p));
    }

    private static Function<Arbitrary<Provenance>, Arbitrary<HealthRecord>> sleeps() {
        return provenance -> Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(1, 4),
                        Arbitraries.of(true, false), provenance)
                .as((hour, hours, staged, p) -> {
                    Instant start = T0.plusSeconds(3600L * hour);
                    Instant end = start.plusSeconds(3600L * hours);
                    List<SleepStage> stages = staged ? List.of(new SleepStage(start, end, SleepStage.Level.LIGHT)) : List.of();
                    return new SleepRecord(start, end, stages, ZoneOffset.UTC, p);
                });
    }

    private static Function<Arbitrary<Provenance>, Arbitrary<HealthRecord>> activities() {
        return ConflictPropertiesTest::activity;
    }

    private static Arbitrary<HealthRecord> activity(Arbitrary<Provenance> provenance) {
        Arbitrary<Integer> startSecond = Arbitraries.of(0, 30, 120, 121, 600, 1800, 7200);
        Arbitrary<Integer> seconds = Arbitraries.of(200, 600, 1800, 3600);
        Arbitrary<Sport> sport = Arbitraries.of(Sport.RUN, Sport.RIDE, Sport.OTHER);
        Arbitrary<ZoneOffset> offset = Arbitraries.of(ZoneOffset.UTC, ZoneOffset.ofHours(2));
        Arbitrary<Double> distance = Arbitraries.of(1000.0, 2000.0).injectNull(0.3);
        Arbitrary<Double> kcal = Arbitraries.of(50.0, 80.0).injectNull(0.3);
        Arbitrary<List<SampleSpec>> samples = sample().list().ofMaxSize(12);
        Arbitrary<HealthRecord> withoutLaps = Combinators.combine(startSecond, seconds, sport, offset, distance, kcal, samples, provenance)
                .as((at, length, kind, zone, metres, energy, specs, p) -> {
                    Instant start = T0.plusSeconds(at);
                    List<ActivitySample> list = new ArrayList<>();
                    specs.stream().map(spec -> spec.at(start, length)).sorted(java.util.Comparator.comparing(ActivitySample::time))
                            .forEach(list::add);
                    return new ActivityRecord(start, start.plusSeconds(length), kind, null, metres, energy, list, zone, p);
                });
        // most workouts have no laps; lapped ones are cut evenly, sometimes a little off their own period
        Arbitrary<Integer> lapCount = Arbitraries.of(0, 0, 2, 3);
        Arbitrary<Integer> lapShift = Arbitraries.of(0, 0, -30, 45);
        return Combinators.combine(withoutLaps, lapCount, lapShift).as((record, count, shift) -> lapped((ActivityRecord) record, count, shift));
    }

    private static HealthRecord lapped(ActivityRecord record, int count, int shiftSeconds) {
        List<ActivityLap> laps = new ArrayList<>();
        long length = record.elapsed().toSeconds() / Math.max(1, count);
        for (int i = 0; i < count; i++) {
            Instant start = record.start().plusSeconds(shiftSeconds + i * length);
            laps.add(new ActivityLap(start, start.plusSeconds(length), record.distanceMetres() == null ? null : record.distanceMetres() / count));
        }
        return record.withLaps(laps);
    }

    /** A sample at a share of the workout (a little before or after it too), each field present or not. */
    record SampleSpec(double share, Double latitude, Double altitude, Double heartRate, Double distance, Double cadence, Double power) {
        ActivitySample at(Instant start, int length) {
            Instant time = start.plusSeconds(Math.round(share * length));
            return new ActivitySample(time, latitude, latitude == null ? null : latitude / 4, altitude, heartRate, distance, cadence, power);
        }
    }

    private static Arbitrary<SampleSpec> sample() {
        Arbitrary<Double> share = Arbitraries.doubles().between(-0.05, 1.05).ofScale(3);
        Arbitrary<Double> value = Arbitraries.doubles().between(1, 200).ofScale(2);
        return Combinators.combine(share, value.injectNull(0.5), value.injectNull(0.5), value.injectNull(0.5),
                value.injectNull(0.5), value.injectNull(0.5), value.injectNull(0.5)).as(SampleSpec::new);
    }
}
