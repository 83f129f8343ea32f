package conflict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import model.ConflictStrategy;
import model.HealthRecord;
import model.Json;
import model.Provenance;
import model.StepsRecord;
import model.WeightRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan as the job record and the dry run show it. */
class PlanSummaryTest {

    private static final Instant T = Instant.parse("2024-03-01T06:30:00Z");
    private static final Provenance FITBIT = new Provenance("fitbit", "x", null);

    private static List<HealthRecord> minutes(int n, long count) {
        List<HealthRecord> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new StepsRecord(T.plusSeconds(60L * i), T.plusSeconds(60L * (i + 1)), count + i, ZoneOffset.UTC, FITBIT));
        }
        return steps;
    }

    @Test
    void countsReasonsTheFirstFiftyItemsAndADigestOfAll() {
        List<HealthRecord> source = minutes(80, 100);
        List<HealthRecord> destination = new ArrayList<>(minutes(10, 100)); // the same values: already present
        destination.addAll(minutes(20, 5).subList(10, 20)); // different values
        SyncPlan plan = ConflictResolver.resolve(source, destination, ConflictStrategy.PRIORITIZE_DESTINATION, r -> true);

        PlanSummary summary = PlanSummary.of(plan);
        assertThat(summary.create()).isEqualTo(60);
        assertThat(summary.replace()).isZero();
        assertThat(summary.merge()).isZero();
        assertThat(summary.skip()).isEqualTo(20);
        assertThat(summary.skipReasons()).containsEntry(ConflictResolver.ALREADY_PRESENT, 10).containsEntry(ConflictResolver.DESTINATION_KEPT, 10);
        assertThat(summary.items()).hasSize(PlanSummary.ITEM_LIMIT);
        assertThat(summary.digest()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void theSamePlanHasTheSameDigestAndADifferentOneDoesNot() {
        List<HealthRecord> source = minutes(5, 10);
        String dryRun = PlanSummary.of(ConflictResolver.resolve(source, List.of(), ConflictStrategy.PRIORITIZE_SOURCE, r -> true)).digest();
        String realRun = PlanSummary.of(ConflictResolver.resolve(source, List.of(), ConflictStrategy.PRIORITIZE_SOURCE, r -> true)).digest();
        String changed = PlanSummary.of(ConflictResolver.resolve(source, minutes(1, 3), ConflictStrategy.PRIORITIZE_DESTINATION, r -> true)).digest();
        assertThat(realRun).isEqualTo(dryRun);
        assertThat(changed).isNotEqualTo(dryRun);
    }

    @Test
    void serialisesWithoutHealthValues() throws Exception {
        WeightRecord weight = new WeightRecord(T, 72.37, ZoneOffset.UTC, FITBIT);
        SyncPlan merged = ConflictResolver.resolve(
                List.of(Recordings.garminRun(T, Duration.ofMinutes(10), Duration.ofSeconds(5)), weight),
                List.of(Recordings.heartRateOnly("wahoo", "42", T.plusSeconds(4), Duration.ofMinutes(10), Duration.ofSeconds(1)),
                        new WeightRecord(T, 80.11, ZoneOffset.UTC, new Provenance("withings", "y", null))),
                ConflictStrategy.MERGE_INTELLIGENTLY, r -> r.provenance().provider().equals("wahoo"));

        String json = Json.MAPPER.writeValueAsString(PlanSummary.of(merged));
        JsonNode tree = Json.MAPPER.readTree(json);
        assertThat(tree.path("merge").asInt()).isEqualTo(1);
        assertThat(tree.path("skip").asInt()).isEqualTo(1);
        JsonNode mergeItem = tree.path("items").get(0);
        assertThat(mergeItem.path("action").asText()).isEqualTo("merge");
        assertThat(mergeItem.path("type").asText()).isEqualTo("activities");
        assertThat(mergeItem.path("start").asText()).isEqualTo("2024-03-01T06:30:00Z");
        assertThat(mergeItem.path("fieldProvenance").path("heartRate").asText()).isEqualTo("wahoo:42");
        assertThat(tree.path("items").get(1).path("reason").asText()).isEqualTo(ConflictResolver.CANNOT_REPLACE);
        assertThat(json).doesNotContain("72.37").doesNotContain("80.11").doesNotContain("1680").doesNotContain("402");
    }
}
