package it;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import providers.http.ProviderContext;
import providers.spi.ProviderCall;
import security.LocalSecrets;
import security.TokenCipher;
import security.TokenSet;
import security.V1Format;
import state.Account;
import state.AccountStore;
import state.Tables;
import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's re-wrap after a token-key change: tokens stored under an older key (here the v1 format, under the data
 * dir's key) are moved to the current key by {@code POST /v1/admin/token-keys/rewrap}, and still open afterwards.
 */
@ExtendWith(SharedSyncWell.class)
class TokenRewrapTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void tokensUnderAnOlderKeyAreMovedToTheCurrentOne() {
        TestUser user = TestUser.linkedWithNoData(app, "withings");
        TokenCipher cipher = app.context().getRegistry().lookupByNameAndType("tokenCipher", TokenCipher.class);
        AccountStore accounts = new AccountStore(app.dynamo(),
                Tables.withPrefix(app.context().resolvePropertyPlaceholders("{{syncwell.table-prefix}}")));
        String current = storedTokens(accounts, user);
        assertThat(cipher.isCurrent(current)).isTrue();
        TokenSet tokens = cipher.decrypt(current, user.id, "withings");
        String legacy = V1Format.encrypt(tokens, LocalSecrets.tokenKey(app.dataDir().resolve("keys")), user.id, "withings");
        assertThat(accounts.rewrapTokens(user.id, "withings", current, legacy)).isTrue();

        ApiClient.Answer refused = user.api.post("/v1/admin/token-keys/rewrap", Map.of());
        assertThat(refused.status()).as("users may not re-wrap").isEqualTo(403);

        ApiClient.Answer answer = ApiClient.forAdmin(app.apiUrl(), "operator-rewrap").post("/v1/admin/token-keys/rewrap", Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode report = answer.json();
        assertThat(report.get("currentKey").asText()).isEqualTo(cipher.currentKeyRef());
        assertThat(report.get("rewrapped").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("unreadable").asInt()).isZero();

        String rewrapped = storedTokens(accounts, user);
        assertThat(cipher.isCurrent(rewrapped)).isTrue();
        ProviderContext context = app.context().getRegistry().lookupByNameAndType("providerContext", ProviderContext.class);
        assertThat(context.tokens().current(new ProviderCall(user.id, "withings"))).as("the worker's view of the tokens")
                .isEqualTo(tokens);
        assertThat(ApiClient.forAdmin(app.apiUrl(), "operator-rewrap").post("/v1/admin/token-keys/rewrap", Map.of()).json().get("rewrapped").asInt())
                .as("nothing left to move").isZero();
    }

    private static String storedTokens(AccountStore accounts, TestUser user) {
        return accounts.find(user.id, "withings").map(Account::encryptedTokens).orElseThrow();
    }
}
