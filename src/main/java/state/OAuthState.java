package state;

import java.time.Instant;

/** A pending authorization: single use, bound to the user, with the PKCE verifier kept server-side. */
public record OAuthState(String state, String userId, String provider, String redirectUri, String codeVerifier,
                         Instant expiresAt) {
}
