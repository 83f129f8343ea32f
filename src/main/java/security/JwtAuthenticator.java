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
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;

/**
 * Verifies bearer JWTs, with the same claim rules in both modes: {@code sub} and {@code exp} required, {@code nbf}
 * honoured, 60 s of clock skew, {@code iss} and {@code aud} checked when configured ({@code syncwell.auth.issuer},
 * {@code .audience}; aws mode requires them), and no token living longer than {@code syncwell.auth.max-token-lifetime}
 * (from {@code iat}, or from now when it has none). The signature: in aws mode (or wherever
 * {@code syncwell.auth.jwks-url} is set) RS256/ES256 against the identity provider's JSON Web Key Set (cached; fetched
 * again when a token names an unknown {@code kid}, as after a key rotation); in local mode HS256 with a shared secret.
 * Also issues HS256 tokens, for the demo user and the tests.
 */
public class JwtAuthenticator {

    /** Clock difference tolerated between the identity provider and us, in seconds. */
    static final int CLOCK_SKEW_SECONDS = 60;

    /** Who issues and whom tokens are for ({@code null}: not checked), and how long one may live at most. */
    public record ClaimRules(String issuer, String audience, Duration maxLifetime) {

        /** Only the defaults: any issuer and audience, a day at most. */
        public static ClaimRules lenient() {
            return new ClaimRules(null, null, Duration.ofDays(1));
        }
    }

    private final byte[] secret;
    private final ClaimRules rules;
    private final JWTProcessor<SecurityContext> processor;

    private JwtAuthenticator(byte[] secret, ClaimRules rules, JWSKeySelector<SecurityContext> keys) {
        this.secret = secret;
        this.rules = rules;
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(keys);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (rules.issuer() != null) {
            exact.issuer(rules.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(rules.audience(), exact.build(),
                Set.of("sub", "exp"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        jwtProcessor.setJWTClaimsSetVerifier(claims);
        this.processor = jwtProcessor;
    }

    /** Local mode: HS256 tokens signed with {@code secret} (at least 32 bytes), any issuer and audience. */
    public JwtAuthenticator(byte[] secret) {
        this(secret, ClaimRules.lenient());
    }

    /** Local mode: HS256 tokens signed with {@code secret} (at least 32 bytes). */
    public JwtAuthenticator(byte[] secret, ClaimRules rules) {
        this(checkedSecret(secret), rules, new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(checkedSecret(secret))));
    }

    /** Tokens of an identity provider: signed by a key of its JWKS at {@code jwksUrl}. */
    public static JwtAuthenticator withJwks(URL jwksUrl, ClaimRules rules) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl)
                .retrying(true)
                .build();
        return new JwtAuthenticator(null, rules, new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    }

    private static byte[] checkedSecret(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalStateException("syncwell.auth.jwt-secret must be at least 32 bytes for HS256");
        }
        return secret.clone();
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
        Instant from = claims.getIssueTime() == null ? Instant.now() : claims.getIssueTime().toInstant();
        if (claims.getExpirationTime().toInstant().isAfter(from.plus(rules.maxLifetime()).plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw new InvalidTokenException("the bearer token is not accepted: it lives longer than "
                    + rules.maxLifetime() + " (syncwell.auth.max-token-lifetime)");
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
                    .issuer(rules.issuer())
                    .audience(rules.audience())
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
