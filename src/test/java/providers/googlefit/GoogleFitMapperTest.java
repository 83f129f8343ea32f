package providers.googlefit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.HeartRateRecord;
import model.Json;
import model.Provenance;
import model.StepsRecord;
import model.SyncIds;
import model.WeightRecord;
import providers.googlefit.GoogleFitMapper.FitType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google Fit points shaped as docs/providers/googlefit.md §2.1 shows them: nanoseconds as strings, intVal / fpVal.
 */
class GoogleFitMapperTest {

    @Test
    void aStepDeltaPointIsAnIntervalInUtc() throws Exception {
        JsonNode point = Json.MAPPER.readTree("""
                {"startTimeNanos":"1709276400000000000","endTimeNanos":"1709276460000000000",
                 "dataTypeName":"com.google.step_count.delta","originDataSourceId":"raw:com.google.step_count.delta:com.example:",
                 "value":[{"intVal":54}],"modifiedTimeMillis":"1709276500000"}""");
        StepsRecord steps = (StepsRecord) GoogleFitMapper.toRecord(FitType.STEPS, point);
        assertThat(steps.start()).isEqualTo(Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(steps.end()).isEqualTo(Instant.parse("2024-03-01T07:01:00Z"));
        assertThat(steps.count()).isEqualTo(54);
        assertThat(steps.zoneOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(steps.provenance().device()).isEqualTo("raw:com.google.step_count.delta:com.example:");
    }

    @Test
    void aWeightPointKeepsItsNanoseconds() throws Exception {
        JsonNode point = Json.MAPPER.readTree("""
                {"startTimeNanos":"1709276711000000300","endTimeNanos":"1709276711000000300","dataTypeName":"com.google.weight",
                 "value":[{"fpVal":72.4}]}""");
        WeightRecord weight = (WeightRecord) GoogleFitMapper.toRecord(FitType.WEIGHT, point);
        assertThat(weight.time()).isEqualTo(Instant.parse("2024-03-01T07:05:11.000000300Z"));
        assertThat(weight.kilograms()).isEqualTo(72.4);
    }

    @Test
    void aHeartRatePointIsASampleInBeatsPerMinute() throws Exception {
        JsonNode point = Json.MAPPER.readTree("""
                {"startTimeNanos":"1709276460000000000","endTimeNanos":"1709276460000000000","dataTypeName":"com.google.heart_rate.bpm",
                 "originDataSourceId":"raw:com.google.heart_rate.bpm:com.example:watch","value":[{"fpVal":61.0}]}""");
        HeartRateRecord heart = (HeartRateRecord) GoogleFitMapper.toRecord(FitType.HEART_RATE, point);
        assertThat(heart.time()).isEqualTo(Instant.parse("2024-03-01T07:01:00Z"));
        assertThat(heart.bpm()).isEqualTo(61.0);
    }

    @Test
    void garbageIsAPermanentFailure() throws Exception {
        assertThatThrownBy(() -> GoogleFitMapper.toRecord(FitType.STEPS, Json.MAPPER.readTree("""
                {"startTimeNanos":"yesterday","endTimeNanos":"1709276460000000000","value":[{"intVal":54}]}""")))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> GoogleFitMapper.toRecord(FitType.STEPS, Json.MAPPER.readTree("""
                {"startTimeNanos":"1709276400000000000","endTimeNanos":"1709276460000000000","value":[{"fpVal":5.5}]}""")))
                .isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void recordsBecomeADatasetPatchWithItsBounds() {
        List<HealthRecord> records = List.of(
                new StepsRecord(Instant.parse("2024-03-01T06:31:00Z"), Instant.parse("2024-03-01T06:32:00Z"), 54,
                        ZoneOffset.ofHours(1), new Provenance("fitbit", "steps:2024-03-01T07:31", null)),
                new StepsRecord(Instant.parse("2024-03-01T06:33:00Z"), Instant.parse("2024-03-01T06:34:00Z"), 61,
                        ZoneOffset.ofHours(1), new Provenance("fitbit", "steps:2024-03-01T07:33", null)));
        Map<String, Object> dataset = GoogleFitMapper.dataset(FitType.STEPS, "raw:com.google.step_count.delta:407408718192:SyncWell",
                records);
        assertThat(dataset.get("minStartTimeNs")).isEqualTo("1709274660000000000");
        assertThat(dataset.get("maxEndTimeNs")).isEqualTo("1709274840000000000");
        assertThat(Json.MAPPER.valueToTree(dataset).get("point").get(1).toString()).isEqualTo(
                "{\"startTimeNanos\":\"1709274780000000000\",\"endTimeNanos\":\"1709274840000000000\","
                        + "\"dataTypeName\":\"com.google.step_count.delta\",\"value\":[{\"intVal\":61}]}");
    }

    @Test
    void aPointFromOurOwnDataSourceIsOursAndADevicesPointIsNot() throws Exception {
        String point = """
                {"startTimeNanos":"1709276711000000000","endTimeNanos":"1709276711000000000","dataTypeName":"com.google.weight",
                 "originDataSourceId":"%s","value":[{"fpVal":72.4}]}""";
        for (String ours : List.of("raw:com.google.weight:1234567890:SyncWell",
                "raw:com.google.heart_rate.bpm:1234567890:SyncWellSessions")) {
            HealthRecord echo = GoogleFitMapper.toRecord(FitType.WEIGHT, Json.MAPPER.readTree(point.formatted(ours)));
            assertThat(echo.provenance().syncId()).as(ours).isEqualTo(GoogleFitMapper.OWN_SOURCE_SYNC_ID);
            assertThat(echo.provenance().device()).isEqualTo(ours);
        }
        assertThat(GoogleFitMapper.OWN_SOURCE_SYNC_ID).matches(SyncIds::isSyncId);
        for (String device : List.of("raw:com.google.weight:com.google.android.apps.fitness:user_input",
                "derived:com.google.weight:com.google.android.gms:merge_weight", "raw:com.google.weight:1234567890:NotSyncWell:x")) {
            assertThat(GoogleFitMapper.toRecord(FitType.WEIGHT, Json.MAPPER.readTree(point.formatted(device))).provenance()
                    .writtenBySyncWell()).as(device).isFalse();
        }
    }
}
