package providers.fitbit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.Json;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage;
import model.TimeWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fitbit sleep logs shaped as docs/providers/fitbit.md §2.3 shows them: local times without offset, duration in milliseconds. */
class FitbitSleepMapperTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final TimeWindow ALL_OF_2024 = new TimeWindow(Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:00:00Z"));

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static SleepRecord only(List<HealthRecord> records) {
        assertThat(records).hasSize(1);
        return (SleepRecord) records.get(0);
    }

    @Test
    void aStagesLogThatBeganTheEveningBeforeIsPlacedInTheUsersZone() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":26013218219,"dateOfSleep":"2024-03-02","startTime":"2024-03-01T23:12:30.000",
                  "endTime":"2024-03-02T06:58:00.000","duration":27900000,"efficiency":92,"isMainSleep":true,
                  "minutesAsleep":421,"minutesAwake":44,"timeInBed":465,"type":"stages","logType":"auto_detected",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:12:30.000","level":"wake","seconds":270},
                                    {"dateTime":"2024-03-01T23:17:00.000","level":"light","seconds":1800},
                                    {"dateTime":"2024-03-01T23:47:00.000","level":"deep","seconds":3600},
                                    {"dateTime":"2024-03-02T00:47:00.000","level":"rem","seconds":600}],
                            "summary":{"deep":{"count":4,"minutes":80},"light":{"count":25,"minutes":230}}}}],
                 "summary":{"totalMinutesAsleep":421,"totalTimeInBed":465,"totalSleepRecords":1}}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.start()).isEqualTo(Instant.parse("2024-03-01T22:12:30Z"));
        assertThat(sleep.end()).as("start + duration").isEqualTo(Instant.parse("2024-03-02T05:57:30Z"));
        assertThat(sleep.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(sleep.provenance()).isEqualTo(new Provenance("fitbit", "26013218219", "auto_detected"));
        assertThat(sleep.stages()).containsExactly(
                new SleepStage(Instant.parse("2024-03-01T22:12:30Z"), Instant.parse("2024-03-01T22:17:00Z"), SleepStage.Level.AWAKE),
                new SleepStage(Instant.parse("2024-03-01T22:17:00Z"), Instant.parse("2024-03-01T22:47:00Z"), SleepStage.Level.LIGHT),
                new SleepStage(Instant.parse("2024-03-01T22:47:00Z"), Instant.parse("2024-03-01T23:47:00Z"), SleepStage.Level.DEEP),
                new SleepStage(Instant.parse("2024-03-01T23:47:00Z"), Instant.parse("2024-03-01T23:57:00Z"), SleepStage.Level.REM));
    }

    @Test
    void aSleepCrossingMidnightBelongsToEveryWindowItOverlaps() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":1,"dateOfSleep":"2024-03-02","startTime":"2024-03-01T23:00:00.000","duration":28800000,
                  "type":"classic","levels":{"data":[]}}]}""");
        TimeWindow morning = new TimeWindow(Instant.parse("2024-03-02T04:00:00Z"), Instant.parse("2024-03-02T12:00:00Z"));
        TimeWindow evening = new TimeWindow(Instant.parse("2024-03-01T18:00:00Z"), Instant.parse("2024-03-01T22:30:00Z"));
        TimeWindow dayAfter = new TimeWindow(Instant.parse("2024-03-02T12:00:00Z"), Instant.parse("2024-03-03T00:00:00Z"));
        assertThat(FitbitSleepMapper.sleepLogs(answer, BERLIN, morning)).hasSize(1);
        assertThat(FitbitSleepMapper.sleepLogs(answer, BERLIN, evening)).hasSize(1);
        assertThat(FitbitSleepMapper.sleepLogs(answer, BERLIN, dayAfter)).isEmpty();
    }

    @Test
    void classicLevelsAreAsleepRestlessAndAwake() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":"77","startTime":"2024-03-01T23:00:00.000","duration":"5400000","type":"classic",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:00:00.000","level":"asleep","seconds":3000},
                                    {"dateTime":"2024-03-01T23:50:00.000","level":"restless","seconds":"300"},
                                    {"dateTime":"2024-03-01T23:55:00.000","level":"awake","seconds":2100}]}}]}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.stages()).extracting(SleepStage::level)
                .containsExactly(SleepStage.Level.ASLEEP, SleepStage.Level.RESTLESS, SleepStage.Level.AWAKE);
        assertThat(sleep.stages().get(2).end()).as("clipped to the end of the sleep").isEqualTo(sleep.end());
    }

    @Test
    void aClassicNightIsAsleepForFitbitsMinutesAsleepOnlyNotItsRestlessMinutes() throws Exception {
        // a classic log as Fitbit sends it: 112 minutes asleep, 6 restless, 12 awake; minutesAsleep leaves out both
        JsonNode answer = json("""
                {"sleep":[{"logId":26013218301,"dateOfSleep":"2024-03-02","startTime":"2024-03-01T23:30:00.000",
                  "endTime":"2024-03-02T01:40:00.000","duration":7800000,"efficiency":86,"isMainSleep":false,
                  "minutesAsleep":112,"minutesAwake":18,"timeInBed":130,"type":"classic","logType":"auto_detected",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:30:00.000","level":"awake","seconds":420},
                                    {"dateTime":"2024-03-01T23:37:00.000","level":"asleep","seconds":3600},
                                    {"dateTime":"2024-03-02T00:37:00.000","level":"restless","seconds":360},
                                    {"dateTime":"2024-03-02T00:43:00.000","level":"asleep","seconds":3120},
                                    {"dateTime":"2024-03-02T01:35:00.000","level":"awake","seconds":300}],
                            "summary":{"asleep":{"count":2,"minutes":112},"restless":{"count":1,"minutes":6},
                                       "awake":{"count":2,"minutes":12}}}}],
                 "summary":{"totalMinutesAsleep":112,"totalTimeInBed":130,"totalSleepRecords":1}}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.asleep()).isEqualTo(Duration.ofMinutes(answer.at("/sleep/0/minutesAsleep").asLong()));
    }

    @Test
    void aStagesNightIsAsleepForFitbitsMinutesAsleep() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":26013218302,"dateOfSleep":"2024-03-02","startTime":"2024-03-01T23:00:00.000",
                  "duration":14400000,"minutesAsleep":215,"minutesAwake":25,"timeInBed":240,"type":"stages",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:00:00.000","level":"wake","seconds":900},
                                    {"dateTime":"2024-03-01T23:15:00.000","level":"light","seconds":5400},
                                    {"dateTime":"2024-03-02T00:45:00.000","level":"deep","seconds":3600},
                                    {"dateTime":"2024-03-02T01:45:00.000","level":"wake","seconds":600},
                                    {"dateTime":"2024-03-02T01:55:00.000","level":"rem","seconds":3900}],
                            "summary":{"deep":{"count":1,"minutes":60},"light":{"count":1,"minutes":90},
                                       "rem":{"count":1,"minutes":65},"wake":{"count":2,"minutes":25}}}}]}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.asleep()).isEqualTo(Duration.ofMinutes(215));
    }

    @Test
    void aNightWhenTheClocksGoBackHasItsRepeatedHourOnce() throws Exception {
        // Berlin, 2024-10-27: 03:00 (+02:00) becomes 02:00 (+01:00); 02:xx local happens twice
        JsonNode answer = json("""
                {"sleep":[{"logId":2,"startTime":"2024-10-26T23:00:00.000","duration":32400000,"type":"stages",
                  "levels":{"data":[{"dateTime":"2024-10-26T23:00:00.000","level":"light","seconds":10800},
                                    {"dateTime":"2024-10-27T02:00:00.000","level":"deep","seconds":3600},
                                    {"dateTime":"2024-10-27T02:00:00.000","level":"rem","seconds":3600},
                                    {"dateTime":"2024-10-27T03:00:00.000","level":"light","seconds":14400}]}}]}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.start()).isEqualTo(Instant.parse("2024-10-26T21:00:00Z"));
        assertThat(sleep.end()).as("nine hours elapsed, 07:00 local").isEqualTo(Instant.parse("2024-10-27T06:00:00Z"));
        assertThat(sleep.stages()).extracting(SleepStage::start).containsExactly(Instant.parse("2024-10-26T21:00:00Z"),
                Instant.parse("2024-10-27T00:00:00Z"), Instant.parse("2024-10-27T01:00:00Z"), Instant.parse("2024-10-27T02:00:00Z"));
        assertThat(sleep.stages().get(3).end()).isEqualTo(sleep.end());
    }

    @Test
    void aNightWhenTheClocksGoForwardIsOneHourShorterThanItsLocalTimes() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":3,"startTime":"2024-03-30T23:00:00.000","endTime":"2024-03-31T07:00:00.000",
                  "duration":25200000,"type":"stages","levels":{"data":[
                    {"dateTime":"2024-03-30T23:00:00.000","level":"light","seconds":7200},
                    {"dateTime":"2024-03-31T03:00:00.000","level":"rem","seconds":18000}]}}]}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.duration()).isEqualTo(Duration.ofHours(7));
        assertThat(sleep.end()).isEqualTo(Instant.parse("2024-03-31T05:00:00Z"));
        assertThat(sleep.stages()).extracting(SleepStage::start).containsExactly(Instant.parse("2024-03-30T22:00:00Z"),
                Instant.parse("2024-03-31T01:00:00Z"));
    }

    @Test
    void shortWakesAreLaidOverTheLongStages() throws Exception {
        JsonNode answer = json("""
                {"sleep":[{"logId":4,"startTime":"2024-03-01T23:00:00.000","duration":7200000,"type":"stages",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:00:00.000","level":"light","seconds":3600},
                                    {"dateTime":"2024-03-02T00:00:00.000","level":"wake","seconds":600},
                                    {"dateTime":"2024-03-02T00:10:00.000","level":"deep","seconds":3000}],
                            "shortData":[{"dateTime":"2024-03-01T23:20:00.000","level":"wake","seconds":60},
                                         {"dateTime":"2024-03-02T00:09:30.000","level":"wake","seconds":90}]}}]}""");
        SleepRecord sleep = only(FitbitSleepMapper.sleepLogs(answer, BERLIN, ALL_OF_2024));
        assertThat(sleep.stages()).containsExactly(
                new SleepStage(Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-01T22:20:00Z"), SleepStage.Level.LIGHT),
                new SleepStage(Instant.parse("2024-03-01T22:20:00Z"), Instant.parse("2024-03-01T22:21:00Z"), SleepStage.Level.AWAKE),
                new SleepStage(Instant.parse("2024-03-01T22:21:00Z"), Instant.parse("2024-03-01T23:00:00Z"), SleepStage.Level.LIGHT),
                new SleepStage(Instant.parse("2024-03-01T23:00:00Z"), Instant.parse("2024-03-01T23:11:00Z"), SleepStage.Level.AWAKE),
                new SleepStage(Instant.parse("2024-03-01T23:11:00Z"), Instant.parse("2024-03-02T00:00:00Z"), SleepStage.Level.DEEP));
    }

    @Test
    void aLoggedSleepWithoutLevelsHasNoStagesAndAnEmptyAnswerNoSleeps() throws Exception {
        SleepRecord manual = only(FitbitSleepMapper.sleepLogs(json("""
                {"sleep":[{"logId":5,"startTime":"2024-03-01T23:00:00.000","duration":3600000,"logType":"manual"}]}"""),
                BERLIN, ALL_OF_2024));
        assertThat(manual.stages()).isEmpty();
        assertThat(manual.provenance().device()).isEqualTo("manual");
        assertThat(FitbitSleepMapper.sleepLogs(json("""
                {"sleep":[],"summary":{"totalMinutesAsleep":0,"totalSleepRecords":0,"totalTimeInBed":0}}"""), BERLIN, ALL_OF_2024))
                .isEmpty();
    }

    @Test
    void unreadableLogsAreRefusedRatherThanHalfRead() throws Exception {
        assertThatThrownBy(() -> FitbitSleepMapper.sleepLogs(json("{\"summary\":{}}"), BERLIN, ALL_OF_2024))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> FitbitSleepMapper.sleepLogs(json("""
                {"sleep":[{"logId":6,"startTime":"2024-03-01T23:00:00.000","duration":3600000,"type":"stages",
                  "levels":{"data":[{"dateTime":"2024-03-01T23:00:00.000","level":"snoring","seconds":60}]}}]}"""),
                BERLIN, ALL_OF_2024)).isInstanceOf(PermanentSyncException.class).hasMessageContaining("sleep level");
        assertThatThrownBy(() -> FitbitSleepMapper.sleepLogs(json("""
                {"sleep":[{"logId":7,"startTime":"23:00","duration":3600000}]}"""), BERLIN, ALL_OF_2024))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> FitbitSleepMapper.sleepLogs(json("""
                {"sleep":[{"startTime":"2024-03-01T23:00:00.000","duration":3600000}]}"""), BERLIN, ALL_OF_2024))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("logId");
    }

    @Test
    void aSleepIsLoggedByLocalStartMinuteAndDurationAndKeptWithoutStages() {
        SleepRecord night = new SleepRecord(Instant.parse("2024-03-01T22:12:30Z"), Instant.parse("2024-03-02T05:42:30Z"),
                List.of(new SleepStage(Instant.parse("2024-03-01T22:12:30Z"), Instant.parse("2024-03-02T05:42:30Z"),
                        SleepStage.Level.LIGHT)), ZoneOffset.ofHours(1), new Provenance("googlehealth", "x", null));
        assertThat(FitbitSleepMapper.sleepLogForm(night, BERLIN))
                .containsExactly(java.util.Map.entry("startTime", "23:12"), java.util.Map.entry("duration", "27000000"),
                        java.util.Map.entry("date", "2024-03-01"));
        SleepRecord stored = FitbitSleepMapper.stored(night);
        assertThat(stored.start()).isEqualTo(Instant.parse("2024-03-01T22:12:00Z"));
        assertThat(stored.duration()).isEqualTo(night.duration());
        assertThat(stored.stages()).isEmpty();
    }
}
