package api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * How many API calls a minute one user, and one client address, may make (token buckets: a full minute's worth at
 * once, refilled evenly). Provider pushes count against buckets of their own per address: a provider posts many, from
 * few addresses. Limits hold per API process; a bucket unused for a while is forgotten. A limit of 0 turns it off.
 */
public final class RequestLimits {

    /** Whether a call may go ahead, and if not, in how many seconds the next one may. */
    public record Verdict(boolean allowed, long retryAfterSeconds, long limitPerMinute) {
    }

    private static final Verdict UNLIMITED = new Verdict(true, 0, 0);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    private static final long MAX_REMEMBERED = 200_000;

    private final Limit users;
    private final Limit addresses;
    private final Limit pushAddresses;

    public RequestLimits(long perUserPerMinute, long perAddressPerMinute, long pushesPerAddressPerMinute) {
        this.users = new Limit(perUserPerMinute);
        this.addresses = new Limit(perAddressPerMinute);
        this.pushAddresses = new Limit(pushesPerAddressPerMinute);
    }

    /** A signed-in user's call. */
    public Verdict user(String userId) {
        return users.take(userId);
    }

    /** Any call from {@code address}; {@code push}: to {@code /v1/webhooks/…}. */
    public Verdict address(String address, boolean push) {
        return (push ? pushAddresses : addresses).take(address);
    }

    /** One kind of limit: a bucket per key. */
    private static final class Limit {
        private final long perMinute;
        private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(FORGET_AFTER)
                .maximumSize(MAX_REMEMBERED).build();

        Limit(long perMinute) {
            this.perMinute = perMinute;
        }

        Verdict take(String key) {
            if (perMinute <= 0) {
                return UNLIMITED;
            }
            Bucket bucket = buckets.get(key, k -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return new Verdict(true, 0, perMinute);
            }
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            return new Verdict(false, seconds, perMinute);
        }
    }
}
