package providers.googlefit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;

/** Google Fit's mapping of a weight dataset page as its fetch applies it, for {@code it.ProviderContractTest}. */
public final class GoogleFitContractMapping {

    private GoogleFitContractMapping() {
    }

    public static List<HealthRecord> weights(JsonNode answer) {
        List<HealthRecord> records = new ArrayList<>();
        answer.path("point").forEach(point -> records.add(GoogleFitMapper.toRecord(GoogleFitMapper.FitType.WEIGHT, point)));
        records.sort(Comparator.comparing(HealthRecord::start));
        return records;
    }
}
