package providers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers this installation speaks to, by id. */
public class ProviderRegistry {

    private final Map<String, HealthProvider> providers = new LinkedHashMap<>();

    public ProviderRegistry(List<HealthProvider> all) {
        all.forEach(p -> providers.put(p.id(), p));
    }

    public Optional<HealthProvider> find(String id) {
        return Optional.ofNullable(id).map(providers::get);
    }

    public HealthProvider get(String id) {
        return find(id).orElseThrow(() -> new failures.PermanentSyncException("unknown provider '" + id + "'"));
    }

    public List<ProviderInfo> infos() {
        return providers.values().stream().map(HealthProvider::info).toList();
    }
}
