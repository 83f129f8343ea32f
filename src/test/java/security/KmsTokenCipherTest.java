package security;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The KMS path's own logic — envelope format, data-key caching within its bounds, key rotation — on the AWS SDK's
 * {@link KmsClient} interface. No KMS-protocol server can be installed here, so {@link KeyService} plays KMS: it
 * wraps data keys under keys only it holds, binds them to the encryption context as KMS does, and counts calls.
 */
class KmsTokenCipherTest {

    private static final String KEY_A = "arn:aws:kms:us-east-1:111122223333:key/1f6b4a0e-0000-4000-8000-00000000000a";
    private static final String KEY_B = "arn:aws:kms:us-east-1:111122223333:key/1f6b4a0e-0000-4000-8000-00000000000b";

    private final TokenSet tokens = new TokenSet("access-kms-1", "refresh-kms-1", Instant.parse("2026-12-06T12:00:00Z"), "activity");
    private final KeyService kms = new KeyService(KEY_A, KEY_B);

    @Test
    void aCiphertextNamesItsKmsKeyAndHoldsItsWrappedDataKey() {
        TokenCipher cipher = TokenCipher.withKms(kms, KEY_A, List.of(), Duration.ofMinutes(5), 1000);
        String sealed = cipher.encrypt(tokens, "user-1", "fitbit");
        assertThat(sealed).startsWith("v2:kms-1f6b4a0e-0000-4000-8000-00000000000a:").doesNotContain("access-kms-1");
        assertThat(TokenCipher.withKms(new KeyService(KEY_A, KEY_B).sharing(kms), KEY_A, List.of(), Duration.ofMinutes(5), 1000)
                .decrypt(sealed, "user-1", "fitbit")).as("another replica, its own cache, the same KMS key").isEqualTo(tokens);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "user-2", "fitbit")).hasMessageContaining("another account");
    }

    @Test
    void dataKeysAreReusedWithinTheirUseLimit() {
        TokenCipher cipher = TokenCipher.withKms(kms, KEY_A, List.of(), Duration.ofMinutes(5), 10);
        List<String> sealed = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            sealed.add(cipher.encrypt(tokens, "user-" + i, "garmin"));
        }
        assertThat(kms.generateCalls.get()).as("a fresh data key every 10 tokens").isEqualTo(10);
        for (int i = 0; i < 95; i++) {
            assertThat(cipher.decrypt(sealed.get(i), "user-" + i, "garmin")).isEqualTo(tokens);
        }
        assertThat(kms.decryptCalls.get()).as("each wrapped data key unwrapped once, then cached").isLessThanOrEqualTo(10);
    }

    @Test
    void dataKeysAreReusedWithinTheirAge() {
        TokenCipher cipher = TokenCipher.withKms(kms, KEY_A, List.of(), Duration.ofMillis(300), 1000);
        cipher.encrypt(tokens, "u", "strava");
        cipher.encrypt(tokens, "u", "strava");
        assertThat(kms.generateCalls.get()).isEqualTo(1);
        await("the cached data key expires").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            cipher.encrypt(tokens, "u", "strava");
            return kms.generateCalls.get() == 2;
        });
    }

    @Test
    void afterAKeyChangeOldTokensStayReadableAndAreMarkedForRewrap() {
        String underA = TokenCipher.withKms(kms, KEY_A, List.of(), Duration.ofMinutes(5), 1000).encrypt(tokens, "u", "wahoo");
        TokenCipher rotated = TokenCipher.withKms(kms, KEY_B, List.of(KEY_A), Duration.ofMinutes(5), 1000);
        assertThat(rotated.isCurrent(underA)).isFalse();
        String rewrapped = rotated.encrypt(rotated.decrypt(underA, "u", "wahoo"), "u", "wahoo");
        assertThat(rewrapped).startsWith("v2:kms-1f6b4a0e-0000-4000-8000-00000000000b:");
        assertThat(rotated.isCurrent(rewrapped)).isTrue();
        assertThat(kms.generateCallsByKey).containsEntry(KEY_B, 1);

        TokenCipher withoutA = TokenCipher.withKms(kms, KEY_B, List.of(), Duration.ofMinutes(5), 1000);
        assertThatThrownBy(() -> withoutA.decrypt(underA, "u", "wahoo")).hasMessageContaining("kms-1f6b4a0e-0000-4000-8000-00000000000a");
    }

    @Test
    void aKeyMustBeGivenByItsArn() {
        assertThatThrownBy(() -> TokenCipher.kmsKeyRef("alias/syncwell-tokens")).hasMessageContaining("key ARN");
        assertThatThrownBy(() -> TokenCipher.kmsKeyRef("arn:aws:kms:us-east-1:111122223333:alias/syncwell-tokens"))
                .hasMessageContaining("key ARN");
    }

    /** KMS as the SDK's interface sees it: GenerateDataKey and Decrypt under keys that never leave it. */
    static final class KeyService implements KmsClient {
        private final Map<String, SecretKey> keys = new TreeMap<>();
        final AtomicInteger generateCalls = new AtomicInteger();
        final AtomicInteger decryptCalls = new AtomicInteger();
        final Map<String, Integer> generateCallsByKey = new java.util.concurrent.ConcurrentHashMap<>();

        KeyService(String... arns) {
            for (String arn : arns) {
                keys.put(arn, TokenCipherTest.randomKey());
            }
        }

        /** The same key material as {@code other} (one KMS, seen by two replicas). */
        KeyService sharing(KeyService other) {
            keys.putAll(other.keys);
            return this;
        }

        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
            generateCalls.incrementAndGet();
            generateCallsByKey.merge(request.keyId(), 1, Integer::sum);
            byte[] dataKey = new byte[request.numberOfBytes() == null ? 32 : request.numberOfBytes()];
            new SecureRandom().nextBytes(dataKey);
            return GenerateDataKeyResponse.builder().keyId(request.keyId())
                    .plaintext(SdkBytes.fromByteArray(dataKey))
                    .ciphertextBlob(SdkBytes.fromByteArray(wrap(request.keyId(), dataKey, request.encryptionContext())))
                    .build();
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest request) {
            decryptCalls.incrementAndGet();
            ByteBuffer blob = request.ciphertextBlob().asByteBuffer();
            byte[] arnBytes = new byte[blob.getShort()];
            blob.get(arnBytes);
            String arn = new String(arnBytes, java.nio.charset.StandardCharsets.UTF_8);
            if (request.keyId() != null && !request.keyId().equals(arn)) {
                throw IncorrectKeyException.builder().message("wrapped under another key").build();
            }
            byte[] nonce = new byte[12];
            blob.get(nonce);
            byte[] sealed = new byte[blob.remaining()];
            blob.get(sealed);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, keys.get(arn), new GCMParameterSpec(128, nonce));
                cipher.updateAAD(new TreeMap<>(request.encryptionContext()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return DecryptResponse.builder().keyId(arn).plaintext(SdkBytes.fromByteArray(cipher.doFinal(sealed))).build();
            } catch (java.security.GeneralSecurityException e) {
                throw InvalidCiphertextException.builder().message("does not decrypt").build();
            }
        }

        private byte[] wrap(String arn, byte[] dataKey, Map<String, String> context) {
            try {
                byte[] nonce = new byte[12];
                new SecureRandom().nextBytes(nonce);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, keys.get(arn), new GCMParameterSpec(128, nonce));
                cipher.updateAAD(new TreeMap<>(context).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                byte[] sealed = cipher.doFinal(dataKey);
                byte[] arnBytes = arn.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return ByteBuffer.allocate(2 + arnBytes.length + nonce.length + sealed.length)
                        .putShort((short) arnBytes.length).put(arnBytes).put(nonce).put(sealed).array();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }
}
