package providers.strava;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;

/**
 * Strava's mapping of an activity list page as its fetch applies it to each summary, for {@code it.ProviderContractTest}:
 * the totals of each activity, without the streams and laps its fetch reads with further calls; oldest first.
 */
public final class StravaContractMapping {

    private StravaContractMapping() {
    }

    public static List<HealthRecord> activities(JsonNode page) {
        return StravaMapper.activities(page).stream().map(activity -> (HealthRecord) StravaMapper.toRecord(activity, StravaStreams.NONE))
                .filter(Objects::nonNull).sorted(Comparator.comparing(HealthRecord::start)).toList();
    }
}
