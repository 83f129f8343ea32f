package sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A per-user request quota over fixed clock windows (Fitbit: the clock hour, reset at the top of
 * the hour; Google Fit: the clock minute). The limit is changed at run time through the test API.
 */
final class SandboxRateLimit {

    /** The outcome of counting one call. */
    record Usage(boolean allowed, int limit, int remaining, long resetSeconds) {

        /** How the counter looks when the provider refuses a call for quota reasons. */
        Usage exhausted() {
            return new Usage(false, limit, 0, resetSeconds);
        }
    }

    private record Window(long start, int used) {
    }

    private final long providerWindowSeconds;
    private final String settingName;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private volatile int limit;
    /** The provider's window unless a test shortens it, so that a rate-limited job need not wait an hour. */
    private volatile long windowSeconds;

    SandboxRateLimit(ChronoUnit window, int limit, String settingName) {
        this(window.getDuration(), limit, settingName);
    }

    /** A window that is no calendar unit (Wahoo: five minutes). */
    SandboxRateLimit(java.time.Duration window, int limit, String settingName) {
        this.providerWindowSeconds = window.getSeconds();
        this.windowSeconds = providerWindowSeconds;
        this.limit = limit;
        this.settingName = settingName;
    }

    long windowSeconds() {
        return windowSeconds;
    }

    /** A window of {@code seconds}, aligned to the epoch like the provider's own; 0 restores the provider's. */
    void setWindowSeconds(long seconds) {
        if (seconds < 0 || seconds > providerWindowSeconds) {
            throw new IllegalArgumentException("windowSeconds must be from 1 to " + providerWindowSeconds + ", or 0 for the provider's");
        }
        this.windowSeconds = seconds == 0 ? providerWindowSeconds : seconds;
    }

    /** The test API's name of this limit: "perHour", "perMinute" or "perFiveMinutes". */
    String settingName() {
        return settingName;
    }

    int limit() {
        return limit;
    }

    void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Rate limit must be at least 1");
        }
        this.limit = limit;
    }

    Usage count(String userId, Instant now) {
        long length = windowSeconds;
        long windowStart = Math.floorDiv(now.getEpochSecond(), length) * length;
        Window current = windows.compute(userId, (id, previous) ->
                previous == null || previous.start() != windowStart
                        ? new Window(windowStart, 1)
                        : new Window(windowStart, previous.used() + 1));
        int currentLimit = limit;
        long resetSeconds = windowStart + length - now.getEpochSecond();
        return new Usage(current.used() <= currentLimit, currentLimit,
                Math.max(0, currentLimit - current.used()), resetSeconds);
    }
}
