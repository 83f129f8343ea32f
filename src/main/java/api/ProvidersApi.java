package api;

import providers.spi.ProviderRegistry;

/** {@code GET /v1/providers}. */
public class ProvidersApi {

    private final ProviderRegistry providers;

    public ProvidersApi(ProviderRegistry providers) {
        this.providers = providers;
    }

    public ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(providers.infos());
    }
}
