package providers.googlehealth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.Json;
import model.Provenance;
import model.SleepRecord;
import model.SleepStage.Level;
import model.SleepStage;
import model.Sport;
import model.SyncIds;
import providers.googlehealth.GoogleHealthMapper.HealthType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google Health API v4 sessions shaped as the discovery document's schemas: Sleep (SessionTimeInterval, stages with
 * their own offsets, output-only summary and metadata) and Exercise (exerciseType enum, metricsSummary with
 * distanceMillimeters as a double and int64 fields as strings).
 */
class GoogleHealthSessionMapperTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** A night in Berlin across the spring DST change: 22:30 CET to 07:00 CEST. */
    private static final String NIGHT = """
            {"name":"users/914329010096743245951/dataTypes/sleep/dataPoints/a1b2c3d4-e5f6-7890-1234-567890abcdef",
             "dataSource":{"recordingMethod":"PASSIVELY_MEASURED","platform":"FITBIT",
               "device":{"displayName":"Charge 6","formFactor":"FITNESS_BAND","manufacturer":"Google"}},
             "sleep":{"interval":{"startTime":"2026-03-28T21:30:00Z","startUtcOffset":"3600s",
                 "endTime":"2026-03-29T05:00:00Z","endUtcOffset":"7200s",
                 "civilStartTime":{"date":{"year":2026,"month":3,"day":28},"time":{"hours":22,"minutes":30}},
                 "civilEndTime":{"date":{"year":2026,"month":3,"day":29},"time":{"hours":7}}},
               "type":"STAGES",
               "stages":[
                 {"startTime":"2026-03-29T00:30:00Z","startUtcOffset":"3600s","endTime":"2026-03-29T05:00:00Z",
                  "endUtcOffset":"7200s","type":"REM","createTime":"2026-03-29T05:10:00Z"},
                 {"startTime":"2026-03-28T21:30:00Z","startUtcOffset":"3600s","endTime":"2026-03-28T22:00:00Z",
                  "endUtcOffset":"3600s","type":"LIGHT"},
                 {"startTime":"2026-03-28T22:00:00Z","startUtcOffset":"3600s","endTime":"2026-03-28T22:00:00Z",
                  "endUtcOffset":"3600s","type":"AWAKE"},
                 {"startTime":"2026-03-28T22:00:00Z","startUtcOffset":"3600s","endTime":"2026-03-28T23:30:00Z",
                  "endUtcOffset":"3600s","type":"DEEP"},
                 {"startTime":"2026-03-28T23:30:00Z","startUtcOffset":"3600s","endTime":"2026-03-29T00:30:00Z",
                  "endUtcOffset":"3600s","type":"SLEEP_STAGE_TYPE_UNSPECIFIED"}],
               "shortAwakenings":[],
               "metadata":{"processed":true,"mainSleep":true,"stagesStatus":"SUCCEEDED"},
               "summary":{"minutesAsleep":"450","minutesAwake":"0","minutesInSleepPeriod":"450"}}}""";

    @Test
    void aSleepIsItsIntervalAndItsStagesInTimeOrder() throws Exception {
        SleepRecord sleep = (SleepRecord) GoogleHealthMapper.toRecord(HealthType.SLEEP, json(NIGHT));
        assertThat(sleep.start()).isEqualTo(Instant.parse("2026-03-28T21:30:00Z"));
        assertThat(sleep.end()).isEqualTo(Instant.parse("2026-03-29T05:00:00Z"));
        // the record keeps the offset at bedtime
        assertThat(sleep.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        // sorted; the empty awake stage and the unspecified one say nothing and are left out
        assertThat(sleep.stages()).containsExactly(
                new SleepStage(Instant.parse("2026-03-28T21:30:00Z"), Instant.parse("2026-03-28T22:00:00Z"), Level.LIGHT),
                new SleepStage(Instant.parse("2026-03-28T22:00:00Z"), Instant.parse("2026-03-28T23:30:00Z"), Level.DEEP),
                new SleepStage(Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T05:00:00Z"), Level.REM));
        assertThat(sleep.provenance()).isEqualTo(new Provenance("googlehealth",
                "users/914329010096743245951/dataTypes/sleep/dataPoints/a1b2c3d4-e5f6-7890-1234-567890abcdef", "FITBIT:Google Charge 6"));
        assertThat(GoogleHealthMapper.dataPointId(sleep.provenance().externalId())).contains("a1b2c3d4-e5f6-7890-1234-567890abcdef");
    }

    @Test
    void aClassicSleepWithoutStagesOrOffsetsIsStillASession() throws Exception {
        SleepRecord nap = (SleepRecord) GoogleHealthMapper.toRecord(HealthType.SLEEP, json("""
                {"sleep":{"interval":{"startTime":"2026-03-04T13:00:00Z","endTime":"2026-03-04T13:40:00Z",
                   "civilStartTime":{"date":{"year":2026,"month":3,"day":4},"time":{"hours":8}}},
                 "metadata":{"nap":true}}}"""));
        assertThat(nap.stages()).isEmpty();
        assertThat(nap.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(nap.provenance().externalId()).isEqualTo("sleep:2026-03-04T13:00:00Z");
        SleepRecord classic = (SleepRecord) GoogleHealthMapper.toRecord(HealthType.SLEEP, json("""
                {"sleep":{"interval":{"startTime":"2026-03-04T22:00:00Z","startUtcOffset":"0s","endTime":"2026-03-05T06:00:00Z",
                   "endUtcOffset":"0s"},"type":"CLASSIC","stages":[
                   {"startTime":"2026-03-04T22:00:00Z","startUtcOffset":"0s","endTime":"2026-03-05T02:00:00Z","endUtcOffset":"0s","type":"ASLEEP"},
                   {"startTime":"2026-03-05T02:00:00Z","startUtcOffset":"0s","endTime":"2026-03-05T02:10:00Z","endUtcOffset":"0s","type":"RESTLESS"}]}}"""));
        assertThat(classic.stages()).extracting(SleepStage::level).containsExactly(Level.ASLEEP, Level.RESTLESS);
    }

    @Test
    void aClassicNightIsAsleepForGoogleHealthsMinutesAsleepAndIsWrittenSoItsSummaryStaysTheSame() throws Exception {
        // a Fitbit-scored classic night as Google Health serves it: restless minutes are not asleep in its summary
        SleepRecord night = (SleepRecord) GoogleHealthMapper.toRecord(HealthType.SLEEP, json("""
                {"name":"users/914329010096743245951/dataTypes/sleep/dataPoints/7c1f0e52-3a44-4b0f-9b1e-0d2f5a6c8e91",
                 "dataSource":{"recordingMethod":"PASSIVELY_MEASURED","device":{"displayName":"Inspire 3"}},
                 "sleep":{"interval":{"startTime":"2026-03-04T22:30:00Z","startUtcOffset":"3600s","endTime":"2026-03-05T00:40:00Z",
                   "endUtcOffset":"3600s"},"type":"CLASSIC","stages":[
                   {"startTime":"2026-03-04T22:30:00Z","startUtcOffset":"3600s","endTime":"2026-03-04T22:37:00Z","endUtcOffset":"3600s","type":"AWAKE"},
                   {"startTime":"2026-03-04T22:37:00Z","startUtcOffset":"3600s","endTime":"2026-03-04T23:37:00Z","endUtcOffset":"3600s","type":"ASLEEP"},
                   {"startTime":"2026-03-04T23:37:00Z","startUtcOffset":"3600s","endTime":"2026-03-04T23:43:00Z","endUtcOffset":"3600s","type":"RESTLESS"},
                   {"startTime":"2026-03-04T23:43:00Z","startUtcOffset":"3600s","endTime":"2026-03-05T00:35:00Z","endUtcOffset":"3600s","type":"ASLEEP"},
                   {"startTime":"2026-03-05T00:35:00Z","startUtcOffset":"3600s","endTime":"2026-03-05T00:40:00Z","endUtcOffset":"3600s","type":"AWAKE"}],
                 "metadata":{"processed":true,"mainSleep":false},
                 "summary":{"minutesAsleep":"112","minutesAwake":"18","minutesInSleepPeriod":"130"}}}"""));
        assertThat(night.asleep()).isEqualTo(Duration.ofMinutes(112));

        // written back, restless stays restless, so Google's summary of what we wrote says 112 minutes asleep as well
        JsonNode body = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.sleepDataPoint(night, null));
        long asleep = 0;
        for (JsonNode stage : body.at("/sleep/stages")) {
            if (List.of("LIGHT", "DEEP", "REM", "ASLEEP").contains(stage.get("type").asText())) {
                asleep += Duration.between(Instant.parse(stage.get("startTime").asText()),
                        Instant.parse(stage.get("endTime").asText())).toMinutes();
            }
        }
        assertThat(asleep).isEqualTo(112);
    }

    @Test
    void aMalformedSleepIsAPermanentFailure() {
        String interval = "\"interval\":{\"startTime\":\"2026-03-04T22:00:00Z\",\"startUtcOffset\":\"0s\","
                + "\"endTime\":\"2026-03-05T06:00:00Z\",\"endUtcOffset\":\"0s\"}";
        for (String bad : List.of(
                "{\"sleep\":{\"interval\":{\"startTime\":\"2026-03-05T06:00:00Z\",\"endTime\":\"2026-03-04T22:00:00Z\"}}}",
                "{\"sleep\":{" + interval + ",\"stages\":{}}}",
                "{\"sleep\":{" + interval + ",\"stages\":[{\"startTime\":\"2026-03-04T21:00:00Z\",\"endTime\":\"2026-03-04T23:00:00Z\","
                        + "\"type\":\"LIGHT\"}]}}",
                "{\"sleep\":{" + interval + ",\"stages\":[{\"startTime\":\"2026-03-04T22:00:00Z\",\"endTime\":\"2026-03-04T23:00:00Z\","
                        + "\"type\":\"DREAMING\"}]}}",
                "{\"sleep\":{\"stages\":[]}}")) {
            assertThatThrownBy(() -> GoogleHealthMapper.toRecord(HealthType.SLEEP, json(bad))).as(bad)
                    .isInstanceOf(PermanentSyncException.class);
        }
    }

    @Test
    void aSleepBecomesACreateBodyWithItsTypeAndStages() {
        SleepRecord sleep = new SleepRecord(Instant.parse("2026-03-04T22:00:00Z"), Instant.parse("2026-03-05T06:00:00Z"),
                List.of(new SleepStage(Instant.parse("2026-03-04T22:00:00Z"), Instant.parse("2026-03-05T01:00:00Z"), Level.LIGHT),
                        new SleepStage(Instant.parse("2026-03-05T01:00:00Z"), Instant.parse("2026-03-05T06:00:00Z"), Level.REM)),
                ZoneOffset.ofHours(-5), new Provenance("fitbit", "4711", "tracker"));
        JsonNode body = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.sleepDataPoint(sleep, null));
        assertThat(body.has("name")).isFalse();
        assertThat(body.at("/sleep/interval").toString()).isEqualTo("{\"startTime\":\"2026-03-04T22:00:00Z\",\"startUtcOffset\":\"-18000s\","
                + "\"endTime\":\"2026-03-05T06:00:00Z\",\"endUtcOffset\":\"-18000s\"}");
        assertThat(body.at("/sleep/type").asText()).isEqualTo("STAGES");
        assertThat(body.at("/sleep/stages/1/type").asText()).isEqualTo("REM");
        assertThat(body.at("/sleep/stages/1/startTime").asText()).isEqualTo("2026-03-05T01:00:00Z");
        // a sleep without stages says no type; asleep and restless are classic sleep
        SleepRecord bare = new SleepRecord(sleep.start(), sleep.end(), List.of(), null, sleep.provenance());
        JsonNode bareBody = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.sleepDataPoint(bare, "users/me/dataTypes/sleep/dataPoints/abcd"));
        assertThat(bareBody.get("name").asText()).isEqualTo("users/me/dataTypes/sleep/dataPoints/abcd");
        assertThat(bareBody.at("/sleep").has("type")).isFalse();
        assertThat(bareBody.at("/sleep").has("stages")).isFalse();
        assertThat(bareBody.at("/sleep/interval/startUtcOffset").asText()).isEqualTo("0s");
        SleepRecord classic = new SleepRecord(sleep.start(), sleep.end(),
                List.of(new SleepStage(sleep.start(), sleep.end(), Level.ASLEEP)), ZoneOffset.UTC, sleep.provenance());
        assertThat(Json.MAPPER.valueToTree(GoogleHealthSessionMapper.sleepDataPoint(classic, null)).at("/sleep/type").asText())
                .isEqualTo("CLASSIC");
    }

    @Test
    void anExerciseIsItsIntervalSportNameAndTotalsInMillimetres() throws Exception {
        ActivityRecord run = (ActivityRecord) GoogleHealthMapper.toRecord(HealthType.EXERCISE, json("""
                {"name":"users/me/dataTypes/exercise/dataPoints/2026443605080188808",
                 "dataSource":{"recordingMethod":"ACTIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Pixel Watch 3","formFactor":"WATCH","manufacturer":"Google"}},
                 "exercise":{"interval":{"startTime":"2026-03-04T17:40:00Z","startUtcOffset":"3600s",
                     "endTime":"2026-03-04T18:10:00Z","endUtcOffset":"3600s",
                     "civilStartTime":{"date":{"year":2026,"month":3,"day":4},"time":{"hours":18,"minutes":40}},
                     "civilEndTime":{"date":{"year":2026,"month":3,"day":4},"time":{"hours":19,"minutes":10}}},
                   "exerciseType":"TRAIL_RUN","displayName":"Trail run","activeDuration":"1790s",
                   "metricsSummary":{"caloriesKcal":352.5,"distanceMillimeters":5490123.0,"steps":"5120",
                     "averageHeartRateBeatsPerMinute":"151","activeZoneMinutes":"28","elevationGainMillimeters":43000.0},
                   "exerciseMetadata":{"hasGps":true},
                   "exerciseEvents":[{"eventTime":"2026-03-04T17:40:00Z","eventUtcOffset":"3600s","exerciseEventType":"START"}],
                   "createTime":"2026-03-04T18:12:00Z","updateTime":"2026-03-04T18:12:00Z"}}"""));
        assertThat(run.start()).isEqualTo(Instant.parse("2026-03-04T17:40:00Z"));
        assertThat(run.end()).isEqualTo(Instant.parse("2026-03-04T18:10:00Z"));
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.name()).isEqualTo("Trail run");
        assertThat(run.distanceMetres()).isEqualTo(5490.123);
        assertThat(run.kilocalories()).isEqualTo(352.5);
        assertThat(run.samples()).isEmpty();
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(GoogleHealthMapper.dataPointId(run.provenance().externalId())).contains("2026443605080188808");
    }

    @Test
    void anExerciseWithoutSummaryValuesOrOfAnUnknownTypeIsStillRead() throws Exception {
        ActivityRecord tennis = (ActivityRecord) GoogleHealthMapper.toRecord(HealthType.EXERCISE, json("""
                {"exercise":{"interval":{"startTime":"2026-03-04T17:00:00Z","endTime":"2026-03-04T18:00:00Z"},
                   "exerciseType":"TENNIS","displayName":"Tennis","metricsSummary":{}}}"""));
        assertThat(tennis.sport()).isEqualTo(Sport.OTHER);
        assertThat(tennis.distanceMetres()).isNull();
        assertThat(tennis.kilocalories()).isNull();
        assertThat(tennis.zoneOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(tennis.provenance().externalId()).isEqualTo("exercise:2026-03-04T17:00:00Z");
        ActivityRecord future = (ActivityRecord) GoogleHealthMapper.toRecord(HealthType.EXERCISE, json("""
                {"exercise":{"interval":{"startTime":"2026-03-04T17:00:00Z","endTime":"2026-03-04T18:00:00Z"},
                   "exerciseType":"HOVERBOARD_POLO","displayName":"Hoverboard polo",
                   "metricsSummary":{"distanceMillimeters":"1200000"}}}"""));
        assertThat(future.sport()).isEqualTo(Sport.OTHER);
        assertThat(future.distanceMetres()).isEqualTo(1200.0);
        for (String bad : List.of(
                "{\"exercise\":{\"interval\":{\"startTime\":\"2026-03-04T17:00:00Z\",\"endTime\":\"2026-03-04T17:00:00Z\"},"
                        + "\"exerciseType\":\"RUNNING\"}}",
                "{\"exercise\":{\"interval\":{\"startTime\":\"2026-03-04T17:00:00Z\",\"endTime\":\"2026-03-04T18:00:00Z\"}}}",
                "{\"exercise\":{\"interval\":{\"startTime\":\"2026-03-04T17:00:00Z\",\"endTime\":\"2026-03-04T18:00:00Z\"},"
                        + "\"exerciseType\":\"RUNNING\",\"metricsSummary\":{\"distanceMillimeters\":-5}}}")) {
            assertThatThrownBy(() -> GoogleHealthMapper.toRecord(HealthType.EXERCISE, json(bad))).as(bad)
                    .isInstanceOf(PermanentSyncException.class);
        }
    }

    @Test
    void sportsMapBothWays() {
        assertThat(GoogleHealthSessionMapper.sport("OUTDOOR_BIKE")).isEqualTo(Sport.RIDE);
        assertThat(GoogleHealthSessionMapper.sport("YOGA_VINYASA")).isEqualTo(Sport.YOGA);
        assertThat(GoogleHealthSessionMapper.sport("SWIMMING_POOL")).isEqualTo(Sport.SWIM);
        for (Sport sport : Sport.values()) {
            assertThat(GoogleHealthSessionMapper.sport(GoogleHealthSessionMapper.exerciseType(sport))).as(sport.wire()).isEqualTo(sport);
        }
    }

    @Test
    void anActivityBecomesAnExerciseCreateBodyWithTotalsOnly() {
        ActivityRecord ride = new ActivityRecord(Instant.parse("2026-03-04T16:00:00Z"), Instant.parse("2026-03-04T17:00:00Z"),
                Sport.RIDE, "Evening Ride", 25432.1234, 610.0,
                List.of(new ActivitySample(Instant.parse("2026-03-04T16:00:00Z"), 52.5, 13.35, 34.0, 120.0, 0.0, 80.0, null),
                        new ActivitySample(Instant.parse("2026-03-04T16:00:05Z"), 52.5001, 13.35, 34.0, 125.0, 20.0, 80.0, null),
                        new ActivitySample(Instant.parse("2026-03-04T16:00:10Z"), null, null, null, null, 40.0, null, null)),
                ZoneOffset.ofHours(9), new Provenance("strava", "123", null));
        JsonNode body = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.exerciseDataPoint(ride, null, null));
        assertThat(body.at("/exercise/interval/startUtcOffset").asText()).isEqualTo("32400s");
        assertThat(body.at("/exercise/interval/endUtcOffset").asText()).isEqualTo("32400s");
        assertThat(body.at("/exercise/exerciseType").asText()).isEqualTo("BIKING");
        assertThat(body.at("/exercise/displayName").asText()).isEqualTo("Evening Ride");
        assertThat(body.at("/exercise/metricsSummary").toString())
                .isEqualTo("{\"distanceMillimeters\":2.5432123E7,\"caloriesKcal\":610.0,\"averageHeartRateBeatsPerMinute\":\"123\"}");
        // samples cannot be written: the API keeps workout telemetry read-only
        assertThat(body.toString()).doesNotContain("52.5");
        ActivityRecord unnamed = new ActivityRecord(ride.start(), ride.end(), Sport.OTHER, null, null, null, List.of(), null,
                ride.provenance());
        JsonNode other = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.exerciseDataPoint(unnamed,
                "users/me/dataTypes/exercise/dataPoints/77", null));
        assertThat(other.at("/exercise/exerciseType").asText()).isEqualTo("OTHER");
        assertThat(other.at("/exercise/displayName").asText()).isEqualTo("Other");
        assertThat(other.at("/exercise/metricsSummary").toString()).isEqualTo("{}");
        assertThat(other.get("name").asText()).isEqualTo("users/me/dataTypes/exercise/dataPoints/77");
        // a workout without an offset is written at UTC rather than at a guessed zone
        assertThat(other.at("/exercise/interval/startUtcOffset").asText()).isEqualTo("0s");
        assertThat(other.at("/exercise/interval/endUtcOffset").asText()).isEqualTo("0s");
    }

    @Test
    void anExerciseWeWroteKeepsItsSyncIdInItsNotesAndReadsBackWithIt() throws Exception {
        ActivityRecord ride = new ActivityRecord(Instant.parse("2026-03-04T16:00:00Z"), Instant.parse("2026-03-04T17:00:00Z"),
                Sport.RIDE, "Evening Ride", 25432.0, 610.0, List.of(), ZoneOffset.ofHours(1), new Provenance("strava", "123", null));
        String syncId = SyncIds.of("user-1", ride.provenance());
        JsonNode body = Json.MAPPER.valueToTree(GoogleHealthSessionMapper.exerciseDataPoint(ride, null, syncId));
        assertThat(body.at("/exercise/notes").asText()).isEqualTo(syncId);

        // what the API answers for it: Google's id, our client as the writer, the notes as sent
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("name", "users/me/dataTypes/exercise/dataPoints/4711");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).set("dataSource",
                json("{\"platform\":\"GOOGLE_WEB_API\",\"application\":{\"googleWebClientId\":\"syncwell-local\"}}"));
        ActivityRecord echo = (ActivityRecord) GoogleHealthMapper.toRecord(HealthType.EXERCISE, body, "syncwell-local");
        assertThat(echo.provenance().syncId()).isEqualTo(syncId);
        assertThat(echo.provenance().writtenBySyncWell()).isTrue();
    }

    @Test
    void aSleepOurClientWroteIsOursWithoutNotesAndADevicesSleepIsNot() throws Exception {
        String ours = NIGHT.replace("""
                "dataSource":{"recordingMethod":"PASSIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Charge 6","formFactor":"FITNESS_BAND","manufacturer":"Google"}},""", """
                "dataSource":{"platform":"GOOGLE_WEB_API","application":{"googleWebClientId":"syncwell-local"}},""");
        assertThat(ours).isNotEqualTo(NIGHT);
        SleepRecord sleep = (SleepRecord) GoogleHealthMapper.toRecord(HealthType.SLEEP, json(ours), "syncwell-local");
        assertThat(sleep.provenance().syncId()).as("a sleep has no notes: our client wrote it")
                .isEqualTo(GoogleHealthMapper.OWN_CLIENT_SYNC_ID);
        assertThat(GoogleHealthMapper.toRecord(HealthType.SLEEP, json(ours), "another-client").provenance().syncId()).isNull();
        assertThat(GoogleHealthMapper.toRecord(HealthType.SLEEP, json(NIGHT), "syncwell-local").provenance().writtenBySyncWell())
                .as("the band's own sleep").isFalse();
    }
}
