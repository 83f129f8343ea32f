package security;

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
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies bearer JWTs signed with HS256 and a shared secret (local mode). Expiry is enforced when the
 * token has {@code exp}; {@code sub} is required. Also issues tokens, for the demo user.
 */
public class JwtAuthenticator {

    private final byte[] secret;
    private final MACVerifier verifier;

    public JwtAuthenticator(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalStateException("syncwell.auth.jwt-secret must be at least 32 bytes for HS256");
        }
        this.secret = secret.clone();
        try {
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalStateException("invalid JWT secret: " + e.getMessage(), e);
        }
    }

    /** The caller of a verified token; an {@link InvalidTokenException} says why a token is refused. */
    public Caller authenticate(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the bearer token must be signed with HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("the bearer token's signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp != null && exp.toInstant().isBefore(Instant.now())) {
                throw new InvalidTokenException("the bearer token has expired");
            }
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new InvalidTokenException("the bearer token has no subject (sub)");
            }
            List<String> roles = claims.getStringListClaim("roles");
            return new Caller(subject, roles == null ? Set.of() : new HashSet<>(roles));
        } catch (JOSEException | ParseException e) {
            throw new InvalidTokenException("the bearer token cannot be verified");
        }
    }

    public String issue(String userId, List<String> roles, Duration validity) {
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
