package state;

import java.time.Instant;

/**
 * A user's linked provider account. {@code encryptedTokens} is the AES-GCM ciphertext of the token set;
 * the plain tokens exist only in memory while a call is made. {@code reauthReason}: why an account that
 * {@link #NEEDS_REAUTH} does (null while it is linked; linking again writes the account anew, without it).
 */
public record Account(String userId, String provider, String status, Instant linkedAt, String externalUserId,
                      String encryptedTokens, Instant updatedAt, String reauthReason) {

    public Account(String userId, String provider, String status, Instant linkedAt, String externalUserId,
                   String encryptedTokens, Instant updatedAt) {
        this(userId, provider, status, linkedAt, externalUserId, encryptedTokens, updatedAt, null);
    }

    public static final String LINKED = "linked";
    public static final String NEEDS_REAUTH = "needs_reauth";
}
