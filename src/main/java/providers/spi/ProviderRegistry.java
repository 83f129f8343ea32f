package providers.spi;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The providers this installation speaks to, by id: every {@link HealthProvider} bean. Looked up on first use,
 * since those beans are made only once the engine's own beans, which they take, are bound.
 */
public class ProviderRegistry {

    private final Supplier<Collection<HealthProvider>> declared;
    private volatile Map<String, HealthProvider> providers;

    public ProviderRegistry(Supplier<Collection<HealthProvider>> declared) {
        this.declared = declared;
    }

    public Optional<HealthProvider> find(String id) {
        return Optional.ofNullable(id).map(byId()::get);
    }

    public HealthProvider get(String id) {
        return find(id).orElseThrow(() -> new failures.PermanentSyncException("unknown provider '" + id + "'"));
    }

    public List<ProviderInfo> infos() {
        return byId().values().stream().map(HealthProvider::info).toList();
    }

    private Map<String, HealthProvider> byId() {
        Map<String, HealthProvider> known = providers;
        if (known == null) {
            known = new LinkedHashMap<>();
            for (HealthProvider provider : declared.get().stream().sorted(Comparator.comparing(HealthProvider::id)).toList()) {
                known.put(provider.id(), provider);
            }
            providers = known;
        }
        return known;
    }
}
