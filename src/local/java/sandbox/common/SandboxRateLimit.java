package sandbox.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Request quotas over fixed clock windows aligned to the epoch, as the providers count them: per user (Fitbit: the
 * clock hour; Google: the clock minute) or per OAuth application (Strava: 15 minutes and a day, for all requests and
 * again for reads). A quota is a bucket of calls (all of them, or those a filter picks) with one or more limits, each
 * over its own window; a call is refused when any limit of a bucket that counts it is used up, and refused calls
 * count too. Limits are changed at run time through the test API, under their setting names.
 */
public final class SandboxRateLimit {

    /** Whose calls share the counters. */
    public enum Scope { USER, APPLICATION }

    /** One limit's state after a call. */
    public record WindowUsage(int limit, int used, long resetSeconds) {

        public int remaining() {
            return Math.max(0, limit - used);
        }
    }

    /**
     * The outcome of counting one call: whether it may pass, and every bucket's limits in the order they were
     * declared. {@link #limit()}, {@link #remaining()} and {@link #resetSeconds()} describe the first limit of the
     * first bucket, which is all a single-window provider has.
     */
    public record Usage(boolean allowed, List<List<WindowUsage>> buckets) {

        public int limit() {
            return first().limit();
        }

        public int remaining() {
            return first().remaining();
        }

        public long resetSeconds() {
            return first().resetSeconds();
        }

        private WindowUsage first() {
            return buckets.get(0).get(0);
        }

        /**
         * How the counters look when the provider refuses a call for quota reasons: as they are when a limit is
         * used up, else (an injected 429) with the first limit used up.
         */
        Usage exhausted() {
            boolean usedUp = buckets.stream().flatMap(List::stream).anyMatch(w -> w.used() >= w.limit());
            if (usedUp) {
                return new Usage(false, buckets);
            }
            List<List<WindowUsage>> used = new java.util.ArrayList<>(buckets);
            List<WindowUsage> first = new java.util.ArrayList<>(buckets.get(0));
            first.set(0, new WindowUsage(first.get(0).limit(), first.get(0).limit(), first.get(0).resetSeconds()));
            used.set(0, List.copyOf(first));
            return new Usage(false, List.copyOf(used));
        }
    }

    /** A limit over windows of one length; its window can be shortened for tests. */
    private static final class Limit {
        final String settingName;
        final long providerSeconds;
        volatile long seconds;
        volatile int limit;

        Limit(String settingName, long providerSeconds, int limit) {
            this.settingName = settingName;
            this.providerSeconds = providerSeconds;
            this.seconds = providerSeconds;
            this.limit = limit;
        }
    }

    /** The calls one group of limits counts: {@code counts} sees the method and the path. */
    private record Bucket(BiPredicate<String, String> counts, List<Limit> limits) {
    }

    private record Window(long start, int used) {
    }

    private final Scope scope;
    private final List<Bucket> buckets = new ArrayList<>();
    private final Map<String, Window> windows = new HashMap<>();

    /** One limit per user over one window, for every call. */
    public SandboxRateLimit(ChronoUnit window, int limit, String settingName) {
        this(java.time.Duration.of(1, window), limit, settingName);
    }

    /** One limit per user over a window that need not be a calendar unit (Wahoo: five minutes), for every call. */
    public SandboxRateLimit(java.time.Duration window, int limit, String settingName) {
        this(Scope.USER);
        bucket((method, path) -> true, settingName, window.getSeconds(), limit);
    }

    public SandboxRateLimit(Scope scope) {
        this.scope = scope;
    }

    /**
     * Adds a bucket of the calls {@code counts} picks, with limits given as (setting name, window seconds, limit)
     * triples: {@code bucket(filter, "per15Minutes", 900, 200, "perDay", 86400, 2000)}.
     */
    public SandboxRateLimit bucket(BiPredicate<String, String> counts, Object... limits) {
        if (limits.length == 0 || limits.length % 3 != 0) {
            throw new IllegalArgumentException("limits come as (setting name, window seconds, limit) triples");
        }
        List<Limit> list = new ArrayList<>();
        for (int i = 0; i < limits.length; i += 3) {
            list.add(new Limit((String) limits[i], ((Number) limits[i + 1]).longValue(), ((Number) limits[i + 2]).intValue()));
        }
        buckets.add(new Bucket(counts, List.copyOf(list)));
        return this;
    }

