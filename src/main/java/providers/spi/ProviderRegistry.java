package providers.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import failures.PermanentSyncException;

/**
 * The providers this installation speaks to: every {@link HealthProvider} bean, by id and by version. Several versions
 * of one provider can be bound side by side (a provider's API changed incompatibly: the new binding ships beside the
 * old). Each id has a <em>current</em> version — its newest {@code active} one, else its newest — which new connections
 * pin and which links accounts and takes webhooks; a connection keeps the version it pinned until an operator moves it
 * ({@code POST /v1/admin/providers/{id}/migrate}). A connection stored before pins existed is on the provider's oldest
 * version: the one it was made with. Looked up on first use, since the provider beans are made only once the engine's
 * own beans, which they take, are bound.
 */
public class ProviderRegistry {

    /** The status of a version new connections pin ({@link #current}). */
    public static final String ACTIVE = "active";
    /** Between a run of digits and a run of anything else: {@code v10.2} is {@code v}, {@code 10}, {@code .}, {@code 2}. */
    private static final Pattern NUMBER_EDGE = Pattern.compile("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");

    private final Supplier<Collection<HealthProvider>> declared;
    private volatile Map<String, TreeMap<String, HealthProvider>> providers;

    public ProviderRegistry(Supplier<Collection<HealthProvider>> declared) {
        this.declared = declared;
    }

    /** The current version of provider {@code id}. */
    public Optional<HealthProvider> find(String id) {
        return Optional.ofNullable(id).map(byId()::get).map(ProviderRegistry::current);
    }

    public HealthProvider get(String id) {
        return find(id).orElseThrow(() -> new PermanentSyncException("unknown provider '" + id + "'"));
    }

    /** Version {@code version} of provider {@code id}; with no version, the oldest (what unpinned connections use). */
    public Optional<HealthProvider> find(String id, String version) {
        TreeMap<String, HealthProvider> versions = id == null ? null : byId().get(id);
        if (versions == null) {
            return Optional.empty();
        }
        return version == null ? Optional.of(versions.firstEntry().getValue()) : Optional.ofNullable(versions.get(version));
    }

    /**
     * The version a connection pinned, to run a job with. One this installation no longer serves ends the job with a
     * reason that says what to do.
     */
    public HealthProvider pinned(String id, String version) {
        return find(id, version).orElseThrow(() -> find(id).isEmpty()
                ? new PermanentSyncException("unknown provider '" + id + "'")
                : new PermanentSyncException("the connection is pinned to " + id + " " + version
                        + ", which this installation no longer serves: an operator moves it to " + get(id).info().version()
                        + " with POST /v1/admin/providers/" + id + "/migrate"));
    }

    /** The versions of provider {@code id} bound here, oldest first; empty for an unknown id. */
    public List<HealthProvider> versions(String id) {
        TreeMap<String, HealthProvider> versions = id == null ? null : byId().get(id);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** The current version of each provider, by id. */
    public List<ProviderInfo> infos() {
        return byId().values().stream().map(ProviderRegistry::current).map(HealthProvider::info).toList();
    }

    private static HealthProvider current(TreeMap<String, HealthProvider> versions) {
        return versions.descendingMap().values().stream().filter(p -> ACTIVE.equals(p.info().status())).findFirst()
                .orElse(versions.lastEntry().getValue());
    }

    private Map<String, TreeMap<String, HealthProvider>> byId() {
        Map<String, TreeMap<String, HealthProvider>> known = providers;
        if (known == null) {
            known = new LinkedHashMap<>();
            List<HealthProvider> all = new ArrayList<>(declared.get());
            all.sort(Comparator.comparing(HealthProvider::id));
            for (HealthProvider provider : all) {
                if (provider.info().version() == null || provider.info().version().isBlank()) {
                    throw new IllegalStateException("provider " + provider.id() + " names no version");
                }
                HealthProvider twin = known.computeIfAbsent(provider.id(), id -> new TreeMap<>(ProviderRegistry::compareVersions))
                        .putIfAbsent(provider.info().version(), provider);
                if (twin != null) {
                    throw new IllegalStateException("provider " + provider.id() + " " + provider.info().version() + " is bound twice");
                }
            }
            providers = known;
        }
        return known;
    }

    /**
     * Versions in the order they were made: their numbers compared as numbers ({@code v2 < v10}, {@code 1.2 < 1.10}),
     * what is not a number as text.
     */
    public static int compareVersions(String a, String b) {
        String[] left = NUMBER_EDGE.split(a);
        String[] right = NUMBER_EDGE.split(b);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            boolean numbers = Character.isDigit(left[i].charAt(0)) && Character.isDigit(right[i].charAt(0));
            int order = numbers ? new java.math.BigInteger(left[i]).compareTo(new java.math.BigInteger(right[i]))
                    : left[i].compareTo(right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
