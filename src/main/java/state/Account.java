package state;

import java.time.Instant;

/**
 * A user's linked provider account. {@code encryptedTokens} is the AES-GCM ciphertext of the token set;
 * the plain tokens exist only in memory while a call is made.
 */
public record Account(String userId, String provider, String status, Instant linkedAt, String externalUserId,
                      String encryptedTokens, Instant updatedAt) {

    public static final String LINKED = "linked";
    public static final String NEEDS_REAUTH = "needs_reauth";
}
