package providers.http;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a provider allows our whole application, every user and every replica together: so many calls per window, for
 * each window the provider counts (Strava: 15 minutes and a day, the windows starting at :00, :15, :30, :45 and at
 * midnight UTC). Written {@code <calls>/<ISO-8601 duration>}, comma-separated: {@code 100/PT15M,1000/P1D}.
 *
 * @param limits shortest window first
 */
public record AppQuota(List<Limit> limits) {

    /** At most {@code calls} calls in each window of {@code window}, windows aligned to the epoch. */
    public record Limit(long calls, Duration window) {

        public Limit {
            if (calls < 1) {
                throw new IllegalArgumentException("an app quota allows at least 1 call a window, got " + calls);
            }
            if (window.toSeconds() < 1 || window.toSeconds() > Duration.ofDays(1).toSeconds()
                    || !window.equals(Duration.ofSeconds(window.toSeconds()))) {
                throw new IllegalArgumentException("an app quota's window is whole seconds, from PT1S to P1D, got " + window);
            }
        }

        @Override
        public String toString() {
            return calls + "/" + window;
        }
    }

    public AppQuota {
        limits = limits.stream().sorted(Comparator.comparing(Limit::window)).toList();
    }

    /** The quota a setting describes; empty for an empty setting (no quota: the provider's 429s still defer jobs). */
    public static Optional<AppQuota> parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return Optional.empty();
        }
        List<Limit> limits = new ArrayList<>();
        for (String part : setting.split(",")) {
            String[] callsAndWindow = part.trim().split("/", 2);
            try {
                if (callsAndWindow.length != 2) {
                    throw new IllegalArgumentException("no '/'");
                }
                limits.add(new Limit(Long.parseLong(callsAndWindow[0].trim()), Duration.parse(callsAndWindow[1].trim())));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("an app quota is <calls>/<ISO-8601 duration>[,…] (e.g. 100/PT15M,1000/P1D); '"
                        + part.trim() + "' is not: " + e.getMessage(), e);
            }
        }
        return Optional.of(new AppQuota(limits));
    }

    @Override
    public String toString() {
        return String.join(",", limits.stream().map(Limit::toString).toList());
    }
}
