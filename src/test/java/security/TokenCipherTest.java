package security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token encryption under raw key files: the format, account binding, key rotation and the v1 format before it. */
class TokenCipherTest {

    @TempDir
    Path dir;

    private final TokenSet tokens = new TokenSet("access-abc123", "refresh-def456", Instant.parse("2026-11-25T12:00:00Z"),
            "weight activity");

    @Test
    void roundTripsAndHidesTheTokens() {
        TokenCipher cipher = TokenCipher.withKeyFiles(LocalSecrets.tokenKey(dir), List.of(), null);
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        assertThat(sealed).startsWith("v2:" + cipher.currentKeyRef() + ":").startsWith("v2:file-")
                .doesNotContain("access-abc123").doesNotContain("refresh-def456");
        assertThat(cipher.decrypt(sealed, "user-1", "fitbit")).isEqualTo(tokens);
        assertThat(cipher.encrypt(tokens, "user-1", "fitbit")).as("a fresh data key and nonce each time").isNotEqualTo(sealed);
        assertThat(tokens.toString()).doesNotContain("access-abc123").doesNotContain("refresh-def456");
    }

    @Test
    void aCiphertextMovedToAnotherAccountDoesNotDecrypt() {
        TokenCipher cipher = TokenCipher.withKeyFiles(LocalSecrets.tokenKey(dir), List.of(), null);
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "user-2", "fitbit")).hasMessageContaining("another account")
                .hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "user-1", "garmin")).hasMessageContaining("another account");
    }

    @Test
    void aTamperedCiphertextDoesNotDecrypt() {
        TokenCipher cipher = TokenCipher.withKeyFiles(LocalSecrets.tokenKey(dir), List.of(), null);
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        byte[] message = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
        message[message.length - 20] ^= 1;
        String tampered = sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getEncoder().encodeToString(message);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "user-1", "fitbit")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> cipher.decrypt("v9:x:y", "user-1", "fitbit")).hasMessageContaining("not in a known format");
    }

    @Test
    void theLocalKeyFileIsOwnerOnlyAndStable() throws Exception {
        TokenCipher first = TokenCipher.withKeyFiles(LocalSecrets.tokenKey(dir), List.of(), null);
        String sealed = first.encrypt(tokens, "u", "googlefit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token.key")))).isEqualTo("rw-------");
        assertThat(TokenCipher.withKeyFiles(LocalSecrets.tokenKey(dir), List.of(), null).decrypt(sealed, "u", "googlefit"))
                .isEqualTo(tokens);
    }

    @Test
    void aNewKeyEncryptsWhileThePreviousOneStillDecrypts() {
        SecretKey old = randomKey();
        SecretKey current = randomKey();
        String underOld = TokenCipher.withKeyFiles(old, List.of(), null).encrypt(tokens, "u", "strava");

        TokenCipher rotated = TokenCipher.withKeyFiles(current, List.of(old), null);
        assertThat(rotated.decrypt(underOld, "u", "strava")).isEqualTo(tokens);
        assertThat(rotated.isCurrent(underOld)).as("names the old key: to be re-wrapped").isFalse();
        String rewrapped = rotated.encrypt(rotated.decrypt(underOld, "u", "strava"), "u", "strava");
        assertThat(rotated.isCurrent(rewrapped)).isTrue();
        assertThat(rewrapped).startsWith("v2:" + TokenCipher.rawKeyRef(current) + ":");

        TokenCipher withoutOld = TokenCipher.withKeyFiles(current, List.of(), null);
        assertThatThrownBy(() -> withoutOld.decrypt(underOld, "u", "strava"))
                .hasMessageContaining(TokenCipher.rawKeyRef(old)).hasMessageContaining("neither the current nor a previous");
    }

    @Test
    void tokensStoredInTheV1FormatStayReadable() throws Exception {
        SecretKey key = LocalSecrets.tokenKey(dir);
        String v1 = V1Format.encrypt(tokens, key, "user-1", "withings");
        TokenCipher cipher = TokenCipher.withKeyFiles(randomKey(), List.of(), key);
        assertThat(cipher.decrypt(v1, "user-1", "withings")).isEqualTo(tokens);
        assertThat(cipher.isCurrent(v1)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(v1, "user-2", "withings")).hasMessageContaining("cannot be decrypted");
    }

    static SecretKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }
}
