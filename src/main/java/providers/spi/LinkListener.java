package providers.spi;

/**
 * A provider that has something to do once a user's account is linked (Fitbit creates its push subscription; Strava or
 * Garmin could register theirs). Called after the tokens are stored, so {@code providers.http.ProviderHttp} can use them. A failure
 * must not undo the link: the caller logs it and carries on.
 */
public interface LinkListener {

    void onLinked(ProviderCall call);
}
