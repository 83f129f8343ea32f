package providers.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a provider's rate-limit headers say of its budget after a call: each window's limit, what is left of it, and
 * when it resets; counted per account ({@link Scope#ACCOUNT}: Fitbit's 150 an hour per user) or for the whole
 * application ({@link Scope#APPLICATION}: Strava's). Providers that send no such headers (Google's, Withings, Garmin)
 * have none: their cold jobs meet the provider's 429 instead, and wait on the queue like any rate-limited job.
 */
public record RateBudget(Scope scope, List<Window> windows) {

    public enum Scope { ACCOUNT, APPLICATION }

    /** One window: {@code remaining} of {@code limit} calls left until {@code resetsAt}. */
    public record Window(long limit, long remaining, Instant resetsAt) {
    }

    public RateBudget {
        windows = List.copyOf(windows);
    }

    /**
     * The headers most providers use: Fitbit's {@code Fitbit-Rate-Limit-Limit/-Remaining/-Reset} (seconds until the
     * hour resets), or {@code X-RateLimit-Limit/-Remaining/-Reset} with a comma-separated value per window (Wahoo:
     * day, hour, five minutes; one reset, the shortest window's, taken for all — a wait that ends too early only
     * checks again).
     */
    public static Optional<RateBudget> fromCommonHeaders(HttpHeaders headers, Instant now) {
        Optional<RateBudget> fitbit = read(headers, "Fitbit-Rate-Limit-", now);
        return fitbit.isPresent() ? fitbit : read(headers, "X-RateLimit-", now);
    }

    private static Optional<RateBudget> read(HttpHeaders headers, String prefix, Instant now) {
        Optional<String> limit = headers.firstValue(prefix + "Limit");
        Optional<String> remaining = headers.firstValue(prefix + "Remaining");
        Optional<String> reset = headers.firstValue(prefix + "Reset");
        if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
            return Optional.empty();
        }
        try {
            String[] limits = limit.get().split(",");
            String[] left = remaining.get().split(",");
            if (limits.length != left.length) {
                return Optional.empty();
            }
            Instant resetsAt = now.plus(Duration.ofSeconds(Long.parseLong(reset.get().split(",")[0].trim())));
            List<Window> windows = new ArrayList<>();
            for (int i = 0; i < limits.length; i++) {
                windows.add(new Window(Long.parseLong(limits[i].trim()), Long.parseLong(left[i].trim()), resetsAt));
            }
            return Optional.of(new RateBudget(Scope.ACCOUNT, windows));
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }
}
