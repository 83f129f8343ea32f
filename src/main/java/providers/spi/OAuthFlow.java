package providers.spi;

import java.net.URI;

import security.TokenSet;

/** How a user links an account at a provider, and how its tokens are renewed: OAuth 2.0's authorization-code flow. */
public interface OAuthFlow {

    /** Where the user is sent to grant access; the provider comes back to {@code redirectUri} with a code. */
    URI authorizeUrl(String state, URI redirectUri, String codeChallenge, String loginHint);

    /** The tokens the code is worth, and the provider's id for the user when it tells. */
    LinkedTokens exchangeCode(String code, URI redirectUri, String codeVerifier);

    /** A new token set; the refresh token is the rotated one when the provider rotates, else the old one. */
    TokenSet refresh(TokenSet current);
}
