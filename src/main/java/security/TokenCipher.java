package security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.DefaultCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.fasterxml.jackson.core.JsonProcessingException;

import model.Json;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts token sets at rest by envelope encryption with the AWS Encryption SDK: each ciphertext holds its data key
 * wrapped by a key-encryption key — a KMS key (aws mode) or a raw AES-256 key from a key file (local mode, or a
 * cluster that mounts one from a Kubernetes Secret) — and commits to that data key (the committing suite, no
 * signature: writer and reader are the same service). The sealed plaintext names the account (user + provider) it
 * belongs to, so a ciphertext copied onto another account is refused. (The account is not in the encryption context:
 * the data-key cache is partitioned by context, and one data key per account would mean a KMS call per account.)
 * <p>
 * Format {@code v2:<key ref>:<base64 message>}: the ref names the key-encryption key, so the current key can change
 * while ciphertexts under the previous ones stay readable, and {@link #isCurrent} tells which to re-wrap. KMS data
 * keys are cached for a bounded time and number of messages, so a busy worker does not call KMS per token. The
 * {@code v1:} format before it (AES-GCM under the local key file directly) is still read.
 */
public final class TokenCipher {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    /** The encryption context of every token message (authenticated, in clear in the message header). */
    private static final Map<String, String> CONTEXT = Map.of("syncwell:purpose", "oauth-tokens");
    private static final int V1_NONCE_BYTES = 12;
    private static final int V1_TAG_BITS = 128;
    /** Data keys kept decrypted, per key-encryption key. */
    private static final int CACHED_DATA_KEYS = 100;

    private final AwsCrypto crypto = AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
            .build();
    private final String currentRef;
    private final Map<String, CryptoMaterialsManager> keysByRef;
    private final SecretKey v1Key;

    private TokenCipher(String currentRef, Map<String, CryptoMaterialsManager> keysByRef, SecretKey v1Key) {
        this.currentRef = currentRef;
        this.keysByRef = Map.copyOf(keysByRef);
        this.v1Key = v1Key;
    }

    /**
     * Raw AES-256 keys: {@code current} encrypts, each of {@code previous} still decrypts. The key file of local mode
     * also reads the {@code v1:} ciphertexts written before this format.
     */
    public static TokenCipher withKeyFiles(SecretKey current, List<SecretKey> previous, SecretKey v1Key) {
        Map<String, CryptoMaterialsManager> keys = new LinkedHashMap<>();
        for (SecretKey key : concat(current, previous)) {
            String ref = rawKeyRef(key);
            keys.put(ref, new DefaultCryptoMaterialsManager(JceMasterKey.getInstance(key, "syncwell-key-file", ref,
                    "AES/GCM/NoPadding")));
        }
        return new TokenCipher(rawKeyRef(current), keys, v1Key);
    }

    /**
     * KMS keys (key ARNs): {@code currentKeyArn} wraps new data keys, each of {@code previousKeyArns} still unwraps.
     * A data key is reused for at most {@code dataKeyMaxAge} and {@code dataKeyMaxUses} messages.
     */
    public static TokenCipher withKms(KmsClient kms, String currentKeyArn, List<String> previousKeyArns, Duration dataKeyMaxAge,
                                      long dataKeyMaxUses) {
        Map<String, CryptoMaterialsManager> keys = new LinkedHashMap<>();
        for (String arn : concat(currentKeyArn, previousKeyArns)) {
            KmsMasterKeyProvider provider = KmsMasterKeyProvider.builder()
                    .customRegionalClientSupplier(region -> kms)
                    .buildStrict(arn);
            keys.put(kmsKeyRef(arn), CachingCryptoMaterialsManager.newBuilder()
                    .withMasterKeyProvider(provider)
                    .withCache(new LocalCryptoMaterialsCache(CACHED_DATA_KEYS))
                    .withMaxAge(dataKeyMaxAge.toMillis(), TimeUnit.MILLISECONDS)
                    .withMessageUseLimit(dataKeyMaxUses)
                    .build());
        }
        return new TokenCipher(kmsKeyRef(currentKeyArn), keys, null);
    }

    /**
     * The ref of a KMS key: {@code kms-} and the key's id from its ARN
     * ({@code arn:aws:kms:<region>:<account>:key/<id>}); aliases are refused, since what they name can change.
     */
    public static String kmsKeyRef(String keyArn) {
        String[] parts = keyArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("kms") || !parts[5].startsWith("key/")
                || parts[5].length() <= 4) {
            throw new IllegalArgumentException("a KMS key must be given by its key ARN (arn:aws:kms:<region>:<account>:key/<id>), got '"
                    + keyArn + "'");
        }
        return "kms-" + parts[5].substring(4);
    }

    /** The ref of a raw key: {@code file-} and the start of its SHA-256 (which tells keys apart and reveals nothing). */
    static String rawKeyRef(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "file-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public String currentKeyRef() {
        return currentRef;
    }

    /** Whether {@code ciphertext} is under the current key (else a re-wrap moves it there). */
    public boolean isCurrent(String ciphertext) {
        return ciphertext != null && ciphertext.startsWith(V2 + currentRef + ":");
    }

    public String encrypt(TokenSet tokens, String userId, String provider) {
        try {
            byte[] plain = Json.MAPPER.writeValueAsBytes(new SealedTokens(account(userId, provider), tokens));
            CryptoResult<byte[], ?> sealed = crypto.encryptData(keysByRef.get(currentRef), plain, CONTEXT);
            return V2 + currentRef + ":" + Base64.getEncoder().encodeToString(sealed.getResult());
        } catch (JsonProcessingException | RuntimeException e) {
            // never include the tokens or key material in the message
            throw new IllegalStateException("token encryption failed: " + e.getClass().getSimpleName());
        }
    }

    public TokenSet decrypt(String ciphertext, String userId, String provider) {
        if (ciphertext != null && ciphertext.startsWith(V1) && v1Key != null) {
            return decryptV1(ciphertext, userId, provider);
        }
        String[] parts = ciphertext == null ? new String[0] : ciphertext.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v2")) {
            throw new IllegalStateException("stored tokens of " + provider + " are not in a known format");
        }
        CryptoMaterialsManager key = keysByRef.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("stored tokens of " + provider + " are under key " + parts[1]
                    + ", which is neither the current nor a previous token key");
        }
        try {
            CryptoResult<byte[], ?> opened = crypto.decryptData(key, Base64.getDecoder().decode(parts[2]));
            SealedTokens sealed = Json.MAPPER.readValue(opened.getResult(), SealedTokens.class);
            if (!account(userId, provider).equals(sealed.account())) {
                throw new IllegalStateException("stored tokens of " + provider + " belong to another account");
            }
            return sealed.tokens();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException known && known.getMessage().startsWith("stored tokens")) {
                throw known;
            }
            throw new IllegalStateException("stored tokens of " + provider + " cannot be decrypted (wrong key or tampered: "
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private TokenSet decryptV1(String ciphertext, String userId, String provider) {
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext.substring(V1.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, v1Key, new GCMParameterSpec(V1_TAG_BITS, in, 0, V1_NONCE_BYTES));
            cipher.updateAAD((userId + "\n" + provider).getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, V1_NONCE_BYTES, in.length - V1_NONCE_BYTES);
            return Json.MAPPER.readValue(plain, TokenSet.class);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("stored tokens of " + provider + " cannot be decrypted (wrong key or tampered)");
        }
    }

    private static String account(String userId, String provider) {
        return userId + "\n" + provider;
    }

    /** What a v2 message seals: the tokens and the account they belong to. */
    private record SealedTokens(String account, TokenSet tokens) {
    }

    private static <T> List<T> concat(T first, List<T> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
