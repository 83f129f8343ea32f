package security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sign-in against an identity provider's JSON Web Key Set, served over HTTP as a real one is: RS256 and ES256 tokens,
 * issuer, audience, expiry (60 s of skew), not-before, and a key rotation the cached set learns of by its new {@code kid}.
 */
class JwksSignInTest {

    private static final String ISSUER = "https://login.example.com/";
    private static final String AUDIENCE = "syncwell-api";

    private HttpServer server;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private RSAKey rsa;
    private ECKey ec;
    private JwtAuthenticator authenticator;

    @BeforeEach
    void identityProvider() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.add(rsa.toPublicJWK());
        published.add(ec.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(List.copyOf(published)).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        authenticator = JwtAuthenticator.withJwks(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/.well-known/jwks.json").toURL(), new JwtAuthenticator.ClaimRules(ISSUER, AUDIENCE, java.time.Duration.ofDays(1)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("user-42").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", List.of("user"));
    }

    private static String sign(JWTClaimsSet claims, JWK key, JWSAlgorithm algorithm) throws JOSEException {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void rs256AndEs256TokensOfTheIssuerAreAccepted() throws Exception {
        Caller caller = authenticator.authenticate(sign(claims().build(), rsa, JWSAlgorithm.RS256));
        assertThat(caller.userId()).isEqualTo("user-42");
        assertThat(authenticator.authenticate(sign(claims().subject("user-43").claim("roles", List.of("admin")).build(), ec,
                JWSAlgorithm.ES256)).userId()).isEqualTo("user-43");
        assertThat(fetches.get()).as("the key set is cached").isEqualTo(1);
    }

    @Test
    void anotherIssuerOrAudienceIsRefused() throws Exception {
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().issuer("https://evil.example/").build(), rsa,
                JWSAlgorithm.RS256))).isInstanceOf(JwtAuthenticator.InvalidTokenException.class).hasMessageContaining("iss");
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().audience("another-api").build(), rsa,
                JWSAlgorithm.RS256))).hasMessageContaining("audience");
    }

    @Test
    void expiryIsRequiredAndHonouredWithSixtySecondsOfSkew() throws Exception {
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().expirationTime(null).build(), rsa, JWSAlgorithm.RS256)))
                .hasMessageContaining("exp");
        assertThat(authenticator.authenticate(sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(30))).build(),
                rsa, JWSAlgorithm.RS256)).userId()).as("30 s past exp: within the skew").isEqualTo("user-42");
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(120)))
                .build(), rsa, JWSAlgorithm.RS256))).hasMessageContaining("expired");
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
                .build(), rsa, JWSAlgorithm.RS256))).hasMessageContaining("not valid yet");
    }

    @Test
    void sharedSecretTokensAndForeignKeysAreRefused() throws Exception {
        String hs256 = new JwtAuthenticator("a-shared-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8))
                .issue("user-42", List.of("admin"), java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> authenticator.authenticate(hs256)).hasMessageContaining("signature is not valid");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertThatThrownBy(() -> authenticator.authenticate(sign(claims().build(), stranger, JWSAlgorithm.RS256)))
                .hasMessageContaining("signature is not valid");
        assertThatThrownBy(() -> authenticator.authenticate("not.a.jwt")).hasMessageContaining("not a JWT");
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
        assertThat(authenticator.authenticate(sign(claims().build(), rsa, JWSAlgorithm.RS256)).userId()).isEqualTo("user-42");
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        published.add(rotated.toPublicJWK());

        assertThat(authenticator.authenticate(sign(claims().build(), rotated, JWSAlgorithm.RS256)).userId()).isEqualTo("user-42");
        assertThat(fetches.get()).as("fetched again for the unknown kid").isEqualTo(2);
    }

    @Test
    void issuingIsForLocalModeOnly() {
        assertThatThrownBy(() -> authenticator.issue("u", List.of(), java.time.Duration.ofMinutes(1)))
                .hasMessageContaining("identity provider");
    }

}
