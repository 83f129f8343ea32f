package providers.garmin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HeartRateRecord;
import model.Json;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.StepsRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.garmin.GarminMapper.LatestSummaries;
import providers.garmin.GarminMapper.SummaryType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Garmin Health / Activity API summaries shaped as docs/providers/garmin.md §2.2–2.6 shows them: UTC epoch seconds with the user's
 * offset in seconds beside them, dailies with {@code timeOffsetHeartRateSamples}, 15-minute epochs, sleeps with
 * {@code sleepLevelsMap}, body compositions in grams.
 */
class GarminMapperTest {

    private static final TimeWindow ALL = new TimeWindow(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));

    private static List<JsonNode> summaries(String json, SummaryType type) throws Exception {
        return GarminMapper.summaries(Json.MAPPER.readTree(json), type);
    }

    @Test
    void theDailiesOfTheFactsGiveHeartRateAtTheirOffsetsFromTheStartOfTheDay() throws Exception {
        List<JsonNode> dailies = summaries("""
                {"dailies":[{"userId":"u-1","summaryId":"x1-65e1a200","calendarDate":"2024-03-01","steps":9312,
                  "distanceInMeters":7012.5,"activeKilocalories":410,"startTimeInSeconds":1709247600,"startTimeOffsetInSeconds":3600,
                  "durationInSeconds":86400,"restingHeartRateInBeatsPerMinute":56,"timeOffsetHeartRateSamples":{"15":61,"30":60}}]}""",
                SummaryType.DAILIES);

        List<HeartRateRecord> heartRates = GarminMapper.dailyHeartRates(dailies, ALL);

        assertThat(heartRates).containsExactly(
                new HeartRateRecord(Instant.ofEpochSecond(1709247615), 61, ZoneOffset.ofHours(1), new Provenance("garmin", "x1-65e1a200@15", null)),
                new HeartRateRecord(Instant.ofEpochSecond(1709247630), 60, ZoneOffset.ofHours(1), new Provenance("garmin", "x1-65e1a200@30", null)));
    }

    @Test
    void heartRateKeepsTheDaysOffsetAcrossAClockChangeAndOnlyTheWindowsReadings() throws Exception {
        // 2024-03-31 in Berlin has 23 hours; the daily names only the offset at midnight
        List<JsonNode> dailies = summaries("""
                [{"summaryId":"d-31","calendarDate":"2024-03-31","startTimeInSeconds":1711839600,"startTimeOffsetInSeconds":3600,
                  "durationInSeconds":82800,"timeOffsetHeartRateSamples":{"3600":58,"10800":0,"36000":"71"}}]""", SummaryType.DAILIES);

        List<HeartRateRecord> all = GarminMapper.dailyHeartRates(dailies, ALL);
        assertThat(all).extracting(HeartRateRecord::time)
                .as("a zero is no reading; a string-typed bpm is read")
                .containsExactly(Instant.parse("2024-03-31T00:00:00Z"), Instant.parse("2024-03-31T09:00:00Z"));
        assertThat(all).extracting(HeartRateRecord::zoneOffset).containsOnly(ZoneOffset.ofHours(1));

        TimeWindow morning = new TimeWindow(Instant.parse("2024-03-31T08:00:00Z"), Instant.parse("2024-03-31T10:00:00Z"));
        assertThat(GarminMapper.dailyHeartRates(dailies, morning)).extracting(HeartRateRecord::bpm).containsExactly(71.0);
    }

    @Test
    void aDailyWithoutSamplesOrOffsetGivesWhatItHas() throws Exception {
        assertThat(GarminMapper.dailyHeartRates(summaries("""
                [{"summaryId":"d1","startTimeInSeconds":1709247600,"durationInSeconds":86400,"steps":100}]""", SummaryType.DAILIES),
                ALL)).isEmpty();
        assertThat(GarminMapper.dailyHeartRates(summaries("""
                [{"summaryId":"d1","startTimeInSeconds":1709247600,"timeOffsetHeartRateSamples":{"60":62}}]""", SummaryType.DAILIES),
                ALL)).singleElement().extracting(HeartRateRecord::zoneOffset).as("no offset: UTC").isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aLaterUploadOfTheSameDailyReplacesItsReadings() throws Exception {
        LatestSummaries latest = new LatestSummaries(SummaryType.DAILIES);
        latest.add(summaries("""
                [{"summaryId":"d1","startTimeInSeconds":1709247600,"startTimeOffsetInSeconds":3600,
                  "timeOffsetHeartRateSamples":{"60":62,"120":63}}]""", SummaryType.DAILIES));
        latest.add(summaries("""
                [{"summaryId":"d1","startTimeInSeconds":1709247600,"startTimeOffsetInSeconds":3600,
                  "timeOffsetHeartRateSamples":{"60":64,"120":63,"180":66}}]""", SummaryType.DAILIES));

        assertThat(latest.values()).hasSize(1);
        assertThat(GarminMapper.dailyHeartRates(latest.values(), ALL)).extracting(HeartRateRecord::bpm).containsExactly(64.0, 63.0, 66.0);
    }

    @Test
    void epochsOfOneQuarterHourAreAddedUpAndEpochsWithoutStepsAreNoRecord() throws Exception {
        List<JsonNode> epochs = summaries("""
                [{"userId":"u-1","summaryId":"e-walk","activityType":"WALKING","activeKilocalories":12,"steps":603,
                  "distanceInMeters":459.4,"durationInSeconds":900,"activeTimeInSeconds":420,"startTimeInSeconds":1709276400,
                  "startTimeOffsetInSeconds":3600,"met":3.3,"intensity":"ACTIVE"},
                 {"userId":"u-1","summaryId":"e-sed","activityType":"SEDENTARY","steps":0,"durationInSeconds":900,
                  "activeTimeInSeconds":480,"startTimeInSeconds":1709276400,"startTimeOffsetInSeconds":3600},
                 {"userId":"u-1","summaryId":"e-run","activityType":"RUNNING","steps":"41","durationInSeconds":900,
                  "startTimeInSeconds":1709276400,"startTimeOffsetInSeconds":3600},
                 {"userId":"u-1","summaryId":"e-next","activityType":"SEDENTARY","durationInSeconds":900,
                  "startTimeInSeconds":1709277300,"startTimeOffsetInSeconds":3600}]""", SummaryType.EPOCHS);

        assertThat(GarminMapper.epochSteps(epochs, ALL)).containsExactly(new StepsRecord(Instant.ofEpochSecond(1709276400),
                Instant.ofEpochSecond(1709277300), 644, ZoneOffset.ofHours(1), new Provenance("garmin", "e-run+e-sed+e-walk", null)));
    }

    @Test
    void epochsKeepTheirOwnOffsetAcrossTheClockChangeAndOverlapTheWindow() throws Exception {
        // Berlin switched to summer time at 2024-03-31T01:00Z
        List<JsonNode> epochs = summaries("""
                [{"summaryId":"a","steps":10,"durationInSeconds":900,"startTimeInSeconds":1711845900,"startTimeOffsetInSeconds":3600},
                 {"summaryId":"b","steps":20,"durationInSeconds":900,"startTimeInSeconds":1711847700,"startTimeOffsetInSeconds":7200}]""",
                SummaryType.EPOCHS);

        assertThat(GarminMapper.epochSteps(epochs, ALL)).extracting(StepsRecord::zoneOffset)
                .containsExactly(ZoneOffset.ofHours(1), ZoneOffset.ofHours(2));
        TimeWindow window = new TimeWindow(Instant.parse("2024-03-31T00:50:00Z"), Instant.parse("2024-03-31T01:00:00Z"));
        assertThat(GarminMapper.epochSteps(epochs, window)).extracting(StepsRecord::count).as("overlapping the window").containsExactly(10L);
    }

    @Test
    void aSleepBecomesASessionWithItsLevelsInTimeOrder() throws Exception {
        List<JsonNode> sleeps = summaries("""
                [{"userId":"u-1","summaryId":"s-1","calendarDate":"2024-03-02","durationInSeconds":27000,
                  "startTimeInSeconds":1709330400,"startTimeOffsetInSeconds":3600,"deepSleepDurationInSeconds":3600,
                  "lightSleepDurationInSeconds":18000,"remSleepInSeconds":4800,"awakeDurationInSeconds":600,"validation":"ENHANCED_FINAL",
                  "sleepLevelsMap":{
                    "light":[{"startTimeInSeconds":1709330400,"endTimeInSeconds":1709332200},
                             {"startTimeInSeconds":1709335800,"endTimeInSeconds":1709352000}],
                    "deep":[{"startTimeInSeconds":1709332200,"endTimeInSeconds":1709335800}],
                    "rem":[{"startTimeInSeconds":1709352000,"endTimeInSeconds":1709356800}],
                    "awake":[{"startTimeInSeconds":1709356800,"endTimeInSeconds":1709358000}],
                    "unmeasurable":[{"startTimeInSeconds":1709356800,"endTimeInSeconds":1709357000}]}}]""", SummaryType.SLEEPS);

        SleepRecord sleep = GarminMapper.sleeps(sleeps, ALL).get(0);

        assertThat(sleep.start()).isEqualTo(Instant.ofEpochSecond(1709330400));
        assertThat(sleep.end()).isEqualTo(Instant.ofEpochSecond(1709357400));
        assertThat(sleep.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(sleep.provenance()).isEqualTo(new Provenance("garmin", "s-1", null));
        assertThat(sleep.stages()).extracting(SleepStage::level).as("unknown levels left out")
                .containsExactly(SleepStage.Level.LIGHT, SleepStage.Level.DEEP, SleepStage.Level.LIGHT, SleepStage.Level.REM,
                        SleepStage.Level.AWAKE);
        assertThat(sleep.stages().get(4).end()).as("cut to the sleep's end").isEqualTo(sleep.end());
        // Garmin's own total of sleep is deep + light + REM; awake time is not sleep
        JsonNode summary = sleeps.get(0);
        assertThat(sleep.asleep()).isEqualTo(Duration.ofSeconds(summary.get("deepSleepDurationInSeconds").asLong()
                + summary.get("lightSleepDurationInSeconds").asLong() + summary.get("remSleepInSeconds").asLong()));
    }

    @Test
    void aSleepWithoutLevelsOrDurationAndOneOutsideTheWindow() throws Exception {
        List<JsonNode> sleeps = summaries("""
                [{"summaryId":"s-1","durationInSeconds":3600,"startTimeInSeconds":1709330400,"startTimeOffsetInSeconds":-18000},
                 {"summaryId":"s-0","durationInSeconds":0,"startTimeInSeconds":1709330400},
                 {"summaryId":"s-2","durationInSeconds":3600,"startTimeInSeconds":1609330400}]""", SummaryType.SLEEPS);
        TimeWindow window = new TimeWindow(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-03T00:00:00Z"));

        assertThat(GarminMapper.sleeps(sleeps, window)).singleElement().satisfies(sleep -> {
            assertThat(sleep.stages()).isEmpty();
            assertThat(sleep.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        });
    }

    @Test
    void bodyCompositionsGiveWeightsInKilograms() throws Exception {
        List<JsonNode> bodyComps = summaries("""
                [{"userId":"u-1","summaryId":"bc-1","measurementTimeInSeconds":1709276700,"measurementTimeOffsetInSeconds":3600,
                  "muscleMassInGrams":31000,"boneMassInGrams":3000,"bodyWaterInPercent":55.2,"bodyFatInPercent":19.8,
                  "bodyMassIndex":23.1,"weightInGrams":72450},
                 {"userId":"u-1","summaryId":"bc-2","measurementTimeInSeconds":1709363100,"bodyFatInPercent":19.5}]""",
                SummaryType.BODY_COMPS);

        assertThat(GarminMapper.bodyComps(bodyComps, ALL)).as("a body composition without weight is no weighing").containsExactly(
                new WeightRecord(Instant.ofEpochSecond(1709276700), 72.45, ZoneOffset.ofHours(1), new Provenance("garmin", "bc-1", null)));
    }

    @Test
    void emptyListsAreNoRecords() throws Exception {
        assertThat(summaries("[]", SummaryType.EPOCHS)).isEmpty();
        assertThat(summaries("{\"epochs\":[]}", SummaryType.EPOCHS)).isEmpty();
        assertThat(GarminMapper.epochSteps(List.of(), ALL)).isEmpty();
        assertThat(GarminActivityMapper.activities(List.of(), List.of(), ALL)).isEmpty();
    }

    @Test
    void malformedAnswersAreRefusedNotReadAsNoData() {
        assertThatThrownBy(() -> summaries("{}", SummaryType.EPOCHS)).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> summaries("{\"epochs\":{}}", SummaryType.EPOCHS)).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> summaries("[1,2]", SummaryType.EPOCHS)).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> GarminMapper.epochSteps(summaries("""
                [{"summaryId":"e","steps":5,"durationInSeconds":900}]""", SummaryType.EPOCHS), ALL))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("startTimeInSeconds");
        assertThatThrownBy(() -> GarminMapper.epochSteps(summaries("""
                [{"steps":5,"durationInSeconds":900,"startTimeInSeconds":1709276400}]""", SummaryType.EPOCHS), ALL))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("summaryId");
        assertThatThrownBy(() -> GarminMapper.epochSteps(summaries("""
                [{"summaryId":"e","steps":5,"durationInSeconds":900,"startTimeInSeconds":1709276400,"startTimeOffsetInSeconds":90000}]""",
                SummaryType.EPOCHS), ALL)).isInstanceOf(PermanentSyncException.class).hasMessageContaining("18 hours");
        assertThatThrownBy(() -> GarminMapper.dailyHeartRates(summaries("""
                [{"summaryId":"d","startTimeInSeconds":1709247600,"timeOffsetHeartRateSamples":{"noon":61}}]""", SummaryType.DAILIES), ALL))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> GarminMapper.bodyComps(summaries("""
                [{"summaryId":"b","measurementTimeInSeconds":1709276700,"weightInGrams":"heavy"}]""", SummaryType.BODY_COMPS), ALL))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> GarminMapper.sleeps(summaries("""
                [{"summaryId":"s","startTimeInSeconds":1709330400,"durationInSeconds":600,
                  "sleepLevelsMap":{"deep":[{"startTimeInSeconds":1709330500,"endTimeInSeconds":1709330400}]}}]""", SummaryType.SLEEPS), ALL))
                .isInstanceOf(PermanentSyncException.class);
    }
}
