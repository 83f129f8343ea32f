package state;

import java.time.Instant;

/**
 * An unlinked account whose access at the provider is still to be withdrawn: its tokens, still encrypted for the
 * account they came from, kept only until the provider confirms (or {@code expiresAt}, epoch seconds, when DynamoDB's
 * TTL drops the item). {@code nextAttemptAt}: epoch milliseconds of the next try; {@code lastError}: why the last failed.
 */
public record Revocation(String id, String userId, String provider, String encryptedTokens, int attempts, long nextAttemptAt,
                         String lastError, Instant createdAt, long expiresAt) {

    @Override
    public String toString() {
        return "Revocation[id=" + id + ", userId=" + userId + ", provider=" + provider + ", attempts=" + attempts + "]";
    }
}
