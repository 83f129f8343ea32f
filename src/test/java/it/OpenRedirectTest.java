package it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, hole 2 — the OAuth callback as an open redirect: a {@code redirectUri} anywhere used to be accepted and the
 * callback sent the browser there after linking. Now only addresses of {@code syncwell.oauth.allowed-redirects} (the
 * API's own origin by default) are accepted, when the flow starts.
 */
@ExtendWith(SharedSyncWell.class)
class OpenRedirectTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aRedirectOutsideTheAllowlistIsRefusedWhenTheFlowStarts() {
        ApiClient user = app.api("redirect-user-" + java.util.UUID.randomUUID());
        String origin = app.apiUrl();
        for (String hostile : List.of("https://evil.example/phish", origin + ".evil.example/", "http://user@" + origin.substring(7) + "/",
                origin.replace("localhost", "127.0.0.1.nip.io") + "/", origin + "/../../evil", "javascript:alert(1)", "//evil.example/")) {
            ApiClient.Answer refused = user.post("/v1/accounts/fitbit/authorize", Map.of("redirectUri", hostile));
            assertThat(refused.status()).as(hostile).isEqualTo(400);
            assertThat(refused.contentType()).as(hostile).startsWith("application/problem+json");
        }

        ApiClient.Answer accepted = user.post("/v1/accounts/fitbit/authorize", Map.of("redirectUri", origin + "/linked?tab=accounts",
                "loginHint", "TREDIRECT1"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        HttpResponse<String> approval = ApiClient.open(accepted.json().get("authorizeUrl").asText());
        HttpResponse<String> callback = ApiClient.open(approval.headers().firstValue("Location").orElseThrow(), accepted.cookie());
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location").orElseThrow()).startsWith(origin + "/linked?tab=accounts&provider=fitbit");
    }
}
