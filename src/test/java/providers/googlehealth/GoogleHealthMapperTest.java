package providers.googlehealth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import failures.TransientSyncException;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Json;
import model.Provenance;
import model.StepsRecord;
import model.SyncIds;
import model.TimeWindow;
import model.WeightRecord;
import providers.googlehealth.GoogleHealthMapper.HealthType;
import providers.http.JsonStreams;

import static org.assertj.core.api.Assertions.assertThat;
import static providers.http.Answers.read;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Google Health API v4 data points shaped as docs/providers/googlehealth.md §2 shows them (the discovery document's
 * schemas): RFC 3339 instants, offsets as durations ("3600s"), output-only civil times with zero fields left
 * out, int64 counts as strings, weights in grams.
 */
class GoogleHealthMapperTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aStepsPointIsAUtcIntervalWithTheUsersOffset() throws Exception {
        StepsRecord steps = (StepsRecord) GoogleHealthMapper.toRecord(HealthType.STEPS, json("""
                {"dataSource":{"recordingMethod":"PASSIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Charge 6","formFactor":"FITNESS_BAND","manufacturer":"Google"}},
                 "steps":{"interval":{"startTime":"2026-03-04T06:31:00Z","startUtcOffset":"3600s",
                   "endTime":"2026-03-04T06:32:00Z","endUtcOffset":"3600s",
                   "civilStartTime":{"date":{"year":2026,"month":3,"day":4},"time":{"hours":7,"minutes":31}},
                   "civilEndTime":{"date":{"year":2026,"month":3,"day":4},"time":{"hours":7,"minutes":32}}},
                  "count":"54"}}"""));
        assertThat(steps.start()).isEqualTo(Instant.parse("2026-03-04T06:31:00Z"));
        assertThat(steps.end()).isEqualTo(Instant.parse("2026-03-04T06:32:00Z"));
        assertThat(steps.count()).isEqualTo(54);
        assertThat(steps.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        // steps points are not identifiable (no name): the interval is their id
        assertThat(steps.provenance()).isEqualTo(new Provenance("googlehealth", "steps:2026-03-04T06:31:00Z/2026-03-04T06:32:00Z",
                "FITBIT:Google Charge 6"));
    }

