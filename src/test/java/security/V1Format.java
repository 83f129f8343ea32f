package security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import model.Json;

/** Token ciphertexts as SyncWell stored them before the v2 format: AES-GCM under the key, the account as associated data. */
public final class V1Format {

    private V1Format() {
    }

    public static String encrypt(TokenSet tokens, SecretKey key, String userId, String provider) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD((userId + "\n" + provider).getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(Json.MAPPER.writeValueAsBytes(tokens));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
