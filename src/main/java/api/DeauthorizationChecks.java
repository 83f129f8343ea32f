package api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.ReauthRequiredException;
import failures.SyncFailure;
import providers.spi.AccessCheck;
import providers.spi.ProviderCall;
import providers.spi.ProviderRegistry;
import state.Account;

/**
 * A push saying a user withdrew our access is a hint, not a fact: Strava signs nothing, so anyone who knows a public
 * athlete id could otherwise flip that user to {@code needs_reauth}. Each such push leads to one call with the
 * account's own token ({@link AccessCheck}), made after the push is answered: a refusal marks the account, an answer
 * leaves it linked. An account is checked at most once per {@code minInterval}, so a flood of forged deauthorizations
 * costs one provider call, not one each; checks beyond what the pool holds are dropped (the next sync finds out anyway).
 */
public class DeauthorizationChecks {

    private static final Logger LOG = LoggerFactory.getLogger(DeauthorizationChecks.class);
    /** Past this many accounts remembered, those checked longer than the interval ago are forgotten. */
    private static final int REMEMBERED = 10_000;

    private final ProviderRegistry providers;
    private final ExecutorService pool;
    private final Duration minInterval;
    private final Map<String, Instant> lastChecked = new ConcurrentHashMap<>();

    public DeauthorizationChecks(ProviderRegistry providers, ExecutorService pool, Duration minInterval) {
        this.providers = providers;
        this.pool = pool;
        this.minInterval = minInterval;
    }

    /** The provider said the account's user withdrew our access: find out, soon and once. */
    public void suspect(Account account) {
        Instant now = Instant.now();
        String key = account.userId() + "/" + account.provider();
        boolean[] due = {false};
        lastChecked.compute(key, (k, last) -> {
            due[0] = last == null || !last.plus(minInterval).isAfter(now);
            return due[0] ? now : last;
        });
        if (!due[0]) {
            return;
        }
        forgetOld(now);
        try {
            pool.execute(() -> check(new ProviderCall(account.userId(), account.provider())));
        } catch (RejectedExecutionException full) {
            LOG.warn("deauthorization of the {} account of user {} not checked: too many checks waiting", account.provider(),
                    account.userId());
        }
    }

    private void check(ProviderCall call) {
        if (!(providers.find(call.provider()).orElse(null) instanceof AccessCheck provider)) {
            LOG.warn("{} pushed a deauthorization but offers no way to confirm it: ignored", call.provider());
            return;
        }
        try {
            provider.checkAccess(call);
            LOG.warn("{} deauthorization push for user {} not confirmed: the account's token still works, it stays linked",
                    call.provider(), call.userId());
        } catch (ReauthRequiredException confirmed) {
            LOG.info("{} deauthorization of user {} confirmed by the provider: the account needs linking again",
                    call.provider(), call.userId());
        } catch (SyncFailure e) {
            LOG.warn("{} deauthorization of user {} could not be checked: {}", call.provider(), call.userId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} deauthorization of user {} could not be checked: {}", call.provider(), call.userId(),
                    e.getClass().getSimpleName());
        }
    }

    private void forgetOld(Instant now) {
        if (lastChecked.size() > REMEMBERED) {
            lastChecked.values().removeIf(last -> last.plus(minInterval).isBefore(now));
        }
    }
}