    @Test
    void anInt64CountMayAlsoComeAsANumberAndZeroStepsAreNotARecord() throws Exception {
        String point = """
                {"steps":{"interval":{"startTime":"2026-03-04T06:31:00.250Z","startUtcOffset":"-18000s",
                  "endTime":"2026-03-04T06:32:00.250Z","endUtcOffset":"-18000s"},"count":%s}}""";
        StepsRecord steps = (StepsRecord) GoogleHealthMapper.toRecord(HealthType.STEPS, json(point.formatted("61")));
        assertThat(steps.count()).isEqualTo(61);
        assertThat(steps.start()).isEqualTo(Instant.parse("2026-03-04T06:31:00.250Z"));
        assertThat(steps.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(steps.provenance().device()).isNull();
        assertThat(GoogleHealthMapper.toRecord(HealthType.STEPS, json(point.formatted("\"0\"")))).isNull();
    }

    @Test
    void aMissingOffsetIsReadFromTheCivilTimeElseUtc() throws Exception {
        // historical data may lack offsets; proto3 JSON leaves zero fields out, so "time":{} is midnight
        StepsRecord fromCivil = (StepsRecord) GoogleHealthMapper.toRecord(HealthType.STEPS, json("""
                {"steps":{"interval":{"startTime":"2026-03-04T05:30:00Z","endTime":"2026-03-04T05:31:00Z",
                  "civilStartTime":{"date":{"year":2026,"month":3,"day":4},"time":{}}},"count":"7"}}"""));
        assertThat(fromCivil.zoneOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(-5, -30));
        StepsRecord bare = (StepsRecord) GoogleHealthMapper.toRecord(HealthType.STEPS, json("""
                {"steps":{"interval":{"startTime":"2026-03-04T05:30:00Z","endTime":"2026-03-04T05:31:00Z"},"count":"7"}}"""));
        assertThat(bare.zoneOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aWeightIsGramsAtASampleTimeAndKeepsItsName() throws Exception {
        WeightRecord weight = (WeightRecord) GoogleHealthMapper.toRecord(HealthType.WEIGHT, json("""
                {"name":"users/914329010096743245951/dataTypes/weight/dataPoints/1572558000000003659",
                 "dataSource":{"recordingMethod":"ACTIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Aria Air","formFactor":"SCALE","manufacturer":"Google"}},
                 "weight":{"sampleTime":{"physicalTime":"2026-11-24T01:10:25Z","utcOffset":"19800s",
                   "civilTime":{"date":{"year":2026,"month":11,"day":24},"time":{"hours":6,"minutes":40,"seconds":25}}},
                  "weightGrams":74700}}"""));
        assertThat(weight.time()).isEqualTo(Instant.parse("2026-11-24T01:10:25Z"));
        assertThat(weight.kilograms()).isEqualTo(74.7);
        assertThat(weight.zoneOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(weight.provenance().externalId())
                .isEqualTo("users/914329010096743245951/dataTypes/weight/dataPoints/1572558000000003659");
        assertThat(GoogleHealthMapper.writtenBy(weight, "syncwell-local")).isFalse();
    }

    @Test
    void onlyNamedPointsOurClientWroteCanBeChanged() throws Exception {
        String point = """
                {"name":"users/me/dataTypes/weight/dataPoints/%s",
                 "dataSource":{"platform":"GOOGLE_WEB_API","application":{"googleWebClientId":"syncwell-local"}},
                 "weight":{"sampleTime":{"physicalTime":"2026-11-20T06:05:11Z","utcOffset":"3600s"},"weightGrams":72100.5}}""";
        WeightRecord ours = (WeightRecord) GoogleHealthMapper.toRecord(HealthType.WEIGHT, json(point.formatted("1572558000000003660")));
        assertThat(ours.kilograms()).isCloseTo(72.1005, within(1e-9));
        assertThat(ours.provenance().device()).isEqualTo("app:syncwell-local");
        assertThat(GoogleHealthMapper.writtenBy(ours, "syncwell-local")).isTrue();
        assertThat(GoogleHealthMapper.writtenBy(ours, "another-client")).isFalse();
        assertThat(GoogleHealthMapper.dataPointId(ours.provenance().externalId())).contains("1572558000000003660");
        // a name that would change the path we build is not a data point id
        assertThat(GoogleHealthMapper.dataPointId("users/me/dataTypes/weight/dataPoints/..%2Fx/y")).isEmpty();
        assertThat(GoogleHealthMapper.dataPointId("weight:2026-11-20T06:05:11Z")).isEmpty();
    }

    @Test
    void anEmptyListIsAnEmptyObjectAndTheLastPageHasNoToken() throws Exception {
        assertThat(read(GoogleHealthMapper.dataPoints(HealthType.STEPS, null), "{}").items()).isEmpty();
        assertThat(GoogleHealthMapper.nextPageToken(json("{}"))).isNull();
        assertThat(GoogleHealthMapper.nextPageToken(json("{\"dataPoints\":[],\"nextPageToken\":\"\"}"))).isNull();
        JsonStreams.Page<HealthRecord> page = read(GoogleHealthMapper.dataPoints(HealthType.STEPS, null), """
                {"dataPoints":[{"steps":{"interval":{"startTime":"2026-03-04T06:31:00Z","endTime":"2026-03-04T06:32:00Z"},
                  "count":"5"}}],"nextPageToken":"djF8NGE3YnwxNzcyNjA1ODYwfDB8MTI"}""");
        assertThat(page.items()).hasSize(1);
        assertThat(GoogleHealthMapper.nextPageToken(page.kept())).isEqualTo("djF8NGE3YnwxNzcyNjA1ODYwfDB8MTI");
    }

    @Test
    void theListFilterIsAHalfOpenPhysicalRange() {
        assertThat(GoogleHealthMapper.timeFilter(HealthType.STEPS, Instant.parse("2026-03-04T00:00:00Z"),
                Instant.parse("2026-03-05T00:00:00.5Z")))
                .isEqualTo("steps.interval.start_time >= \"2026-03-04T00:00:00Z\" AND steps.interval.start_time < \"2026-03-05T00:00:00.500Z\"");
        assertThat(GoogleHealthMapper.timeFilter(HealthType.WEIGHT, Instant.parse("2026-03-04T00:00:00Z"),
                Instant.parse("2026-03-05T00:00:00Z")))
                .startsWith("weight.sample_time.physical_time >= ").contains(" AND weight.sample_time.physical_time < ");
    }

    @Test
    void aHeartRateIsWholeBeatsAsAnInt64StringAtASampleTime() throws Exception {
        HeartRateRecord heartRate = (HeartRateRecord) GoogleHealthMapper.toRecord(HealthType.HEART_RATE, json("""
                {"dataSource":{"recordingMethod":"PASSIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Pixel Watch 3","formFactor":"WATCH","manufacturer":"Google"}},
                 "heartRate":{"sampleTime":{"physicalTime":"2026-10-25T00:59:00Z","utcOffset":"7200s",
                   "civilTime":{"date":{"year":2026,"month":10,"day":25},"time":{"hours":2,"minutes":59}}},
                  "beatsPerMinute":"58","metadata":{"motionContext":"SEDENTARY","sensorLocation":"WRIST"}}}"""));
        assertThat(heartRate.time()).isEqualTo(Instant.parse("2026-10-25T00:59:00Z"));
        assertThat(heartRate.bpm()).isEqualTo(58);
        assertThat(heartRate.zoneOffset()).isEqualTo(ZoneOffset.ofHours(2));
        // heart-rate points are not identifiable: the sample time is the id
        assertThat(heartRate.provenance()).isEqualTo(new Provenance("googlehealth", "heart-rate:2026-10-25T00:59:00Z",
                "FITBIT:Google Pixel Watch 3"));
        // an hour later the clocks went back (Europe/Berlin): the civil time alone tells the new offset
        HeartRateRecord afterDst = (HeartRateRecord) GoogleHealthMapper.toRecord(HealthType.HEART_RATE, json("""
                {"heartRate":{"sampleTime":{"physicalTime":"2026-10-25T01:59:00Z",
                   "civilTime":{"date":{"year":2026,"month":10,"day":25},"time":{"hours":2,"minutes":59}}},"beatsPerMinute":61}}"""));
        assertThat(afterDst.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(afterDst.bpm()).isEqualTo(61);
    }

    @Test
    void aHeartRateOutsideTheApisRangeOrWithoutBeatsIsMalformed() {
        String point = "{\"heartRate\":{\"sampleTime\":{\"physicalTime\":\"2026-10-25T00:59:00Z\",\"utcOffset\":\"0s\"}%s}}";
        for (String bad : List.of(",\"beatsPerMinute\":\"0\"", ",\"beatsPerMinute\":\"301\"", ",\"beatsPerMinute\":\"fast\"", "")) {
            assertThatThrownBy(() -> GoogleHealthMapper.toRecord(HealthType.HEART_RATE, json(point.formatted(bad))))
                    .as(bad).isInstanceOf(PermanentSyncException.class).hasMessageNotContaining("301");
        }
    }

    @Test
    void eachTypeIsListedByTheFieldsItCanBeFilteredBy() {
        TimeWindow window = new TimeWindow(Instant.parse("2026-03-04T10:00:00Z"), Instant.parse("2026-03-04T12:00:00Z"));
        assertThat(GoogleHealthMapper.listFilter(HealthType.STEPS, window)).isEqualTo(
                "steps.interval.start_time >= \"2026-03-04T09:00:00Z\" AND steps.interval.start_time < \"2026-03-04T12:00:00Z\"");
        assertThat(GoogleHealthMapper.listFilter(HealthType.HEART_RATE, window)).isEqualTo(
                "heart_rate.sample_time.physical_time >= \"2026-03-04T10:00:00Z\" AND "
                        + "heart_rate.sample_time.physical_time < \"2026-03-04T12:00:00Z\"");
        // sleep only by its end: every night ending in the window or up to a day after it
        assertThat(GoogleHealthMapper.listFilter(HealthType.SLEEP, window)).isEqualTo(
                "sleep.interval.end_time >= \"2026-03-04T10:00:00Z\" AND sleep.interval.end_time < \"2026-03-05T12:00:00Z\"");
        // exercise only by its civil start: widened by the largest offsets (±18 h) and a day for long workouts
        assertThat(GoogleHealthMapper.listFilter(HealthType.EXERCISE, window)).isEqualTo(
                "exercise.interval.civil_start_time >= \"2026-03-02T16:00:00\" AND "
                        + "exercise.interval.civil_start_time < \"2026-03-05T06:00:00\"");
        assertThat(HealthType.EXERCISE.maxPageSize).isEqualTo(25);
        assertThat(HealthType.SLEEP.maxPageSize).isEqualTo(25);
        assertThat(HealthType.HEART_RATE.maxPageSize).isEqualTo(10_000);
        assertThat(HealthType.of(model.DataType.ACTIVITIES)).isEqualTo(HealthType.EXERCISE);
        assertThat(HealthType.HEART_RATE.path).isEqualTo("heart-rate");
    }

    @Test
    void aWeightBecomesACreateBodyInGramsWithItsOffset() {
        WeightRecord weight = new WeightRecord(Instant.parse("2026-03-01T06:05:11Z"), 72.4, ZoneOffset.ofHours(1),
                new Provenance("fitbit", "1709280000000", "Aria"));
        assertThat(Json.MAPPER.valueToTree(GoogleHealthMapper.weightDataPoint(weight, null, null)).toString()).isEqualTo(
                "{\"weight\":{\"sampleTime\":{\"physicalTime\":\"2026-03-01T06:05:11Z\",\"utcOffset\":\"3600s\"},\"weightGrams\":72400.0}}");
        String name = "users/me/dataTypes/weight/dataPoints/1572558000000003660";
        assertThat(Json.MAPPER.valueToTree(GoogleHealthMapper.weightDataPoint(weight, name, null)).get("name").asText()).isEqualTo(name);
        WeightRecord west = new WeightRecord(Instant.parse("2026-03-01T14:05:11Z"), 80.05, ZoneOffset.ofHours(-8),
                new Provenance("withings", "x", null));
        assertThat(Json.MAPPER.valueToTree(GoogleHealthMapper.weightDataPoint(west, null, null)).path("weight").toString())
                .contains("\"utcOffset\":\"-28800s\"").contains("\"weightGrams\":80050.0");
        // a weighing that came without an offset is written at UTC rather than at a zone we would have to guess
        WeightRecord unzoned = new WeightRecord(west.time(), west.kilograms(), null, west.provenance());
        assertThat(Json.MAPPER.valueToTree(GoogleHealthMapper.weightDataPoint(unzoned, null, null)).at("/weight/sampleTime/utcOffset").asText())
                .isEqualTo("0s");
    }

    @Test
    void aFinishedOperationWithAnErrorFailsTheWrite() throws Exception {
        assertThatCode(() -> GoogleHealthMapper.checkOperation(json("""
                {"name":"operations/1","done":true,"response":{"@type":"type.googleapis.com/google.devicesandservices.health.v4.DataPoint"}}"""),
                "POST weight")).doesNotThrowAnyException();
        assertThatCode(() -> GoogleHealthMapper.checkOperation(json("{\"name\":\"operations/2\",\"done\":false}"), "POST weight"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GoogleHealthMapper.checkOperation(json("""
                {"name":"operations/3","done":true,"error":{"code":3,"message":"weightGrams out of range"}}"""), "POST weight"))
                .isInstanceOf(PermanentSyncException.class).hasMessageNotContaining("weightGrams");
        assertThatThrownBy(() -> GoogleHealthMapper.checkOperation(json("""
                {"name":"operations/4","done":true,"error":{"code":14,"message":"unavailable"}}"""), "POST weight"))
                .isInstanceOf(TransientSyncException.class);
    }

    @Test
    void garbageIsAPermanentFailure() {
        for (String bad : List.of(
                "{\"steps\":{\"interval\":{\"startTime\":\"yesterday\",\"endTime\":\"2026-03-04T06:32:00Z\"},\"count\":\"5\"}}",
                "{\"steps\":{\"interval\":{\"startTime\":\"2026-03-04T06:31:00Z\",\"endTime\":\"2026-03-04T06:32:00Z\"},\"count\":\"many\"}}",
                "{\"steps\":{\"interval\":{\"startTime\":\"2026-03-04T06:31:00Z\",\"endTime\":\"2026-03-04T06:30:00Z\"},\"count\":\"5\"}}",
                "{\"steps\":{\"interval\":{\"startTime\":\"2026-03-04T06:31:00Z\",\"startUtcOffset\":\"1h\","
                        + "\"endTime\":\"2026-03-04T06:32:00Z\"},\"count\":\"5\"}}",
                "{\"weight\":{\"sampleTime\":{\"physicalTime\":\"2026-03-04T06:31:00Z\"}}}")) {
            HealthType type = bad.startsWith("{\"steps\"") ? HealthType.STEPS : HealthType.WEIGHT;
            assertThatThrownBy(() -> GoogleHealthMapper.toRecord(type, json(bad))).as(bad).isInstanceOf(PermanentSyncException.class);
        }
        assertThatThrownBy(() -> GoogleHealthMapper.toRecord(HealthType.WEIGHT, json("{\"steps\":{}}")))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> read(GoogleHealthMapper.dataPoints(HealthType.STEPS, null), "{\"dataPoints\":{\"steps\":1}}"))
                .isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void aWeightWeWroteKeepsItsSyncIdInItsNotesAndADevicesWeightHasNone() throws Exception {
        WeightRecord weight = new WeightRecord(Instant.parse("2026-03-01T06:05:11Z"), 72.4, ZoneOffset.ofHours(1),
                new Provenance("googlefit", "raw:com.google.weight:x@1-1", null));
        String syncId = SyncIds.of("user-1", weight.provenance());
        assertThat(Json.MAPPER.valueToTree(GoogleHealthMapper.weightDataPoint(weight, null, syncId)).at("/weight/notes").asText())
                .isEqualTo(syncId);

        String point = """
                {"name":"users/me/dataTypes/weight/dataPoints/1572558000000003660",
                 "dataSource":{"platform":"GOOGLE_WEB_API","application":{"googleWebClientId":"syncwell-local"}},
                 "weight":{"sampleTime":{"physicalTime":"2026-03-01T06:05:11Z","utcOffset":"3600s"},"weightGrams":72400%s}}""";
        WeightRecord echo = (WeightRecord) GoogleHealthMapper.toRecord(HealthType.WEIGHT,
                json(point.formatted(",\"notes\":\"" + syncId + "\"")), "syncwell-local");
        assertThat(echo.provenance().syncId()).isEqualTo(syncId);
        assertThat(GoogleHealthMapper.toRecord(HealthType.WEIGHT, json(point.formatted(",\"notes\":\"" + syncId + "\"")))
                .provenance().syncId()).as("the notes alone say so").isEqualTo(syncId);
        assertThat(GoogleHealthMapper.toRecord(HealthType.WEIGHT, json(point.formatted("")), "syncwell-local").provenance().syncId())
                .as("written by our client before notes were kept").isEqualTo(GoogleHealthMapper.OWN_CLIENT_SYNC_ID);

        WeightRecord scale = (WeightRecord) GoogleHealthMapper.toRecord(HealthType.WEIGHT, json("""
                {"name":"users/me/dataTypes/weight/dataPoints/1572558000000003659",
                 "dataSource":{"recordingMethod":"ACTIVELY_MEASURED","platform":"FITBIT",
                   "device":{"displayName":"Aria Air","formFactor":"SCALE","manufacturer":"Google"}},
                 "weight":{"sampleTime":{"physicalTime":"2026-03-01T06:05:11Z","utcOffset":"3600s"},"weightGrams":72400,
                   "notes":"after breakfast"}}"""), "syncwell-local");
        assertThat(scale.provenance().writtenBySyncWell()).as("a scale's weight with the user's note").isFalse();
    }
}
