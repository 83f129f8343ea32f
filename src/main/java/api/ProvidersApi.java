package api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import model.Json;
import providers.spi.HealthProvider;
import providers.spi.ProviderInfo;
import providers.spi.ProviderRegistry;

/**
 * {@code GET /v1/providers}: each provider's current version (the one new connections pin) with its capability row,
 * and under {@code versions} every version bound here, oldest first, with its status and notice.
 */
public class ProvidersApi {

    private final ProviderRegistry providers;

    public ProvidersApi(ProviderRegistry providers) {
        this.providers = providers;
    }

    public ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(providers.infos().stream().map(this::row).toList());
    }

    private ObjectNode row(ProviderInfo current) {
        ObjectNode row = Json.MAPPER.valueToTree(current);
        row.set("versions", Json.MAPPER.valueToTree(versions(providers.versions(current.id()))));
        return row;
    }

    private static List<Map<String, Object>> versions(List<HealthProvider> bound) {
        return bound.stream().map(HealthProvider::info).map(info -> {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("version", info.version());
            version.put("status", info.status());
            version.put("notice", info.notice());
            return version;
        }).toList();
    }
}
