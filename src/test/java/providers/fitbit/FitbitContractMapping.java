package providers.fitbit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;
import model.TimeWindow;

/**
 * Fitbit's mapping as its fetch applies it, for {@code it.ProviderContractTest}: weight logs placed in the user's zone
 * (the profile's {@code timezone}), every log of the answer kept.
 */
public final class FitbitContractMapping {

    private static final TimeWindow ALL_TIME = new TimeWindow(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));

    private FitbitContractMapping() {
    }

    public static List<HealthRecord> weights(JsonNode answer, ZoneId zone) {
        return FitbitMapper.weightLogs(answer, zone, ALL_TIME);
    }
}
