package it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, hole 3: unlinking left access behind — the row went, the token still worked at the provider, Fitbit kept
 * pushing, connections kept trying. Now the account and its tokens go at once, the connections using it are disabled
 * and say why, and the provider withdraws our access (its token revoked, Fitbit's subscription removed) — also when it
 * was down at first, by asking again.
 */
@ExtendWith(SharedSyncWell.class)
class UnlinkTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void unlinkingRevokesTheTokenRemovesTheSubscriptionAndDisablesTheConnectionsUsingIt() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit", "strava");
        String fitbitUser = user.providerUser("fitbit");
        String usesFitbit = user.connect("fitbit", "googlefit", List.of("steps"));
        String other = user.connect("googlefit", "strava", List.of("activities"));
        assertThat(app.sandbox().fitbitSubscriptions(fitbitUser)).as("linking subscribed").hasSize(1);
        assertThat(app.sandbox().grants("fitbit", fitbitUser).path("refresh").asInt()).isPositive();

        assertThat(user.api.delete("/v1/accounts/fitbit").status()).isEqualTo(204);

        assertThat(user.api.get("/v1/accounts").json()).extracting(a -> a.path("provider").asText())
                .containsExactlyInAnyOrder("googlefit", "strava");
        JsonNode disabled = user.api.get("/v1/connections/" + usesFitbit).json();
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        assertThat(disabled.path("disabledReason").asText()).isEqualTo("the fitbit account was unlinked");
        assertThat(user.api.get("/v1/connections/" + other).json().path("enabled").asBoolean()).as("a connection not using it")
                .isTrue();
        assertThat(user.api.post("/v1/connections/" + usesFitbit + "/sync", null).status()).isEqualTo(409);
        await("fitbit withdrew our access").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> grants("fitbit", fitbitUser), "0/0"::equals);
        assertThat(app.sandbox().fitbitSubscriptions(fitbitUser)).as("the push subscription").isEmpty();
        assertThat(user.api.delete("/v1/accounts/fitbit").status()).as("nothing left to unlink").isEqualTo(404);

        // enabling it again is the user's call; the reason goes with it
        JsonNode enabled = user.api.patch("/v1/connections/" + usesFitbit, Map.of("enabled", true)).json();
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(enabled.has("disabledReason") && !enabled.get("disabledReason").isNull()).isFalse();
    }

    @Test
    void aProviderDownWhenTheAccountIsUnlinkedIsAskedAgainUntilItWithdrawsOurAccess() {
        TestUser user = TestUser.linkedTo(app, "strava");
        String athlete = user.providerUser("strava");
        app.sandbox().fault("strava", athlete, Map.of("status", 503, "count", 2, "pathContains", "deauthorize"));

        assertThat(user.api.delete("/v1/accounts/strava").status()).isEqualTo(204);
        assertThat(user.api.get("/v1/accounts").json()).as("the tokens are gone at once").isEmpty();
        await("strava withdrew our access after two refusals").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> grants("strava", athlete), "0/0"::equals);
    }

    @Test
    void everyProviderWithAWayWithdrawsOurAccessAndWithingsLosesOnlyTheLocalTokens() {
        for (String provider : List.of("googlefit", "googlehealth", "garmin", "wahoo")) {
            TestUser user = TestUser.linkedTo(app, provider);
            assertThat(user.api.delete("/v1/accounts/" + provider).status()).isEqualTo(204);
            await(provider + " withdrew our access").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> grants(provider, user.providerUser(provider)), "0/0"::equals);
        }
        // Withings offers no way to revoke: the account goes here, the grant stays there until the user removes the app
        TestUser user = TestUser.linkedTo(app, "withings", "googlefit");
        String connection = user.connect("withings", "googlefit", List.of("weight"));
        assertThat(user.api.delete("/v1/accounts/withings").status()).isEqualTo(204);
        assertThat(user.api.get("/v1/connections/" + connection).json().path("enabled").asBoolean()).isFalse();
        assertThat(app.sandbox().grants("withings", user.providerUser("withings")).path("refresh").asInt()).isPositive();
    }

    private String grants(String provider, String providerUser) {
        JsonNode grants = app.sandbox().grants(provider, providerUser);
        return grants.path("access").asInt() + "/" + grants.path("refresh").asInt();
    }
}
