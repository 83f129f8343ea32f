package security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTest {

    @TempDir
    Path dir;

    private final TokenSet tokens = new TokenSet("access-abc123", "refresh-def456", Instant.parse("2026-11-25T12:00:00Z"),
            "weight activity");

    @Test
    void roundTripsAndHidesTheTokens() {
        TokenCipher cipher = new TokenCipher(LocalSecrets.tokenKey(dir));
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        assertThat(sealed).startsWith("v1:").doesNotContain("access-abc123").doesNotContain("refresh-def456");
        assertThat(cipher.decrypt(sealed, "user-1", "fitbit")).isEqualTo(tokens);
        assertThat(cipher.encrypt(tokens, "user-1", "fitbit")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(tokens.toString()).doesNotContain("access-abc123").doesNotContain("refresh-def456");
    }

    @Test
    void aCiphertextMovedToAnotherAccountDoesNotDecrypt() {
        TokenCipher cipher = new TokenCipher(LocalSecrets.tokenKey(dir));
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "user-2", "fitbit")).hasMessageNotContaining("abc123");
    }

    @Test
    void theLocalKeyFileIsOwnerOnlyAndStable() throws Exception {
        TokenCipher first = new TokenCipher(LocalSecrets.tokenKey(dir));
        String sealed = first.encrypt(tokens, "u", "googlefit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token.key")))).isEqualTo("rw-------");
        assertThat(new TokenCipher(LocalSecrets.tokenKey(dir)).decrypt(sealed, "u", "googlefit")).isEqualTo(tokens);
    }
}
