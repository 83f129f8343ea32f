package security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.fasterxml.jackson.core.JsonProcessingException;

import model.Json;

/**
 * Encrypts token sets at rest with AES-256-GCM. Each ciphertext carries its own random 96-bit nonce and
 * is bound to the account (user + provider) as associated data, so a ciphertext copied onto another
 * account does not decrypt.
 */
public class TokenCipher {

    private static final String FORMAT = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(SecretKey key) {
        this.key = key;
    }

    public String encrypt(TokenSet tokens, String userId, String provider) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(userId, provider));
            byte[] sealed = cipher.doFinal(Json.MAPPER.writeValueAsBytes(tokens));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return FORMAT + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("token encryption failed: " + e.getClass().getSimpleName());
        }
    }

    public TokenSet decrypt(String ciphertext, String userId, String provider) {
        if (ciphertext == null || !ciphertext.startsWith(FORMAT)) {
            throw new IllegalStateException("stored tokens of " + provider + " are not in a known format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext.substring(FORMAT.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(userId, provider));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return Json.MAPPER.readValue(plain, TokenSet.class);
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            // never include the plaintext or key material in the message
            throw new IllegalStateException("stored tokens of " + provider + " cannot be decrypted (wrong key or tampered)");
        }
    }

    private static byte[] associatedData(String userId, String provider) {
        return (userId + "\n" + provider).getBytes(StandardCharsets.UTF_8);
    }
}
