package providers.fitbit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Json;
import model.StepsRecord;
import model.TimeWindow;
import model.WeightRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static providers.http.Answers.read;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fitbit payloads shaped as docs/providers/fitbit.md §2.1, §2.2, §2.4 shows them: local times without offset, values as strings or numbers. */
class FitbitMapperTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final TimeWindow ALL_OF_2024 = new TimeWindow(Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:00:00Z"));

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void intradayMinutesBecomeUtcIntervalsWithTheLocalOffset() throws Exception {
        String answer = """
                {"activities-steps":[{"dateTime":"2024-03-01","value":"8421"}],
                 "activities-steps-intraday":{"dataset":[{"time":"07:31:00","value":54},{"time":"07:32:00","value":0},
                   {"time":"07:33:00","value":"61"}],"datasetInterval":1,"datasetType":"minute"}}""";
        List<HealthRecord> records = read(FitbitMapper.intradaySteps(LocalDate.parse("2024-03-01"), BERLIN, ALL_OF_2024), answer);
        assertThat(records).hasSize(2);
        StepsRecord first = (StepsRecord) records.get(0);
        assertThat(first.start()).isEqualTo(Instant.parse("2024-03-01T06:31:00Z"));
        assertThat(first.end()).isEqualTo(Instant.parse("2024-03-01T06:32:00Z"));
        assertThat(first.count()).isEqualTo(54);
        assertThat(first.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(((StepsRecord) records.get(1)).count()).as("string-typed value").isEqualTo(61);
    }

    @Test
    void minutesAcrossTheSpringForwardGapKeepTheirOffsets() throws Exception {
        // Berlin, 2024-03-31: 02:00 local does not exist; 01:59 is +01:00, 03:00 is +02:00
        String answer = """
                {"activities-steps-intraday":{"dataset":[{"time":"01:59:00","value":12},{"time":"03:00:00","value":15}],
                  "datasetInterval":1,"datasetType":"minute"}}""";
        List<HealthRecord> records = read(FitbitMapper.intradaySteps(LocalDate.parse("2024-03-31"), BERLIN, ALL_OF_2024), answer);
        assertThat(records).extracting(HealthRecord::start).containsExactly(Instant.parse("2024-03-31T00:59:00Z"),
                Instant.parse("2024-03-31T01:00:00Z"));
        assertThat(records).extracting(HealthRecord::zoneOffset).containsExactly(ZoneOffset.ofHours(1), ZoneOffset.ofHours(2));
    }

    @Test
    void onlyMinutesOverlappingTheWindowAreKept() throws Exception {
        String answer = """
                {"activities-steps-intraday":{"dataset":[{"time":"07:31:00","value":54},{"time":"07:32:00","value":61}]}}""";
        TimeWindow window = new TimeWindow(Instant.parse("2024-03-01T06:32:30Z"), Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(read(FitbitMapper.intradaySteps(LocalDate.parse("2024-03-01"), BERLIN, window), answer))
                .extracting(HealthRecord::start).containsExactly(Instant.parse("2024-03-01T06:32:00Z"));
    }

    @Test
    void intradayHeartRateIsASamplePerMinuteWithStringOrNumberValues() throws Exception {
        String answer = """
                {"activities-heart":[{"dateTime":"2024-03-01","value":{"restingHeartRate":58,"heartRateZones":[
                   {"name":"Out of Range","min":30,"max":94,"minutes":1200,"caloriesOut":1500.2}]}}],
                 "activities-heart-intraday":{"dataset":[{"time":"00:01:00","value":61},{"time":"00:02:00","value":"64.2"}],
                   "datasetInterval":1,"datasetType":"minute"}}""";
        List<HealthRecord> records = read(FitbitMapper.intradayHeartRate(LocalDate.parse("2024-03-01"), BERLIN, ALL_OF_2024), answer);
        assertThat(records).extracting(HealthRecord::start).containsExactly(Instant.parse("2024-02-29T23:01:00Z"),
                Instant.parse("2024-02-29T23:02:00Z"));
        assertThat(records).extracting(r -> ((HeartRateRecord) r).bpm()).containsExactly(61.0, 64.2);
        assertThat(read(FitbitMapper.intradayHeartRate(LocalDate.parse("2024-03-01"), BERLIN, ALL_OF_2024),
                "{\"activities-heart-intraday\":{\"dataset\":[]}}")).isEmpty();
    }

    @Test
    void aDatasetThatRepeatsItselfKeepsOneSampleAMinuteAndTheSummaryIsNotRead() throws Exception {
        StringBuilder answer = new StringBuilder("{\"activities-heart\":[{\"dateTime\":\"2024-03-01\",\"value\":{}}],"
                + "\"activities-heart-intraday\":{\"dataset\":[");
        for (int copy = 0; copy < 1_000; copy++) {
            answer.append(copy == 0 ? "" : ",").append("{\"time\":\"00:01:00\",\"value\":61},{\"time\":\"00:02:00\",\"value\":")
                    .append(copy == 999 ? 70 : 64).append('}');
        }
        answer.append("],\"datasetInterval\":1,\"datasetType\":\"minute\"}}");
        List<HealthRecord> records = read(FitbitMapper.intradayHeartRate(LocalDate.parse("2024-03-01"), BERLIN, ALL_OF_2024),
                answer.toString());
        assertThat(records).extracting(r -> ((HeartRateRecord) r).bpm()).as("the last value of a repeated minute")
                .containsExactly(61.0, 70.0);
    }

    @Test
    void anAnswerWithoutItsDatasetIsRefused() {
        for (String answer : List.of("{\"activities-heart\":[]}", "{\"activities-heart-intraday\":{\"dataset\":{}}}", "[]")) {
            assertThatThrownBy(() -> read(FitbitMapper.intradayHeartRate(LocalDate.parse("2024-03-01"), BERLIN, ALL_OF_2024), answer))
                    .as(answer).isInstanceOf(PermanentSyncException.class).hasMessageContaining("no dataset");
        }
    }

    @Test
    void weightLogsAreKilogramsAtTheirLocalTime() throws Exception {
        JsonNode answer = json("""
                {"weight":[{"logId":1709280000000,"date":"2024-03-01","time":"07:05:11","weight":72.4,"bmi":22.9,"source":"Aria"},
                           {"logId":1709366400000,"date":"2024-03-02","weight":"72.1","bmi":22.8,"source":"API"}]}""");
        List<HealthRecord> records = FitbitMapper.weightLogs(answer, BERLIN, ALL_OF_2024);
        WeightRecord first = (WeightRecord) records.get(0);
        assertThat(first.time()).isEqualTo(Instant.parse("2024-03-01T06:05:11Z"));
        assertThat(first.kilograms()).isEqualTo(72.4);
        assertThat(first.provenance().externalId()).isEqualTo("1709280000000");
        WeightRecord second = (WeightRecord) records.get(1);
        assertThat(second.time()).as("no time: last second of the day").isEqualTo(Instant.parse("2024-03-02T22:59:59Z"));
        assertThat(second.kilograms()).isEqualTo(72.1);
    }

    @Test
    void anEmptyListIsNoRecordsButAMissingListIsMalformed() throws Exception {
        assertThat(FitbitMapper.weightLogs(json("{\"weight\":[]}"), BERLIN, ALL_OF_2024)).isEmpty();
        assertThatThrownBy(() -> FitbitMapper.weightLogs(json("{\"errors\":[]}"), BERLIN, ALL_OF_2024))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> FitbitMapper.weightLogs(json("""
                {"weight":[{"logId":1,"date":"2024-03-01","time":"07:05:11","weight":"heavy"}]}"""), BERLIN, ALL_OF_2024))
                .isInstanceOf(PermanentSyncException.class).hasMessageNotContaining("heavy");
    }

    @Test
    void aWeightIsLoggedInTheUsersLocalDateAndTime() {
        WeightRecord weight = new WeightRecord(Instant.parse("2024-03-01T23:30:05Z"), 72.4, ZoneOffset.UTC, null);
        assertThat(FitbitMapper.weightLogQuery(weight, BERLIN)).isEqualTo("weight=72.40&date=2024-03-02&time=00:30:05");
    }
}
