package providers.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import model.DataType;
import model.HealthRecord;

/**
 * A provider for tests of the provider plumbing (the registry, the routes): a capability row of weights, routes named
 * {@code routes}, and a fetch that notes which version answered it in {@code fetchedBy}. It calls no API.
 */
public record StubProvider(ProviderInfo info, String routes, List<String> fetchedBy) implements HealthProvider {

    /** Version {@code version} of provider {@code id}, in {@code status}, with its id as its routes' name. */
    public static StubProvider of(String id, String version, String status) {
        return new StubProvider(new ProviderInfo(id, id, version, status, null, List.of(DataType.WEIGHT), Map.of()), id,
                new ArrayList<>());
    }

    /** The same provider, its routes named {@code routes}, noting its fetches in {@code fetchedBy}. */
    public StubProvider routedAs(String routes, List<String> fetchedBy) {
        return new StubProvider(info, routes, fetchedBy);
    }

    @Override
    public OAuthFlow oauth() {
        return null;
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        fetchedBy.add(info.version());
        return List.of();
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        throw new UnsupportedOperationException("a stub provider writes nothing");
    }

    @Override
    public boolean canReplace(HealthRecord existing) {
        return false;
    }

    @Override
    public Duration lookback() {
        return Duration.ZERO;
    }
}
