package providers.spi;

/**
 * A provider whose pushes can say the user withdrew our access (Strava's athlete deauthorization, Fitbit's
 * {@code userRevokedAccess}). Neither is signed in a way that proves it (Strava signs nothing), so such a push is only a
 * hint: this call, made with the account's own token, decides. A token the provider refuses even after a refresh marks
 * the account {@code needs_reauth} ({@code providers.http.ProviderHttp} does, as on any call); an answer means access holds.
 */
public interface AccessCheck {

    /** Calls the provider's cheapest authenticated endpoint for the account. */
    void checkAccess(ProviderCall call);
}
