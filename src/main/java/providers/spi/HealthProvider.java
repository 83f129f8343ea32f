package providers.spi;

import java.util.List;

import model.HealthRecord;

/**
 * One health platform's API, seen through the canonical model. Implementations map the provider's wire
 * format to and from {@link HealthRecord}s and use {@code providers.http.ProviderHttp} for every call, which handles
 * tokens, errors and rate limits the same way for all of them. Each provider is a bean named by its id
 * ({@code app.ProvidersConfiguration}); the worker reaches it through its {@code <id>-fetch} and {@code <id>-write}
 * routes ({@code routes.ProviderRoutes}; {@link #routes}).
 */
public interface HealthProvider {

    ProviderInfo info();

    OAuthFlow oauth();

    /**
     * The records of the requested type whose time overlaps the window, in the canonical model: what a
     * source delivers, and what a destination already holds (for conflict resolution).
     */
    List<HealthRecord> fetch(FetchRequest request);

    /** Carries out the creates and replacements of a plan; replacements use the provider's own means. */
    WriteOutcome write(WriteRequest request);

    /** Whether a record already at this provider can be overwritten by us (updated, or deleted and created). */
    boolean canReplace(HealthRecord existing);

    /**
     * The record as this provider would keep it if we wrote it here: what its write cannot carry (Fitbit: sleep
     * stages, workout streams, seconds of a start time) is left out. Source records are compared with the
     * destination's in this form, so a lossy write does not look like a different value on every re-run and get
     * replaced again and again. The default keeps everything.
     */
    default HealthRecord storedForm(HealthRecord source) {
        return source;
    }

    /** How far before the cursor each sync looks again, for data the provider reports late. */
    java.time.Duration lookback();

    default String id() {
        return info().id();
    }

    /**
     * What its routes are named after: {@code <routes>-fetch}, {@code <routes>-write}. Its id; a provider bound in several
     * versions names each version's own ({@code <id>-<version>}).
     */
    default String routes() {
        return id();
    }
}
