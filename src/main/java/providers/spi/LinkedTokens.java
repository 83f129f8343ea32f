package providers.spi;

import security.TokenSet;

/** Tokens of a freshly linked account and the provider's id for the user, when it tells. */
public record LinkedTokens(TokenSet tokens, String externalUserId) {
}
