package security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets of local mode, kept in files under {@code <data-dir>/keys} that only the owner can read:
 * the token-encryption key (in aws mode a KMS data key takes its place) and, when none is configured,
 * the JWT signing secret.
 */
public final class LocalSecrets {

    private LocalSecrets() {
    }

    public static SecretKey tokenKey(Path keysDir) {
        return new SecretKeySpec(readOrCreate(keysDir.resolve("token.key"), 32), "AES");
    }

    /** A 32-byte AES key from a file that must exist (e.g. mounted from a Kubernetes Secret); never creates one. */
    public static SecretKey readKey(Path file) {
        try {
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IllegalStateException("token key file " + file + " must hold exactly 32 bytes, it holds " + key.length);
            }
            return new SecretKeySpec(key, "AES");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read token key file " + file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] jwtSecret(Path keysDir) {
        return readOrCreate(keysDir.resolve("jwt-secret"), 32);
    }

    private static byte[] readOrCreate(Path file, int bytes) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                byte[] secret = new byte[bytes];
                new SecureRandom().nextBytes(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, secret);
                    return secret;
                } catch (FileAlreadyExistsException anotherProcessWon) {
                    // fall through and read what the other process wrote
                }
            }
            byte[] secret = Files.readAllBytes(file);
            if (secret.length != bytes) {
                throw new IllegalStateException("key file " + file + " must hold exactly " + bytes + " bytes");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create key file " + file + ": " + e.getMessage(), e);
        }
    }
}
