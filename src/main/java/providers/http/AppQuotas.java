package providers.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import failures.RateLimitedException;
import providers.spi.ProviderCall;
import state.QuotaStore;

/**
 * The application's quota at each provider ({@code syncwell.provider.<id>.app-quota}), drawn from by every process
 * before each call, so that thousands of users' jobs share it instead of each learning of it from a 429.
 *
 * <p>Each of the provider's windows is a bucket of tokens filled whole when the window starts, as the provider counts:
 * one counter in DynamoDB per provider, limit and window ({@link QuotaStore}), taken with one atomic update. A hot
 * call takes a numbered ticket: within the limit it goes; past it, the job is deferred to the window its number falls
 * in, so a crowd of refused jobs comes back spread over the windows ahead instead of all at the next one. A cold call
 * (a backfill's) takes a token only while less than its share of the window is used — a conditional update that
 * changes nothing when refused — so syncs of fresh data always find the rest. Windows are checked shortest first: a
 * job refused by the 15 minutes takes nothing of the day.
 */
public final class AppQuotas {

    /** Past windows stay readable this long before DynamoDB's TTL drops them. */
    private static final Duration KEPT_AFTER_WINDOW = Duration.ofHours(1);

    private final Function<String, Optional<AppQuota>> quotaOf;
    private final QuotaStore counters;
    private final Map<String, Optional<AppQuota>> quotas = new ConcurrentHashMap<>();

    /** @param quotaOf a provider's quota by its id (its {@code app-quota} setting), read once per provider */
    public AppQuotas(Function<String, Optional<AppQuota>> quotaOf, QuotaStore counters) {
        this.quotaOf = quotaOf;
        this.counters = counters;
    }

    /**
     * Takes the call's token from each of its provider's windows, or refuses it with the wait until there is room.
     *
     * @param coldShare the share of each window a cold call may use
     * @throws RateLimitedException the quota has no room for the call now; nothing was sent
     */
    public void take(ProviderCall call, double coldShare, Instant now) {
        Optional<AppQuota> quota = quotas.computeIfAbsent(call.provider(), quotaOf);
        if (quota.isEmpty()) {
            return;
        }
        for (AppQuota.Limit limit : quota.get().limits()) {
            long length = limit.window().toSeconds();
            long start = Math.floorDiv(now.getEpochSecond(), length) * length;
            Instant resetsAt = Instant.ofEpochSecond(start + length);
            String window = call.provider() + "/" + limit + "/" + start;
            long expiresAt = resetsAt.plus(KEPT_AFTER_WINDOW).getEpochSecond();
            if (call.cold()) {
                long allowed = (long) Math.floor(limit.calls() * coldShare);
                if (!counters.takeWithin(window, allowed, expiresAt)) {
                    throw new RateLimitedException(call.provider() + ": cold jobs may use " + allowed + " of the "
                            + limit.calls() + " calls our application has per " + limit.window() + " window; the rest is "
                            + "kept for syncs of fresh data", Duration.between(now, resetsAt));
                }
            } else {
                long ticket = counters.take(window, expiresAt).used();
                if (ticket > limit.calls()) {
                    // ticket L+1..2L runs in the next window, 2L+1..3L in the one after, and so on
                    long windowsLater = (ticket - limit.calls() - 1) / limit.calls();
                    throw new RateLimitedException(call.provider() + ": our application's " + limit.calls() + " calls per "
                            + limit.window() + " are used until " + resetsAt + " (this job's call was number " + ticket
                            + " of the window)", Duration.between(now, resetsAt).plusSeconds(windowsLater * length));
                }
            }
        }
    }
}
