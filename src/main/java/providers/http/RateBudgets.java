package providers.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import failures.RateLimitedException;
import providers.spi.ProviderCall;

/**
 * The budgets a provider call must fit before it is sent: the application's own quota at the provider, shared by every
 * process ({@link AppQuotas}), and the rate budgets providers last reported (per account, or per application). Cold
 * never starves hot: a cold job's call waits while less than {@code 1 − share} of any window is left — the rest of
 * the budget stays for syncs of fresh data. A call that does not fit is refused with the wait until it would, and its
 * job deferred until then, on its queue, without holding a worker. Of the reported budgets each process knows what its
 * own calls were told; a process that has not called a provider lately makes one call and learns.
 */
public final class RateBudgets {

    private final double coldShare;
    private final AppQuotas appQuotas;
    private final Map<String, RateBudget> lastSeen = new ConcurrentHashMap<>();

    /**
     * @param coldShare the share of each window cold jobs may use, from 0 (none) to 1 (all of it)
     * @param appQuotas the application's quotas at the providers
     */
    public RateBudgets(double coldShare, AppQuotas appQuotas) {
        if (coldShare < 0 || coldShare > 1) {
            throw new IllegalArgumentException("the cold share of a rate budget must be from 0 to 1, got " + coldShare);
        }
        this.coldShare = coldShare;
        this.appQuotas = appQuotas;
    }

    /**
     * Admits one call: a cold one only while the budgets its provider reported have more than hot syncs keep, then
     * any call only with a token of the application's quota.
     *
     * @throws RateLimitedException no room for the call now, with the wait until there is
     */
    public void admit(ProviderCall call, Instant now) {
        checkCold(call, now);
        appQuotas.take(call, coldShare, now);
    }

    /** What the provider's answer to {@code call} said of its budget. */
    public void observe(ProviderCall call, RateBudget budget) {
        lastSeen.put(key(call, budget.scope()), budget);
    }

    /** Refuses a cold call while the provider's budget is down to what hot syncs keep; hot calls always pass. */
    private void checkCold(ProviderCall call, Instant now) {
        if (!call.cold()) {
            return;
        }
        for (RateBudget.Scope scope : RateBudget.Scope.values()) {
            Optional.ofNullable(lastSeen.get(key(call, scope))).ifPresent(budget -> {
                for (RateBudget.Window window : budget.windows()) {
                    long keptForHot = (long) Math.ceil(window.limit() * (1 - coldShare));
                    if (window.remaining() <= keptForHot && window.resetsAt().isAfter(now)) {
                        throw new RateLimitedException(call.provider() + ": the cold path leaves the last " + keptForHot
                                + " of " + window.limit() + " calls of its window to syncs of fresh data",
                                Duration.between(now, window.resetsAt()));
                    }
                }
            });
        }
    }

    private static String key(ProviderCall call, RateBudget.Scope scope) {
        return scope == RateBudget.Scope.APPLICATION ? call.provider() : call.provider() + "|" + call.userId();
    }
}
