package security;

import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;

/**
 * Verifies bearer JWTs. In aws mode (or wherever {@code syncwell.auth.jwks-url} is set): RS256/ES256 signatures
 * checked against the identity provider's JSON Web Key Set (cached; fetched again when a token names an unknown
 * {@code kid}, as after a key rotation), {@code iss} and {@code aud} must match, {@code exp} is required, {@code nbf}
 * honoured, with 60 s of clock skew. In local mode: HS256 with a shared secret, {@code exp} enforced when present.
 * {@code sub} is always required. Also issues HS256 tokens, for the demo user.
 */
public class JwtAuthenticator {

    /** Clock difference tolerated between the identity provider and us, in seconds. */
    static final int CLOCK_SKEW_SECONDS = 60;

    private final byte[] secret;
    private final JWTProcessor<SecurityContext> processor;

    private JwtAuthenticator(byte[] secret, JWTProcessor<SecurityContext> processor) {
        this.secret = secret;
        this.processor = processor;
    }

    /** Local mode: HS256 tokens signed with {@code secret} (at least 32 bytes). */
    public JwtAuthenticator(byte[] secret) {
        this(checkedSecret(secret), hs256Processor(secret));
    }

    /** Tokens of an identity provider: signed by a key of its JWKS at {@code jwksUrl}, for {@code audience}. */
    public static JwtAuthenticator withJwks(URL jwksUrl, String issuer, String audience) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl)
                .retrying(true)
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return new JwtAuthenticator(null, processor);
    }

    private static byte[] checkedSecret(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalStateException("syncwell.auth.jwt-secret must be at least 32 bytes for HS256");
        }
        return secret.clone();
    }

    private static JWTProcessor<SecurityContext> hs256Processor(byte[] secret) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(checkedSecret(secret))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub"));
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /** The caller of a verified token; an {@link InvalidTokenException} says why a token is refused. */
    public Caller authenticate(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a JWT");
        } catch (BadJWTException e) {
            throw new InvalidTokenException("the bearer token is not accepted: " + claimProblem(e));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("the bearer token's signature is not valid (or its algorithm or key is not accepted)");
        } catch (JOSEException e) {
            throw new InvalidTokenException("the bearer token cannot be verified");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("the bearer token has no subject (sub)");
        }
        try {
            List<String> roles = claims.getStringListClaim("roles");
            return new Caller(subject, roles == null ? Set.of() : new HashSet<>(roles));
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token's roles claim must be a list of strings");
        }
    }

    /** Nimbus says which claim failed ("Expired JWT", "JWT audience rejected", ...); that is safe to repeat. */
    private static String claimProblem(BadJWTException e) {
        String message = e.getMessage();
        if (message == null) {
            return "its claims are not valid";
        }
        if (message.startsWith("Expired JWT")) {
            return "it has expired";
        }
        if (message.startsWith("JWT before use time")) {
            return "it is not valid yet (nbf)";
        }
        return message;
    }

    public String issue(String userId, List<String> roles, Duration validity) {
        if (secret == null) {
            throw new IllegalStateException("tokens are issued by the identity provider, not by SyncWell");
        }
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(userId)
                    .claim("roles", roles)
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plus(validity)))
                    .jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a JWT: " + e.getMessage(), e);
        }
    }

    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String reason) {
            super(reason);
        }
    }
}
