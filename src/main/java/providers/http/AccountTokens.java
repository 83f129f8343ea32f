package providers.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import failures.ReauthRequiredException;
import providers.spi.OAuthFlow;
import providers.spi.ProviderCall;
import security.TokenCipher;
import security.TokenSet;
import state.Account;
import state.AccountStore;

/**
 * The tokens of linked accounts: decrypted when a call needs them, refreshed when the provider refuses
 * them. Tokens read for a call are kept for {@link #KEPT_FOR} for the user's next calls — a job makes two or three, and a
 * sync's jobs (one per data type) come together — so that each call does not cost a DynamoDB read and a decryption.
 * Keeping them is safe because the provider is the judge: tokens it refuses (rotated by another worker, revoked by an
 * unlink) send the call to {@link #refresh}, which reads the stored account afresh, as does every refresh.
 * <p>
 * A rotated refresh token is saved before the new access token is used, so a crash right after a refresh never leaves
 * us holding only a dead refresh token; a save DynamoDB cannot take at that moment (a restart, throttling) is tried
 * again for a while, as the provider has already retired the refresh token we used.
 */
public class AccountTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccountTokens.class);
    /** How long rotated tokens are offered to DynamoDB before the job gives up on them (a restart takes seconds). */
    static final Duration ROTATED_TOKENS_PATIENCE = Duration.ofSeconds(30);
    private static final long LONGEST_PAUSE_MILLIS = 4_000;
    /**
     * How long a refresh the provider refused waits for another worker's rotated tokens to be stored (that worker's
     * refresh used the same refresh token a moment earlier), before the account is marked for linking again.
     */
    static final Duration CONCURRENT_REFRESH_PATIENCE = Duration.ofSeconds(2);
    private static final long CONCURRENT_REFRESH_POLL_MILLIS = 100;

    /** How long tokens read for one call serve the user's next calls to the same provider. */
    static final Duration KEPT_FOR = Duration.ofMinutes(1);

    private final AccountStore accounts;
    private final TokenCipher cipher;
    /** Decrypted tokens by user and provider, as last read or refreshed here. */
    private final Cache<String, TokenSet> recent = Caffeine.newBuilder().expireAfterWrite(KEPT_FOR).maximumSize(100_000).build();

    public AccountTokens(AccountStore accounts, TokenCipher cipher) {
        this.accounts = accounts;
        this.cipher = cipher;
    }

    public TokenSet current(ProviderCall call) {
        return recent.get(key(call), key -> cipher.decrypt(linkedAccount(call).encryptedTokens(), call.userId(), call.provider()));
    }

    private static String key(ProviderCall call) {
        return call.provider() + " " + call.userId();
    }

    /**
     * Tokens to use after {@code rejected} was refused. When another worker already refreshed, its tokens
     * are used; otherwise this one refreshes and stores the result.
     */
    public TokenSet refresh(ProviderCall call, OAuthFlow oauth, TokenSet rejected) {
        recent.invalidate(key(call));
        TokenSet fresh = refreshed(call, oauth, rejected);
        recent.put(key(call), fresh);
        return fresh;
    }

    private TokenSet refreshed(ProviderCall call, OAuthFlow oauth, TokenSet rejected) {
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
                // another worker may have refreshed at the same time and rotated the refresh token we used: its tokens
                // are stored a moment after the provider answered it. Only tokens that stay what we saw are dead
                if (rotatedByAnother(call, account)
                        || !accounts.markNeedsReauthIfUnchanged(call.userId(), call.provider(), account.encryptedTokens(),
                        call.provider() + " refused to renew SyncWell's access: it was withdrawn there, or has expired")) {
                    continue;
                }
                throw e;
            }
            String sealed = cipher.encrypt(fresh, call.userId(), call.provider());
            if (storeRotated(call, account.encryptedTokens(), sealed)) {
                return fresh;
            }
            // someone stored other tokens meanwhile (or a store that seemed to fail had gone through): look again
        }
        throw new failures.TransientSyncException("tokens of " + call.provider() + " kept changing during refresh");
    }

    /**
     * Replaces the stored tokens with freshly rotated ones, retrying while DynamoDB is unreachable or throttles, with
     * pauses doubling up to {@value #LONGEST_PAUSE_MILLIS} ms, for at most {@link #ROTATED_TOKENS_PATIENCE}.
     *
     * @return false when other tokens were stored meanwhile
     */
    private boolean storeRotated(ProviderCall call, String previous, String sealed) {
        Instant giveUp = Instant.now().plus(ROTATED_TOKENS_PATIENCE);
        long pauseMillis = 250;
        while (true) {
            try {
                return accounts.replaceTokens(call.userId(), call.provider(), previous, sealed);
            } catch (SdkException unavailable) {
                if (!isTransient(unavailable) || Instant.now().plusMillis(pauseMillis).isAfter(giveUp)) {
                    LOG.error("the rotated {} tokens of a user could not be stored ({}); the account will need linking again",
                            call.provider(), unavailable.getClass().getSimpleName());
                    throw unavailable;
                }
                LOG.warn("storing the rotated {} tokens of a user failed ({}); trying again in {} ms", call.provider(),
                        unavailable.getClass().getSimpleName(), pauseMillis);
                pause(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }

    /** DynamoDB unreachable, failing or throttling — not a request it refuses for what it says. */
    private static boolean isTransient(SdkException e) {
        return e instanceof SdkClientException
                || e instanceof AwsServiceException service && (service.statusCode() >= 500 || service.isThrottlingException());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new failures.TransientSyncException("interrupted while storing rotated tokens");
        }
    }

    /** Whether other tokens are stored than {@code seen}'s, now or within {@link #CONCURRENT_REFRESH_PATIENCE}. */
    private boolean rotatedByAnother(ProviderCall call, Account seen) {
        Instant giveUp = Instant.now().plus(CONCURRENT_REFRESH_PATIENCE);
        while (true) {
            boolean changed = accounts.find(call.userId(), call.provider())
                    .map(now -> !Objects.equals(now.encryptedTokens(), seen.encryptedTokens()))
                    .orElse(false);
            if (changed || Instant.now().isAfter(giveUp)) {
                return changed;
            }
            pause(CONCURRENT_REFRESH_POLL_MILLIS);
        }
    }

    public void markNeedsReauth(ProviderCall call, String reason) {
        recent.invalidate(key(call));
        accounts.markNeedsReauth(call.userId(), call.provider(), reason);
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
