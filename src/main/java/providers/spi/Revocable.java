package providers.spi;

import security.TokenSet;

/**
 * A provider where unlinking an account withdraws our access too, so that tokens of ours stop working at the
 * provider and nothing it set up for us (Fitbit's push subscription) stays behind.
 */
public interface Revocable {

    /** Whether there is a way here: the provider offers one and its {@code revoke-url} is set. */
    boolean canRevoke();

    /**
     * Undoes what linking set up, then withdraws our access for the user behind {@code tokens}. A provider that no
     * longer knows the tokens counts as done; a failure to answer is a {@link failures.TransientSyncException}.
     */
    void revoke(ProviderCall call, TokenSet tokens);
}
