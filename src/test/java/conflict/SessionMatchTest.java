package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import model.ActivityRecord;
import model.ActivitySample;
import model.ConflictStrategy;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Provenance;
import model.SleepRecord;
import model.Sport;
import model.StepsRecord;

import static conflict.Recordings.workout;
import static org.assertj.core.api.Assertions.assertThat;

/** Where "the same period" begins and ends, per type (docs/architecture.md §8). */
class SessionMatchTest {

    private static final Instant T = Instant.parse("2024-05-04T07:00:00Z");
    private static final ZoneOffset CEST = ZoneOffset.ofHours(2);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    // short workouts, so that the ±2 min / ±15 % rule is not rescued by the 50 % overlap rule
    @Test
    void startsTwoMinutesApartMatchOneSecondMoreDoNot() {
        ActivityRecord a = workout(T, 200, Sport.RUN, CEST, "strava");
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(120), 200, Sport.RUN, CEST, "wahoo"))).isTrue();
        assertThat(SessionMatch.sameWorkout(a, workout(T.minusSeconds(120), 200, Sport.RUN, CEST, "wahoo"))).isTrue();
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(121), 200, Sport.RUN, CEST, "wahoo"))).isFalse();
        assertThat(SessionMatch.sameWorkout(a, workout(T.minusSeconds(121), 200, Sport.RUN, CEST, "wahoo"))).isFalse();
    }

    @Test
    void durationsFifteenPercentApartMatchMoreDoNot() {
        ActivityRecord a = workout(T, 200, Sport.RUN, CEST, "strava");
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(120), 170, Sport.RUN, CEST, "wahoo"))).isTrue();
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(120), 169, Sport.RUN, CEST, "wahoo"))).isFalse();
        assertThat(SessionMatch.sameWorkout(workout(T.plusSeconds(120), 170, Sport.RUN, CEST, "wahoo"), a)).as("symmetric").isTrue();
    }

    @Test
    void halfOfTheShorterWorkoutOverlappingMatchesLessDoesNot() {
        ActivityRecord a = workout(T, 1000, Sport.RIDE, CEST, "strava");
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(500), 1000, Sport.RIDE, CEST, "garmin"))).isTrue();
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(501), 1000, Sport.RIDE, CEST, "garmin"))).isFalse();
        // a short spin inside a long ride: all of the shorter one overlaps
        assertThat(SessionMatch.sameWorkout(a, workout(T.plusSeconds(300), 400, Sport.RIDE, CEST, "garmin"))).isTrue();
    }

    @Test
    void incompatibleSportsNeverMatchVagueOnesMatchAny() {
        ActivityRecord run = workout(T, 3600, Sport.RUN, CEST, "garmin");
        assertThat(SessionMatch.sameWorkout(run, workout(T, 3600, Sport.RIDE, CEST, "strava"))).isFalse();
        assertThat(SessionMatch.sameWorkout(run, workout(T, 3600, Sport.WORKOUT, CEST, "fitbit"))).isTrue();
        assertThat(SessionMatch.sameWorkout(workout(T, 3600, Sport.OTHER, CEST, "googlefit"), workout(T, 3600, Sport.SWIM, CEST, "garmin"))).isTrue();

        SyncPlan plan = ConflictResolver.resolve(List.of(run), List.of(workout(T, 3600, Sport.RIDE, CEST, "strava")),
                ConflictStrategy.PRIORITIZE_DESTINATION, r -> true);
        assertThat(plan.creates()).as("a ride at the same time is another workout").containsExactly(run);
    }

    @Test
    void aWorkoutLoggedInLocalTimeWithoutOffsetMatchesItsUtcTwinOnBothSidesOfTheDstChange() {
        for (LocalDateTime local : List.of(LocalDateTime.parse("2024-03-30T10:00:00"), LocalDateTime.parse("2024-03-31T10:00:00"),
                LocalDateTime.parse("2024-10-27T02:30:00"), LocalDateTime.parse("2024-10-27T10:00:00"))) {
            ZoneOffset offset = BERLIN.getRules().getOffset(local);
            ActivityRecord utc = workout(local.toInstant(offset), 2700, Sport.RUN, offset, "garmin");
            // the provider gave "2024-03-31T10:00" with no offset, which the mapper read as UTC
            ActivityRecord wallClock = workout(local.plusSeconds(45).toInstant(ZoneOffset.UTC), 2650, Sport.RUN, ZoneOffset.UTC, "fitbit");
            assertThat(SessionMatch.sameWorkout(utc, wallClock)).as("at %s", local).isTrue();
            assertThat(SessionMatch.sameWorkout(wallClock, utc)).as("at %s", local).isTrue();
            // three hours later on the wall clock is another workout
            assertThat(SessionMatch.sameWorkout(workout(local.plusHours(3).toInstant(offset), 2700, Sport.RUN, offset, "garmin"), wallClock))
                    .isFalse();
        }
    }

    @Test
    void mergingALocalTimeTwinPutsItsStreamOnTheUtcTimeLine() {
        Instant start = LocalDateTime.parse("2024-03-31T10:00:00").toInstant(CEST);
        ActivityRecord garmin = Recordings.garminRun(start, Duration.ofMinutes(30), Duration.ofSeconds(5));
        ActivityRecord strap = Recordings.heartRateOnly("fitbit", "1", start.plusSeconds(CEST.getTotalSeconds()),
                Duration.ofMinutes(30), Duration.ofSeconds(5));
        ActivityRecord strapLocal = new ActivityRecord(strap.start(), strap.end(), Sport.RUN, null, null, null, strap.samples(),
                ZoneOffset.UTC, strap.provenance());

        SyncPlan plan = ConflictResolver.resolve(List.of(garmin), List.of(strapLocal), ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(plan.merges()).singleElement().satisfies(m -> {
            assertThat(m.existing()).isSameAs(strapLocal);
            assertThat(m.merged().samples()).hasSize(garmin.samples().size())
                    .allSatisfy(s -> assertThat(s.heartRate()).isNotNull()).allSatisfy(s -> assertThat(s.hasPosition()).isTrue());
        });
        SyncPlan again = ConflictResolver.resolve(List.of(garmin), List.of(plan.merges().get(0).merged()),
                ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(again.isEmpty()).isTrue();

        // the other way round: the local-time side is the source, its merged workout lands on the UTC time line
        SyncPlan reverse = ConflictResolver.resolve(List.of(strapLocal), List.of(garmin), ConflictStrategy.MERGE_INTELLIGENTLY, r -> true);
        assertThat(reverse.merges()).singleElement().satisfies(m -> {
            assertThat(m.merged().start()).isEqualTo(garmin.start());
            assertThat(m.merged().zoneOffset()).isEqualTo(CEST);
            assertThat(m.merged().samples()).hasSize(garmin.samples().size());
        });
    }

    @Test
    void sleepsMatchWhenTheyOverlapAtAllButNotWhenTheyOnlyTouch() {
        Provenance p = new Provenance("garmin", "s1", null);
        SleepRecord night = new SleepRecord(T.minusSeconds(8 * 3600), T, List.of(), CEST, p);
        assertThat(SessionMatch.sameSession(night, new SleepRecord(T.minusSeconds(60), T.plusSeconds(3600), List.of(), CEST, p))).isTrue();
        assertThat(SessionMatch.sameSession(night, new SleepRecord(T, T.plusSeconds(3600), List.of(), CEST, p))).isFalse();
        assertThat(SessionMatch.sameSession(night, new SleepRecord(T.minusSeconds(7 * 3600), T.minusSeconds(6 * 3600), List.of(), CEST, p)))
                .as("a nap inside the night").isTrue();
    }

    @Test
    void samplesMatchAtTheSecondTheProvidersKeep() {
        Provenance p = new Provenance("fitbit", "x", null);
        HealthRecord beat = new HeartRateRecord(T, 62, CEST, p);
        List<HealthRecord> nanos = List.of(new HeartRateRecord(T.plusNanos(999_000_000), 70, ZoneOffset.UTC, p));
        List<HealthRecord> nextSecond = List.of(new HeartRateRecord(T.plusSeconds(1), 70, ZoneOffset.UTC, p));
        assertThat(ConflictResolver.resolve(List.of(beat), nanos, ConflictStrategy.PRIORITIZE_DESTINATION, r -> true).creates()).isEmpty();
        assertThat(ConflictResolver.resolve(List.of(beat), nextSecond, ConflictStrategy.PRIORITIZE_DESTINATION, r -> true).creates())
                .containsExactly(beat);
        // steps: the same interval is a conflict, an overlapping but different interval is not
        HealthRecord minute = new StepsRecord(T, T.plusSeconds(60), 80, CEST, p);
        assertThat(ConflictResolver.resolve(List.of(minute), List.of(new StepsRecord(T, T.plusSeconds(60), 10, CEST, p)),
                ConflictStrategy.PRIORITIZE_DESTINATION, r -> true).creates()).isEmpty();
    }

    @Test
    void twoSourceRecordingsOfOneDestinationWorkoutDoNotBothReplaceIt() {
        ActivityRecord existing = workout(T, 3600, Sport.RUN, CEST, "wahoo");
        ActivityRecord first = withDistance(workout(T.plusSeconds(30), 3600, Sport.RUN, CEST, "strava"), 10_000.0);
        ActivityRecord second = withDistance(workout(T.plusSeconds(60), 3590, Sport.RUN, CEST, "strava2"), 9_000.0);
        SyncPlan plan = ConflictResolver.resolve(List.of(first, second), List.of(existing), ConflictStrategy.PRIORITIZE_SOURCE, r -> true);
        assertThat(plan.replacements()).singleElement().satisfies(r -> assertThat(r.source()).isSameAs(first));
        assertThat(plan.creates()).containsExactly(second);
    }

    /**
     * Found by the re-run property: a workout in +02:00 and another two hours later in local time without an offset
     * read as UTC have the same wall-clock start, so each matches the other's copy at the destination too. Each
     * must still find its own copy there, or a re-run writes it a second time.
     */
    @Test
    void aWorkoutAlreadyWrittenIsFoundEvenWhenAnotherSourceWorkoutIsItsLocalTimeTwin() {
        ActivityRecord inCest = workout(T, 3600, Sport.RUN, CEST, "strava");
        ActivityRecord wallClockAsUtc = workout(T.plusSeconds(CEST.getTotalSeconds()), 3600, Sport.RUN, ZoneOffset.UTC, "strava");
        for (ConflictStrategy strategy : ConflictStrategy.values()) {
            SyncPlan rerun = ConflictResolver.resolve(List.of(inCest, wallClockAsUtc), List.of(inCest, wallClockAsUtc), strategy, r -> true);
            assertThat(rerun.isEmpty()).as(strategy.name()).isTrue();
            assertThat(rerun.skips()).as(strategy.name()).extracting(SyncPlan.Skip::reason)
                    .containsOnly(ConflictResolver.ALREADY_PRESENT);
        }
    }

    private static ActivityRecord withDistance(ActivityRecord a, double metres) {
        return new ActivityRecord(a.start(), a.end(), a.sport(), a.name(), metres, a.kilocalories(),
                List.<ActivitySample>of(), a.zoneOffset(), a.provenance());
    }
}
