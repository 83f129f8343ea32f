package providers;

import java.util.Objects;

import failures.ReauthRequiredException;
import security.TokenCipher;
import security.TokenSet;
import state.Account;
import state.AccountStore;

/**
 * The tokens of linked accounts: decrypted when a call needs them, refreshed when the provider refuses
 * them. A rotated refresh token is saved before the new access token is used, so a crash right after a
 * refresh never leaves us holding only a dead refresh token.
 */
public class AccountTokens {

    private final AccountStore accounts;
    private final TokenCipher cipher;

    public AccountTokens(AccountStore accounts, TokenCipher cipher) {
        this.accounts = accounts;
        this.cipher = cipher;
    }

    public TokenSet current(ProviderCall call) {
        return cipher.decrypt(linkedAccount(call).encryptedTokens(), call.userId(), call.provider());
    }

    /**
     * Tokens to use after {@code rejected} was refused. When another worker already refreshed, its tokens
     * are used; otherwise this one refreshes and stores the result.
     */
    public TokenSet refresh(ProviderCall call, OAuthClient oauth, TokenSet rejected) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Account account = linkedAccount(call);
            TokenSet stored = cipher.decrypt(account.encryptedTokens(), call.userId(), call.provider());
            if (!Objects.equals(stored.accessToken(), rejected.accessToken())) {
                return stored;
            }
            TokenSet fresh;
            try {
                fresh = oauth.refresh(stored);
            } catch (ReauthRequiredException e) {
                if (changedSince(call, account)) {
                    // another worker refreshed at the same time and rotated the refresh token we used: take its tokens
                    continue;
                }
                accounts.markNeedsReauth(call.userId(), call.provider());
                throw e;
            }
            String sealed = cipher.encrypt(fresh, call.userId(), call.provider());
            if (accounts.replaceTokens(call.userId(), call.provider(), account.encryptedTokens(), sealed)) {
                return fresh;
            }
            // someone stored other tokens meanwhile: look again
        }
        throw new failures.TransientSyncException("tokens of " + call.provider() + " kept changing during refresh");
    }

    private boolean changedSince(ProviderCall call, Account seen) {
        return accounts.find(call.userId(), call.provider())
                .map(now -> !Objects.equals(now.encryptedTokens(), seen.encryptedTokens()))
                .orElse(false);
    }

    public void markNeedsReauth(ProviderCall call) {
        accounts.markNeedsReauth(call.userId(), call.provider());
    }

    private Account linkedAccount(ProviderCall call) {
        Account account = accounts.find(call.userId(), call.provider())
                .orElseThrow(() -> new ReauthRequiredException("no linked " + call.provider() + " account: link it again"));
        if (!Account.LINKED.equals(account.status())) {
            throw new ReauthRequiredException(call.provider() + " account needs to be linked again");
        }
        return account;
    }
}
