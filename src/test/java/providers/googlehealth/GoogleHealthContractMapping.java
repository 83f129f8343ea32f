package providers.googlehealth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import model.HealthRecord;

/**
 * Google Health's mapping of a list answer ({@code dataPoints}) as its fetch applies it, for
 * {@code it.ProviderContractTest}: each point by its union member, oldest first, none of them ours.
 */
public final class GoogleHealthContractMapping {

    private GoogleHealthContractMapping() {
    }

    public static List<HealthRecord> records(JsonNode answer) {
        List<HealthRecord> records = new ArrayList<>();
        answer.path("dataPoints").forEach(point -> {
            GoogleHealthMapper.HealthType type = Arrays.stream(GoogleHealthMapper.HealthType.values())
                    .filter(candidate -> point.has(candidate.field)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("a data point of no type the mapping reads: " + point));
            records.add(GoogleHealthMapper.toRecord(type, point));
        });
        return records.stream().filter(Objects::nonNull).sorted(Comparator.comparing(HealthRecord::start)).toList();
    }
}
