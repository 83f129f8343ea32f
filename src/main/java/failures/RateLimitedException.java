package failures;

import java.time.Duration;

/** The provider said "too many requests"; {@link #retryAfter()} is its own estimate of when to come back. */
public class RateLimitedException extends TransientSyncException {

    private final Duration retryAfter;

    public RateLimitedException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
