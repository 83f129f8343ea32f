package processors;

import java.time.Instant;

import jobs.JobMessage;
import model.TimeWindow;
import providers.spi.HealthProvider;
import providers.spi.ProviderCall;
import state.Connection;

/**
 * What the enrich step found for an attempt of a job: the connection as its lease answered it, the data type's cursor
 * (null before the first sync), the window this attempt syncs, and the two providers.
 */
public record SyncContext(Connection connection, Instant cursor, TimeWindow window, HealthProvider source,
                          HealthProvider destination) {

    /** A cold job's calls keep to the cold path's share of the provider's rate budget. */
    ProviderCall sourceCall(JobMessage job) {
        return new ProviderCall(job.userId(), source.id(), cold(job));
    }

    ProviderCall destinationCall(JobMessage job) {
        return new ProviderCall(job.userId(), destination.id(), cold(job));
    }

    private static boolean cold(JobMessage job) {
        return "cold".equals(job.path());
    }
}
