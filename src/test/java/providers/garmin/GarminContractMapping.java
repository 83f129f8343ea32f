package providers.garmin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;
import model.TimeWindow;

/**
 * Garmin's mapping of a pull answer as its fetch applies it, for {@code it.ProviderContractTest}: the summaries of the
 * type the pull asked for (its path segment: {@code epochs}, {@code bodyComps}), every one of the answer kept.
 */
public final class GarminContractMapping {

    private static final TimeWindow ALL_TIME = new TimeWindow(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));

    private GarminContractMapping() {
    }

    public static List<? extends HealthRecord> records(JsonNode answer, String summaryType) {
        GarminMapper.SummaryType type = GarminMapper.SummaryType.byKey(summaryType)
                .orElseThrow(() -> new IllegalArgumentException("no Garmin summary type " + summaryType));
        List<JsonNode> summaries = GarminMapper.summaries(answer, type);
        return switch (type) {
            case EPOCHS -> GarminMapper.epochSteps(summaries, ALL_TIME);
            case BODY_COMPS -> GarminMapper.bodyComps(summaries, ALL_TIME);
            default -> throw new IllegalArgumentException("no contract mapping of Garmin " + summaryType + " yet");
        };
    }
}
