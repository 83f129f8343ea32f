package it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, hole 6 — JWT claims, attacked over HTTP with tokens signed by the right secret: one without {@code exp}
 * (it was accepted forever), one that lives a month (a leaked token stays good), one not valid yet. {@code exp} and
 * {@code nbf} are honoured with 60 s of clock skew, the same rules as with an identity provider's keys.
 */
@ExtendWith(SharedSyncWell.class)
class JwtClaimsTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void tokensWithoutExpiryOrLivingTooLongOrNotYetValidAreRefused() throws Exception {
        Instant now = Instant.now();
        assertThat(status(claims(null, null, null))).as("no exp").isEqualTo(401);
        assertThat(status(claims(now, now.plus(Duration.ofDays(30)), null))).as("a month's lifetime").isEqualTo(401);
        assertThat(status(claims(null, now.plus(Duration.ofDays(2)), null))).as("two days from now, no iat").isEqualTo(401);
        assertThat(status(claims(now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofMinutes(10))))).as("nbf in 10 min")
                .isEqualTo(401);
        assertThat(status(claims(now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(3)), null))).as("expired 3 min ago")
                .isEqualTo(401);

        assertThat(status(claims(now, now.plus(Duration.ofHours(1)), null))).as("an hour").isEqualTo(200);
        assertThat(status(claims(now.minus(Duration.ofHours(1)), now.minus(Duration.ofSeconds(30)), null)))
                .as("expired 30 s ago: within the skew").isEqualTo(200);
        assertThat(status(claims(now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofSeconds(30)))))
                .as("valid in 30 s: within the skew").isEqualTo(200);

        ApiClient.Answer refused = ApiClient.withToken(app.apiUrl(), sign(claims(now, now.plus(Duration.ofDays(30)), null)))
                .get("/v1/providers");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("syncwell.auth.max-token-lifetime");
    }

    private static JWTClaimsSet claims(Instant issuedAt, Instant expires, Instant notBefore) {
        return new JWTClaimsSet.Builder().subject("claims-user").claim("roles", List.of("user"))
                .issueTime(issuedAt == null ? null : Date.from(issuedAt))
                .expirationTime(expires == null ? null : Date.from(expires))
                .notBeforeTime(notBefore == null ? null : Date.from(notBefore))
                .build();
    }

    private int status(JWTClaimsSet claims) throws Exception {
        return ApiClient.withToken(app.apiUrl(), sign(claims)).get("/v1/providers").status();
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SyncWellInstance.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
