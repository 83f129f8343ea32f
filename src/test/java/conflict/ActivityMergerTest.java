package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.ConflictStrategy;
import model.HealthRecord;
import model.Provenance;
import model.Sport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Garmin's GPS-only run merged with a chest strap's heart rate recorded by Wahoo (or Fitbit) on the same run. */
class ActivityMergerTest {

    private static final Instant START = Instant.parse("2024-06-02T05:30:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private final ActivityRecord garmin = Recordings.garminRun(START, HALF_HOUR, Duration.ofSeconds(5));
    // the strap was started 7 s after the watch and stopped 20 s before it, reading every second
    private final ActivityRecord wahoo = Recordings.heartRateOnly("wahoo", "987654", START.plusSeconds(7),
            HALF_HOUR.minusSeconds(27), Duration.ofSeconds(1));

    @Test
    void gpsFromGarminAndHeartRateFromTheStrapMakeOneCompleteWorkout() {
        SyncPlan.Merge merge = ActivityMerger.merge(garmin, wahoo);
        ActivityRecord merged = merge.merged();

        assertThat(merged.start()).isEqualTo(garmin.start());
        assertThat(merged.end()).isEqualTo(garmin.end());
        assertThat(merged.sport()).isEqualTo(Sport.RUN);
        assertThat(merged.zoneOffset()).isEqualTo(garmin.zoneOffset());
        assertThat(merged.provenance()).isEqualTo(garmin.provenance());
        assertThat(merged.distanceMetres()).isEqualTo(garmin.distanceMetres());
        assertThat(merged.kilocalories()).as("the higher of the two").isEqualTo(402.0);
        assertThat(merge.existing()).isSameAs(wahoo);
        assertThat(merge.fieldProvenance()).containsEntry("position", "garmin:14632871025")
                .containsEntry("altitude", "garmin:14632871025")
                .containsEntry("distance", "garmin:14632871025")
                .containsEntry("heartRate", "wahoo:987654")
                .containsEntry("totalDistance", "garmin:14632871025")
                .containsEntry("kilocalories", "wahoo:987654")
                .containsEntry("time", "garmin:14632871025")
                .doesNotContainKeys("power");

        // the common time base: every second the strap recorded (7 s .. 1780 s) and Garmin's 5 s samples outside it
        assertThat(merged.samples()).hasSize(1774 + 6);
        assertThat(merged.samples()).allSatisfy(s -> assertThat(s.hasPosition()).as("GPS at %s", s.time()).isTrue());
        assertThat(merged.samples()).filteredOn(s -> s.heartRate() != null)
                .hasSize(wahoo.samples().size())
                .allSatisfy(s -> assertThat(s.time()).isBetween(wahoo.samples().get(0).time(), wahoo.samples().get(wahoo.samples().size() - 1).time()));
    }

    @Test
    void aSecondBetweenTwoGarminSamplesGetsAnInterpolatedPositionAndTheStrapsExactHeartRate() {
        ActivityRecord merged = ActivityMerger.merge(garmin, wahoo).merged();
        ActivitySample at10 = sampleAt(garmin, 10);
        ActivitySample at15 = sampleAt(garmin, 15);
        ActivitySample at12 = sampleAt(merged, 12);

        assertThat(at12.latitude()).isCloseTo(at10.latitude() + 0.4 * (at15.latitude() - at10.latitude()), within(1e-12));
        assertThat(at12.longitude()).isCloseTo(at10.longitude() + 0.4 * (at15.longitude() - at10.longitude()), within(1e-12));
        assertThat(at12.distanceMetres()).isCloseTo(2.8 * 12, within(1e-9));
        assertThat(at12.heartRate()).isEqualTo(sampleAt(wahoo, 12).heartRate());
        assertThat(sampleAt(merged, 5).heartRate()).as("before the strap started").isNull();
    }

    @Test
    void fitbitsFiveSecondHeartRateIsInterpolatedOntoGarminsSecondBySecondTrack() {
        ActivityRecord garminEverySecond = Recordings.garminRun(START, HALF_HOUR, Duration.ofSeconds(1));
        ActivityRecord fitbit = Recordings.heartRateOnly("fitbit", "48213190327", START.plusSeconds(3), HALF_HOUR,
                Duration.ofSeconds(5));
        SyncPlan.Merge merge = ActivityMerger.merge(garminEverySecond, fitbit);
        ActivityRecord merged = merge.merged();

        assertThat(merge.fieldProvenance()).containsEntry("heartRate", "fitbit:48213190327").containsEntry("position", "garmin:14632871025");
        double at8 = sampleAt(fitbit, 8).heartRate();
        double at13 = sampleAt(fitbit, 13).heartRate();
        assertThat(sampleAt(merged, 10).heartRate()).isCloseTo(at8 + 0.4 * (at13 - at8), within(1e-9));
        // the strap ran 3 s past the watch: the merged workout is the source's period, so those seconds stay out
        assertThat(merged.samples()).allSatisfy(s -> assertThat(s.time()).isBetween(merged.start(), merged.end()));
        assertThat(merged.samples().get(merged.samples().size() - 1).time()).isEqualTo(garminEverySecond.end());
        assertThat(merged.samples()).allSatisfy(s -> assertThat(s.hasPosition()).as("the watch recorded every second").isTrue());
    }

    @Test
    void aGapLongerThanThirtySecondsIsNotBridged() {
        // GPS lost in a tunnel for 40 s; the strap has no position to offer either
        ActivityRecord tunnel = new ActivityRecord(garmin.start(), garmin.end(), Sport.RUN, null, null, null,
                garmin.samples().stream().filter(s -> s.time().isBefore(START.plusSeconds(100)) || !s.time().isBefore(START.plusSeconds(140))).toList(),
                garmin.zoneOffset(), garmin.provenance());
        ActivityRecord merged = ActivityMerger.merge(tunnel, wahoo).merged();

        assertThat(merged.samples()).filteredOn(s -> s.time().isAfter(START.plusSeconds(95)) && s.time().isBefore(START.plusSeconds(140)))
                .isNotEmpty().allSatisfy(s -> {
                    assertThat(s.hasPosition()).isFalse();
                    assertThat(s.heartRate()).isNotNull();
                });
    }

    @Test
    void aSourceSampleWithoutTheFieldIsFilledFromTheDestination() {
        ActivityRecord withDropout = new ActivityRecord(garmin.start(), garmin.end(), Sport.RUN, null, null, null,
                garmin.samples().stream().map(s -> s.time().equals(START.plusSeconds(60))
                        ? new ActivitySample(s.time(), null, null, null, null, null, null, null) : s).toList(),
                garmin.zoneOffset(), garmin.provenance());
        ActivityRecord phone = Recordings.garminRun(START, HALF_HOUR, Duration.ofSeconds(5));
        phone = new ActivityRecord(phone.start(), phone.end(), Sport.RUN, null, null, null, phone.samples(), phone.zoneOffset(),
                new Provenance("googlefit", "session-1", "Pixel 8"));
        ActivitySample at60 = sampleAt(ActivityMerger.merge(withDropout, phone).merged(), 60);
        assertThat(at60.hasPosition()).isTrue();
        assertThat(at60.latitude()).isEqualTo(sampleAt(phone, 60).latitude());
    }

    @Test
    void mergingAgainWithTheMergedWorkoutChangesNothing() {
        SyncPlan.Merge first = ActivityMerger.merge(garmin, wahoo);
        SyncPlan.Merge second = ActivityMerger.merge(garmin, first.merged());
        assertThat(second.merged().samples()).isEqualTo(first.merged().samples());
        assertThat(ActivityMerger.sameRecording(second.merged(), first.merged())).isTrue();
    }

    @Test
    void theResolverMergesOnceAndThenFindsTheMergedWorkoutPresent() {
        SyncPlan first = ConflictResolver.resolve(List.of(garmin), List.of(wahoo), ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(first.merges()).singleElement().satisfies(m -> assertThat(m.existing()).isSameAs(wahoo));
        assertThat(first.forWrite().replacements()).singleElement()
                .satisfies(r -> assertThat(r.source()).isEqualTo(first.merges().get(0).merged()));

        List<HealthRecord> afterWrite = List.of(first.merges().get(0).merged());
        SyncPlan second = ConflictResolver.resolve(List.of(garmin), afterWrite, ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(second.isEmpty()).isTrue();
        assertThat(second.skips()).extracting(SyncPlan.Skip::reason).containsExactly(ConflictResolver.ALREADY_PRESENT);
    }

    @Test
    void sameTotalsAndSampleCountButMissingHeartRateIsStillMerged() {
        // the strap recorded at exactly Garmin's instants: a sameValueAs comparison alone would call it present
        ActivityRecord strap = Recordings.heartRateOnly("wahoo", "1", START, HALF_HOUR, Duration.ofSeconds(5));
        strap = new ActivityRecord(garmin.start(), garmin.end(), Sport.RUN, null, garmin.distanceMetres(), garmin.kilocalories(),
                strap.samples(), ZoneOffset.UTC, strap.provenance());
        assertThat(garmin.sameValueAs(strap)).isTrue();
        SyncPlan plan = ConflictResolver.resolve(List.of(garmin), List.of(strap), ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(plan.merges()).singleElement()
                .satisfies(m -> assertThat(m.merged().samples()).allSatisfy(s -> assertThat(s.heartRate()).isNotNull()));
    }

    @Test
    void totalsKeepTheKnownOneWhenTheOtherSideHasNone() {
        SyncPlan.Merge merge = ActivityMerger.merge(wahoo, garmin);
        assertThat(merge.merged().distanceMetres()).isEqualTo(garmin.distanceMetres());
        assertThat(merge.fieldProvenance()).containsEntry("totalDistance", "garmin:14632871025").containsEntry("heartRate", "wahoo:987654");
        Map<String, String> none = ActivityMerger.merge(
                new ActivityRecord(START, START.plusSeconds(60), Sport.RUN, null, null, null, List.of(), null, new Provenance("a", "1", null)),
                new ActivityRecord(START, START.plusSeconds(60), Sport.RUN, null, null, null, List.of(), null, new Provenance("b", "2", null)))
                .fieldProvenance();
        assertThat(none).containsOnlyKeys("time");
    }

    @Test
    void lapsAreTheSourcesOrElseTheDestinationsWithinTheSourcesPeriod() {
        // the strap's recording was lapped every 10 minutes from its own start, 7 s after the watch's
        Instant strapStart = START.plusSeconds(7);
        ActivityRecord lappedStrap = wahoo.withLaps(List.of(
                new ActivityLap(START.minusSeconds(60), strapStart, null),
                new ActivityLap(strapStart, strapStart.plusSeconds(600), 1701.0),
                new ActivityLap(strapStart.plusSeconds(600), strapStart.plusSeconds(1200), 1698.5),
                new ActivityLap(strapStart.plusSeconds(1200), START.plus(HALF_HOUR).plusSeconds(40), 1650.0)));

        SyncPlan.Merge fromStrap = ActivityMerger.merge(garmin, lappedStrap);
        assertThat(fromStrap.merged().laps()).as("clipped to the watch's half hour; a clipped lap's distance is unknown")
                .containsExactly(
                        new ActivityLap(START, strapStart, null),
                        new ActivityLap(strapStart, strapStart.plusSeconds(600), 1701.0),
                        new ActivityLap(strapStart.plusSeconds(600), strapStart.plusSeconds(1200), 1698.5),
                        new ActivityLap(strapStart.plusSeconds(1200), START.plus(HALF_HOUR), null));
        assertThat(fromStrap.fieldProvenance()).containsEntry("laps", "wahoo:987654");

        ActivityRecord lappedWatch = garmin.withLaps(List.of(new ActivityLap(START, START.plusSeconds(900), 2500.0),
                new ActivityLap(START.plusSeconds(900), START.plus(HALF_HOUR), 2480.0)));
        SyncPlan.Merge fromWatch = ActivityMerger.merge(lappedWatch, lappedStrap);
        assertThat(fromWatch.merged().laps()).isEqualTo(lappedWatch.laps());
        assertThat(fromWatch.fieldProvenance()).containsEntry("laps", "garmin:14632871025");

        assertThat(ActivityMerger.merge(garmin, wahoo).fieldProvenance()).as("neither has laps").doesNotContainKey("laps");
        assertThat(ActivityMerger.sameRecording(ActivityMerger.merge(garmin, fromStrap.merged()).merged(), fromStrap.merged()))
                .as("merging the merged workout again changes nothing").isTrue();
    }

    private static ActivitySample sampleAt(ActivityRecord record, long secondsAfterStart) {
        Instant t = START.plusSeconds(secondsAfterStart);
        return record.samples().stream().filter(s -> s.time().equals(t)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample at " + t));
    }
}
