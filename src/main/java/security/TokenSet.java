package security;

import java.time.Instant;

/** OAuth tokens of one linked account. {@link #toString()} never shows them, so a log line cannot leak them. */
public record TokenSet(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    public boolean expiresWithin(java.time.Duration margin) {
        return expiresAt != null && Instant.now().plus(margin).isAfter(expiresAt);
    }

    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt + ", scope=" + scope + ", tokens=<redacted>]";
    }
}
