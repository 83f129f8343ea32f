package providers.wahoo;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;

/**
 * Wahoo's mapping of a workout list page as its fetch applies it, for {@code it.ProviderContractTest}: each workout with
 * its embedded summary, without the FIT file its fetch downloads with a further call; oldest first.
 */
public final class WahooContractMapping {

    private WahooContractMapping() {
    }

    public static List<HealthRecord> activities(JsonNode answer) {
        return WahooMapper.page(answer).workouts().stream().map(WahooMapper::workout)
                .map(workout -> (HealthRecord) WahooMapper.toRecord(workout,
                        workout.embeddedSummary() == null ? null : WahooMapper.summary(workout.embeddedSummary(), workout.id()), null))
                .filter(Objects::nonNull).sorted(Comparator.comparing(HealthRecord::start)).toList();
    }
}
