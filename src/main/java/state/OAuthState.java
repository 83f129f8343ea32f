package state;

import java.time.Instant;

/**
 * A pending authorization: single use, bound to the user who started it and to the browser that did (the SHA-256 of
 * the nonce in that browser's link cookie), with the PKCE verifier kept server-side.
 */
public record OAuthState(String state, String userId, String provider, String redirectUri, String codeVerifier,
                         Instant expiresAt, String browserBinding) {
}
