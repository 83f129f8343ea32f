package providers;

/** Calls made on behalf of one user's linked account at one provider. */
public record ProviderCall(String userId, String provider) {
}
