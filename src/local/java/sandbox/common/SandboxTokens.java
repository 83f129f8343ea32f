package sandbox.common;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * Authorization codes, access tokens and refresh tokens of both simulated providers. Every token
 * ever issued is remembered so tests can check that none of them leaks into logs.
 */
public final class SandboxTokens {

    /** What an authorization code stands for until it is redeemed. */
    record AuthorizationRequest(SandboxProvider provider, String userId, String redirectUri,
                                String codeChallenge, String scope, Instant expiresAt) {
    }

    public record AccessGrant(SandboxProvider provider, String userId, String scope, Instant expiresAt) {

        boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    public record RefreshGrant(SandboxProvider provider, String userId, String scope) {
    }

    /** A token answer's content; refreshToken is null when the provider keeps the old one. */
    public record IssuedTokens(String accessToken, String refreshToken, String userId, String scope) {
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, AuthorizationRequest> codes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AccessGrant> accessGrants = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RefreshGrant> refreshGrants = new ConcurrentHashMap<>();
    public final Queue<String> issuedAccessTokens= new ConcurrentLinkedQueue<>();
    public final Queue<String> issuedRefreshTokens= new ConcurrentLinkedQueue<>();

    public String newCode(AuthorizationRequest request) {
        String code = randomToken(30);
        codes.put(code, request);
        return code;
    }

    /** The request behind a code; the code is spent whatever the caller does next (single use). */
    public Optional<AuthorizationRequest> redeemCode(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(codes.remove(code));
    }

    IssuedTokens issue(SandboxProvider provider, String userId, String scope, Instant accessExpiresAt,
                       boolean withRefreshToken) {
        String accessToken = randomToken(32);
        accessGrants.put(accessToken, new AccessGrant(provider, userId, scope, accessExpiresAt));
        issuedAccessTokens.add(accessToken);
        String refreshToken = null;
        if (withRefreshToken) {
            refreshToken = randomToken(48);
            refreshGrants.put(refreshToken, new RefreshGrant(provider, userId, scope));
            issuedRefreshTokens.add(refreshToken);
        }
        return new IssuedTokens(accessToken, refreshToken, userId, scope);
    }

    /**
     * The grant behind a refresh token of this provider. With {@code spend} the token dies in the
     * same step, so of two concurrent refreshes with one token only one succeeds, as with Fitbit.
     */
    public Optional<RefreshGrant> redeemRefreshToken(SandboxProvider provider, String token, boolean spend) {
        if (token == null) {
            return Optional.empty();
        }
        RefreshGrant grant = refreshGrants.get(token);
        if (grant == null || grant.provider() != provider) {
            return Optional.empty();
        }
        if (spend && !refreshGrants.remove(token, grant)) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    public Optional<AccessGrant> accessGrant(SandboxProvider provider, String token) {
        AccessGrant grant = token == null ? null : accessGrants.get(token);
        return grant != null && grant.provider() == provider ? Optional.of(grant) : Optional.empty();
    }

    /** Makes every access token of the user expire at {@code now}. */
    public int expireAccessTokens(SandboxProvider provider, String userId, Instant now) {
        int[] expired = {0};
        accessGrants.replaceAll((token, grant) -> {
            if (grant.provider() == provider && grant.userId().equals(userId) && !grant.expiredAt(now)) {
                expired[0]++;
                return new AccessGrant(provider, userId, grant.scope(), now);
            }
            return grant;
        });
        return expired[0];
    }

    /** The user withdrew the app's access at the provider: every access and refresh token of theirs stops working. */
    public int revokeUser(SandboxProvider provider, String userId) {
        int before = accessGrants.size() + refreshGrants.size();
        accessGrants.values().removeIf(grant -> grant.provider() == provider && grant.userId().equals(userId));
        refreshGrants.values().removeIf(grant -> grant.provider() == provider && grant.userId().equals(userId));
        return before - accessGrants.size() - refreshGrants.size();
    }

    /** How many access and refresh grants of the user still work (access ones: not expired at {@code now}). */
    public java.util.Map<String, Long> liveGrants(SandboxProvider provider, String userId, Instant now) {
        long access = accessGrants.values().stream()
                .filter(g -> g.provider() == provider && g.userId().equals(userId) && !g.expiredAt(now)).count();
        long refresh = refreshGrants.values().stream().filter(g -> g.provider() == provider && g.userId().equals(userId)).count();
        return java.util.Map.of("access", access, "refresh", refresh);
    }

    public List<String> issuedAccessTokens() {
        return new ArrayList<>(issuedAccessTokens);
    }

    public List<String> issuedRefreshTokens() {
        return new ArrayList<>(issuedRefreshTokens);
    }

    private String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
