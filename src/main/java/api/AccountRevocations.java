package api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.ReauthRequiredException;
import failures.SyncFailure;
import failures.TransientSyncException;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import providers.spi.ProviderRegistry;
import providers.spi.Revocable;
import security.TokenCipher;
import security.TokenSet;
import state.Account;
import state.AccountStore;
import state.ConnectionStore;
import state.Revocation;
import state.RevocationStore;

/**
 * Unlinking an account leaves nothing behind: the account and its tokens are gone at once, the connections that use it
 * are disabled (saying why), and our access at the provider is withdrawn — its token revoked, its push subscription
 * removed — after the answer. Until the provider confirms, the encrypted tokens wait in the revocations table; a
 * provider that is down is asked again ({@code revocations-retry}, with growing pauses) until
 * {@code syncwell.revocations.give-up-after}.
 */
public class AccountRevocations {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRevocations.class);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** The longest pause between two attempts. */
    private static final Duration MAX_PAUSE = Duration.ofHours(1);
    /** How many due withdrawals one pass of the retry route takes on. */
    private static final int PER_PASS = 100;

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final ConnectionStore connections;
    private final RevocationStore revocations;
    private final TokenCipher cipher;
    private final ExecutorService pool;
    private final Duration firstPause;
    private final Duration giveUpAfter;

    public AccountRevocations(ProviderRegistry providers, AccountStore accounts, ConnectionStore connections,
                              RevocationStore revocations, TokenCipher cipher, ExecutorService pool, Duration firstPause,
                              Duration giveUpAfter) {
        this.providers = providers;
        this.accounts = accounts;
        this.connections = connections;
        this.revocations = revocations;
        this.cipher = cipher;
        this.pool = pool;
        this.firstPause = firstPause;
        this.giveUpAfter = giveUpAfter;
    }

    /** Unlinks the user's account at {@code provider}; false when there is none. */
    public boolean unlink(String userId, String provider) {
        Optional<Account> account = accounts.find(userId, provider);
        if (account.isEmpty()) {
            return false;
        }
        Optional<Revocation> pending = revocable(provider).isPresent() && account.get().encryptedTokens() != null
                ? Optional.of(pending(account.get())) : Optional.empty();
        pending.ifPresent(revocations::save);
        if (!accounts.delete(userId, provider)) {
            // unlinked by a call just before this one, which withdraws the access itself
            pending.ifPresent(revocation -> revocations.delete(revocation.id()));
            return false;
        }
        int disabled = connections.disableUsing(userId, provider, "the " + provider + " account was unlinked");
        LOG.info("{} account of user {} unlinked; {} connection(s) using it disabled", provider, userId, disabled);
        pending.ifPresent(this::attemptSoon);
        return true;
    }

    /** One pass of the retry route: every withdrawal due now, one attempt each. */
    public int retryDue() {
        int attempted = 0;
        Instant now = Instant.now();
        for (Revocation due : revocations.due(now, PER_PASS)) {
            if (revocations.claim(due, now.plus(pause(due.attempts() + 1)))) {
                attempt(due);
                attempted++;
            }
        }
        return attempted;
    }

    private Revocation pending(Account account) {
        Instant now = Instant.now();
        return new Revocation(UUID.randomUUID().toString(), account.userId(), account.provider(), account.encryptedTokens(), 0,
                now.toEpochMilli(), null, now, now.plus(giveUpAfter).getEpochSecond());
    }

    /** The first attempt right after the answer, claimed like any other (a retry pass may find it due meanwhile). */
    private void attemptSoon(Revocation revocation) {
        try {
            pool.execute(() -> {
                if (revocations.claim(revocation, Instant.now().plus(pause(1)))) {
                    attempt(revocation);
                }
            });
        } catch (RejectedExecutionException busy) {
            LOG.info("{} access of user {} is withdrawn by the next retry pass", revocation.provider(), revocation.userId());
        }
    }

    private void attempt(Revocation revocation) {
        Optional<Revocable> provider = revocable(revocation.provider());
        ProviderCall call = new ProviderCall(revocation.userId(), revocation.provider());
        try {
            if (provider.isEmpty()) {
                throw new IllegalStateException("no longer offers a way to withdraw access");
            }
            TokenSet tokens = cipher.decrypt(revocation.encryptedTokens(), revocation.userId(), revocation.provider());
            if (tokens.expiresWithin(REFRESH_MARGIN) && tokens.refreshToken() != null) {
                tokens = refreshed(revocation, tokens);
            }
            provider.get().revoke(call, tokens);
            revocations.delete(revocation.id());
            LOG.info("{} withdrew our access for user {}", revocation.provider(), revocation.userId());
        } catch (ReauthRequiredException grantAlreadyDead) {
            revocations.delete(revocation.id());
            LOG.info("{} access of user {} was already withdrawn: the provider refused its tokens", revocation.provider(),
                    revocation.userId());
        } catch (TransientSyncException e) {
            retryLater(revocation, e.getMessage());
        } catch (SyncFailure e) {
            giveUp(revocation, e.getMessage());
        } catch (RuntimeException e) {
            giveUp(revocation, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Fresh tokens, kept before they are used: a provider that rotates refresh tokens has retired the old one. */
    private TokenSet refreshed(Revocation revocation, TokenSet tokens) {
        HealthProvider provider = providers.find(revocation.provider()).orElseThrow();
        TokenSet fresh = provider.oauth().refresh(tokens);
        revocations.replaceTokens(revocation.id(), cipher.encrypt(fresh, revocation.userId(), revocation.provider()));
        return fresh;
    }

    private void retryLater(Revocation revocation, String reason) {
        if (Instant.now().isAfter(revocation.createdAt().plus(giveUpAfter))) {
            giveUp(revocation, reason);
            return;
        }
        revocations.failed(revocation.id(), reason);
        LOG.warn("{} access of user {} not withdrawn yet, asking again later: {}", revocation.provider(), revocation.userId(),
                reason);
    }

    private void giveUp(Revocation revocation, String reason) {
        revocations.delete(revocation.id());
        LOG.warn("{} access of user {} could not be withdrawn, given up (the user can remove SyncWell in the provider's "
                + "settings): {}", revocation.provider(), revocation.userId(), reason);
    }

    /** Doubling pauses from {@code firstPause}, at most an hour. */
    private Duration pause(int attempt) {
        Duration pause = firstPause.multipliedBy(1L << Math.min(attempt - 1, 20));
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }

    private Optional<Revocable> revocable(String provider) {
        return providers.find(provider).filter(p -> p instanceof Revocable).map(p -> (Revocable) p).filter(Revocable::canRevoke);
    }
}
