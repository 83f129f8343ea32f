package it;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, hole 1: an attacker who sends a victim their own authorizeUrl does not get the victim's provider account
 * linked to the attacker's SyncWell user — the callback must come from the browser that asked for the link (it holds
 * the link cookie) — and a provider account linked to one SyncWell user is refused to another until the first unlinks it.
 */
@ExtendWith(SharedSyncWell.class)
class LinkingCsrfTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aLinkFinishedInAnotherBrowserLinksNothing() {
        ApiClient attacker = app.api("attacker-" + UUID.randomUUID());
        String victimsFitbit = providerUser();
        ApiClient.Answer authorize = attacker.post("/v1/accounts/fitbit/authorize", Map.of("loginHint", victimsFitbit));
        assertThat(authorize.cookie()).as("the link cookie").startsWith("syncwell-link-fitbit=");
        assertThat(authorize.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Lax");

        // the victim opens the attacker's authorizeUrl: the provider approves, the victim's browser reaches our callback
        String callback = approve(authorize);
        HttpResponse<String> victimsBrowser = ApiClient.open(callback);
        assertThat(victimsBrowser.statusCode()).as(victimsBrowser.body()).isEqualTo(403);
        assertThat(victimsBrowser.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(victimsBrowser.body()).contains("started in another browser");
        assertThat(attacker.get("/v1/accounts").json()).as("nothing linked to the attacker").isEmpty();

        // a cookie of another flow does not pass either
        ApiClient.Answer another = attacker.post("/v1/accounts/fitbit/authorize", Map.of("loginHint", victimsFitbit));
        ApiClient.Answer third = attacker.post("/v1/accounts/fitbit/authorize", Map.of("loginHint", victimsFitbit));
        assertThat(ApiClient.open(approve(another), third.cookie()).statusCode()).isEqualTo(403);
        assertThat(attacker.get("/v1/accounts").json()).isEmpty();
    }

    @Test
    void aProviderAccountBelongsToOneUserUntilUnlinked() {
        ApiClient first = app.api("first-" + UUID.randomUUID());
        ApiClient second = app.api("second-" + UUID.randomUUID());
        String sharedStrava = providerUser();

        assertThat(link(first, sharedStrava).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = link(second, sharedStrava);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("linked to another SyncWell user");
        assertThat(second.get("/v1/accounts").json()).isEmpty();
        assertThat(link(first, sharedStrava).statusCode()).as("the same user linking again").isEqualTo(200);

        assertThat(first.delete("/v1/accounts/strava").status()).isEqualTo(204);
        assertThat(link(second, sharedStrava).statusCode()).as("once the first user unlinked it").isEqualTo(200);
        assertThat(second.get("/v1/accounts").json().get(0).path("externalUserId").asText()).isEqualTo(sharedStrava);
    }

    private static HttpResponse<String> link(ApiClient user, String providerUser) {
        ApiClient.Answer authorize = user.post("/v1/accounts/strava/authorize", Map.of("loginHint", providerUser));
        return ApiClient.open(approve(authorize), authorize.cookie());
    }

    /** The provider's approval: it redirects the browser to our callback. */
    private static String approve(ApiClient.Answer authorize) {
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(200);
        HttpResponse<String> approval = ApiClient.open(authorize.json().get("authorizeUrl").asText());
        assertThat(approval.statusCode()).isEqualTo(302);
        return approval.headers().firstValue("Location").orElseThrow();
    }

    private static String providerUser() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
    }
}