    /** The test API's names of the limits: "perHour", "perMinute", "per15Minutes"... */
    public List<String> settingNames() {
        return allLimits().stream().map(l -> l.settingName).toList();
    }

    /** The first limit's setting name (the only one of single-window providers). */
    public String settingName() {
        return buckets.get(0).limits().get(0).settingName;
    }

    public int limit() {
        return buckets.get(0).limits().get(0).limit;
    }

    public void setLimit(int limit) {
        setLimit(settingName(), limit);
    }

    public void setLimit(String settingName, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Rate limit must be at least 1");
        }
        allLimits().stream().filter(l -> l.settingName.equals(settingName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No rate limit named " + settingName)).limit = limit;
    }

    /** Every limit by setting name, and the (possibly shortened) shortest window as "windowSeconds". */
    public Map<String, Long> settings() {
        Map<String, Long> settings = new LinkedHashMap<>();
        allLimits().forEach(l -> settings.put(l.settingName, (long) l.limit));
        settings.put("windowSeconds", windowSeconds());
        return settings;
    }

    /** The length of the shortest window (the one tests shorten). */
    public long windowSeconds() {
        return shortest().stream().mapToLong(l -> l.seconds).min().orElseThrow();
    }

    /**
     * Windows of {@code seconds} for the limits with the provider's shortest window, aligned to the epoch like the
     * provider's own, so that a rate-limited job need not wait an hour; 0 restores the provider's.
     */
    public void setWindowSeconds(long seconds) {
        List<Limit> shortest = shortest();
        long providerSeconds = shortest.get(0).providerSeconds;
        if (seconds < 0 || seconds > providerSeconds) {
            throw new IllegalArgumentException("windowSeconds must be from 1 to " + providerSeconds + ", or 0 for the provider's");
        }
        shortest.forEach(l -> l.seconds = seconds == 0 ? providerSeconds : seconds);
    }

    /** Counts a call of the user that is not told apart by kind (a single-bucket provider). */
    public Usage count(String userId, Instant now) {
        return count(userId, "GET", "/", now);
    }

    /** Counts the call in every bucket that counts its kind; answers every bucket's state. */
    public synchronized Usage count(String userId, String method, String path, Instant now) {
        String key = scope == Scope.APPLICATION ? "application" : userId;
        boolean allowed = true;
        List<List<WindowUsage>> usage = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            Bucket bucket = buckets.get(b);
            boolean counted = bucket.counts().test(method, path);
            List<WindowUsage> bucketUsage = new ArrayList<>();
            for (int l = 0; l < bucket.limits().size(); l++) {
                Limit limit = bucket.limits().get(l);
                long length = limit.seconds;
                long windowStart = Math.floorDiv(now.getEpochSecond(), length) * length;
                String counter = key + "|" + b + "|" + l;
                Window previous = windows.get(counter);
                int used = previous == null || previous.start() != windowStart ? 0 : previous.used();
                if (counted) {
                    used++;
                    windows.put(counter, new Window(windowStart, used));
                    allowed &= used <= limit.limit;
                }
                bucketUsage.add(new WindowUsage(limit.limit, used, windowStart + length - now.getEpochSecond()));
            }
            usage.add(List.copyOf(bucketUsage));
        }
        return new Usage(allowed, List.copyOf(usage));
    }

    private List<Limit> allLimits() {
        return buckets.stream().flatMap(b -> b.limits().stream()).toList();
    }

    private List<Limit> shortest() {
        long min = allLimits().stream().mapToLong(l -> l.providerSeconds).min().orElseThrow();
        return allLimits().stream().filter(l -> l.providerSeconds == min).toList();
    }
}
