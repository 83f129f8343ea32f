package it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import providers.http.ProviderContext;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.ProviderRegistry;
import security.TokenSet;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two workers refresh one account's tokens at once. Fitbit rotates the refresh token on the first one's call and its
 * answer reaches that worker a moment later (the sandbox holds it), so the second one's refresh, with the token just
 * retired, is refused. That is no revoked account: the second worker takes the first one's tokens once they are
 * stored, and the account stays linked (the fault suite met this race between two jobs of one Garmin account).
 */
@ExtendWith(SharedSyncWell.class)
class ConcurrentRefreshTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aRefreshRefusedBecauseAnotherWorkerJustRotatedTheTokenTakesThatWorkersTokens() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit");
        String fitbitUser = user.providerUser("fitbit");
        ProviderContext context = app.context().getRegistry().lookupByNameAndType("providerContext", ProviderContext.class);
        HealthProvider fitbit = app.context().getRegistry().lookupByNameAndType("providerRegistry", ProviderRegistry.class)
                .get("fitbit");
        ProviderCall call = new ProviderCall(user.id, "fitbit");
        TokenSet expired = context.tokens().current(call);
        app.sandbox().expireTokens("fitbit", fitbitUser);
        app.sandbox().fault("fitbit", fitbitUser, Map.of("delayMillis", 1500, "count", 1, "method", "POST", "pathContains", "token"));
        int refreshTokensIssued = app.sandbox().tokens().get("refreshTokens").size();

        // the first worker's refresh: Fitbit rotates the tokens at once and answers 1.5 s later
        CompletableFuture<TokenSet> first = CompletableFuture.supplyAsync(() -> context.tokens().refresh(call, fitbit.oauth(), expired));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> app.sandbox().tokens().get("refreshTokens").size() > refreshTokensIssued);
        // the second worker refreshes with the retired refresh token meanwhile, and is refused
        TokenSet second = context.tokens().refresh(call, fitbit.oauth(), expired);

        assertThat(second).as("the first worker's tokens").isEqualTo(first.get());
        assertThat(second.accessToken()).isNotEqualTo(expired.accessToken());
        assertThat(user.api.get("/v1/accounts").json()).extracting(a -> a.get("status").asText()).isEqualTo(List.of("linked"));
    }
}
