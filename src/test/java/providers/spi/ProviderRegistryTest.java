package providers.spi;

import java.util.List;

import org.junit.jupiter.api.Test;

import failures.PermanentSyncException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which version of a provider new connections pin, pinned ones run with and unpinned ones are on. */
class ProviderRegistryTest {

    private static HealthProvider provider(String id, String version, String status) {
        return StubProvider.of(id, version, status);
    }

    private static ProviderRegistry registry(HealthProvider... providers) {
        return new ProviderRegistry(() -> List.of(providers));
    }

    @Test
    void theCurrentVersionIsTheNewestActiveOneAndNewerPreviewsWait() {
        ProviderRegistry registry = registry(provider("withings", "v3", "preview"), provider("withings", "v2", "active"),
                provider("strava", "v3", "active"));
        assertThat(registry.get("withings").info().version()).isEqualTo("v2");
        assertThat(registry.infos()).extracting(ProviderInfo::id, ProviderInfo::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("strava", "v3"), org.assertj.core.groups.Tuple.tuple("withings", "v2"));
        assertThat(registry.versions("withings")).extracting(p -> p.info().version()).containsExactly("v2", "v3");
        assertThat(registry.versions("nosuch")).isEmpty();
    }

    @Test
    void withNoActiveVersionTheNewestIsCurrent() {
        ProviderRegistry registry = registry(provider("fitbit", "v1", "retired"), provider("fitbit", "v2", "deprecated"));
        assertThat(registry.get("fitbit").info().version()).isEqualTo("v2");
    }

    @Test
    void versionsAreOrderedByTheirNumbers() {
        assertThat(ProviderRegistry.compareVersions("v2", "v10")).isNegative();
        assertThat(ProviderRegistry.compareVersions("1.2", "1.10")).isNegative();
        assertThat(ProviderRegistry.compareVersions("v3", "v3")).isZero();
        assertThat(ProviderRegistry.compareVersions("v3", "v3.1")).isNegative();
        ProviderRegistry registry = registry(provider("oura", "v10", "active"), provider("oura", "v9", "active"));
        assertThat(registry.get("oura").info().version()).isEqualTo("v10");
        assertThat(registry.find("oura", null).orElseThrow().info().version()).as("unpinned: the oldest").isEqualTo("v9");
    }

    @Test
    void aPinnedVersionRunsAsPinnedAndOneNoLongerServedSaysHowToMoveOn() {
        ProviderRegistry registry = registry(provider("withings", "v2", "active"), provider("withings", "v3", "preview"));
        assertThat(registry.pinned("withings", "v3").info().version()).isEqualTo("v3");
        assertThat(registry.pinned("withings", null).info().version()).isEqualTo("v2");
        assertThatThrownBy(() -> registry.pinned("withings", "v1")).isInstanceOf(PermanentSyncException.class)
                .hasMessageContaining("withings v1").hasMessageContaining("moves it to v2")
                .hasMessageContaining("POST /v1/admin/providers/withings/migrate");
        assertThatThrownBy(() -> registry.pinned("nosuch", "v1")).hasMessageContaining("unknown provider 'nosuch'");
    }

    @Test
    void aVersionBoundTwiceIsAMistakeFoundAtFirstUse() {
        ProviderRegistry registry = registry(provider("withings", "v2", "active"), provider("withings", "v2", "preview"));
        assertThatThrownBy(() -> registry.find("withings")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withings v2 is bound twice");
    }
}
