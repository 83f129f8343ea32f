package providers.spi;

/**
 * Calls made on behalf of one user's linked account at one provider. {@code cold}: for a cold job (a backfill or
 * reconciliation window), which may use only its share of the provider's rate budget ({@code providers.http.RateBudgets}).
 */
public record ProviderCall(String userId, String provider, boolean cold) {

    public ProviderCall(String userId, String provider) {
        this(userId, provider, false);
    }
}
