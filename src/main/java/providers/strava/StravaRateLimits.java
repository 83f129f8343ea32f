package providers.strava;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import providers.http.RateBudget;

/**
 * When Strava's rate limits reset (docs/providers/strava.md §4): per application, a 15-minute window that resets at :00, :15,
 * :30 and :45 and a daily one that resets at midnight UTC, for all requests ({@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Usage}: "<15 min>,<day>") and for reads ({@code X-ReadRateLimit-*}). Strava sends no Retry-After.
 */
final class StravaRateLimits {

    /** The short window's length; tests against a sandbox with shortened windows set it lower. */
    static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
    private static final long DAY = 86_400;

    private StravaRateLimits() {
    }

    /** Until the daily window resets when a daily allowance is used up, else until the short window resets. */
    static Optional<Duration> resetAfter(HttpHeaders headers, Instant now) {
        return resetAfter(headers, now, QUARTER_HOUR);
    }

    static Optional<Duration> resetAfter(HttpHeaders headers, Instant now, Duration shortWindow) {
        long[] overall = pair(headers, "X-RateLimit-Limit", "X-RateLimit-Usage");
        long[] read = pair(headers, "X-ReadRateLimit-Limit", "X-ReadRateLimit-Usage");
        if (overall == null && read == null) {
            return Optional.empty();
        }
        boolean dayUsedUp = (overall != null && overall[3] >= overall[1]) || (read != null && read[3] >= read[1]);
        long length = dayUsedUp ? DAY : Math.max(1, shortWindow.getSeconds());
        long seconds = now.getEpochSecond();
        return Optional.of(Duration.ofSeconds(Math.floorDiv(seconds, length) * length + length - seconds));
    }

    /**
     * The application's budget from the same headers: the short and the daily window of all requests and of reads,
     * each with what is left of it and when it resets.
     */
    static Optional<RateBudget> budget(HttpHeaders headers, Instant now, Duration shortWindow) {
        List<RateBudget.Window> windows = new ArrayList<>();
        for (long[] pair : new long[][] {pair(headers, "X-RateLimit-Limit", "X-RateLimit-Usage"),
                pair(headers, "X-ReadRateLimit-Limit", "X-ReadRateLimit-Usage")}) {
            if (pair != null) {
                windows.add(new RateBudget.Window(pair[0], pair[0] - pair[2], nextReset(now, Math.max(1, shortWindow.getSeconds()))));
                windows.add(new RateBudget.Window(pair[1], pair[1] - pair[3], nextReset(now, DAY)));
            }
        }
        return windows.isEmpty() ? Optional.empty() : Optional.of(new RateBudget(RateBudget.Scope.APPLICATION, windows));
    }

    private static Instant nextReset(Instant now, long length) {
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), length) * length + length);
    }

    /** {15-min limit, daily limit, 15-min usage, daily usage}, or null when the headers are missing or unreadable. */
    private static long[] pair(HttpHeaders headers, String limitHeader, String usageHeader) {
        Optional<String> limit = headers.firstValue(limitHeader);
        Optional<String> usage = headers.firstValue(usageHeader);
        if (limit.isEmpty() || usage.isEmpty()) {
            return null;
        }
        String[] limits = limit.get().split(",");
        String[] usages = usage.get().split(",");
        if (limits.length != 2 || usages.length != 2) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(limits[0].trim()), Long.parseLong(limits[1].trim()),
                    Long.parseLong(usages[0].trim()), Long.parseLong(usages[1].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
