package api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import security.TokenCipher;
import security.TokenSet;
import state.AccountStore.StoredTokens;
import state.AccountStore;

/**
 * {@code POST /v1/admin/token-keys/rewrap} (admin only): after the token key changed ({@code syncwell.kms.key-id} or
 * {@code syncwell.token-key-file}, the old one kept in the previous-keys setting), moves every account's tokens still
 * under an older key — or in the v1 format — to the current key, so the old key can be retired. Safe to repeat and to
 * run while workers refresh tokens: each account is rewritten only over the ciphertext it read.
 */
public class TokenKeysApi {

    private static final Logger LOG = LoggerFactory.getLogger(TokenKeysApi.class);

    private final AccountStore accounts;
    private final TokenCipher cipher;

    public TokenKeysApi(AccountStore accounts, TokenCipher cipher) {
        this.accounts = accounts;
        this.cipher = cipher;
    }

    public ApiResponse rewrap(ApiRequest request) {
        int checked = 0;
        int rewrapped = 0;
        int changedMeanwhile = 0;
        int unreadable = 0;
        for (StoredTokens stored : (Iterable<StoredTokens>) accounts.allTokens()::iterator) {
            checked++;
            if (cipher.isCurrent(stored.encryptedTokens())) {
                continue;
            }
            TokenSet tokens;
            try {
                tokens = cipher.decrypt(stored.encryptedTokens(), stored.userId(), stored.provider());
            } catch (IllegalStateException noKeyForIt) {
                // the message names the key ref, never a token
                LOG.warn("re-wrap: {}", noKeyForIt.getMessage());
                unreadable++;
                continue;
            }
            String underCurrentKey = cipher.encrypt(tokens, stored.userId(), stored.provider());
            if (accounts.rewrapTokens(stored.userId(), stored.provider(), stored.encryptedTokens(), underCurrentKey)) {
                rewrapped++;
            } else {
                changedMeanwhile++;
            }
        }
        LOG.info("re-wrap under token key {}: {} accounts checked, {} re-wrapped, {} changed meanwhile, {} unreadable",
                cipher.currentKeyRef(), checked, rewrapped, changedMeanwhile, unreadable);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currentKey", cipher.currentKeyRef());
        body.put("accounts", checked);
        body.put("rewrapped", rewrapped);
        // a worker stored refreshed tokens between our read and write: those are under the current key already
        body.put("changedMeanwhile", changedMeanwhile);
        body.put("unreadable", unreadable);
        return ApiResponse.ok(body);
    }
}
