package model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic sync id of a record (docs/architecture.md §7): from the user, the source provider and the source's id for the
 * record, so a retried write carries the same id (idempotent writes) and a destination can tell our records from its
 * own (loop safety). Written where the destination keeps a client value: {@code syncwell-<32 hex>}.
 */
public final class SyncIds {

    public static final String PREFIX = "syncwell-";

    private SyncIds() {
    }

    public static String of(String userId, Provenance source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((userId + "\n" + source.provider() + "\n" + source.externalId()).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whether a value a provider keeps (external id, token, session id, tag) is one of our sync ids. */
    public static boolean isSyncId(String value) {
        return value != null && value.startsWith(PREFIX);
    }
}
