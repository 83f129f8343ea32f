package providers;

import java.util.List;

import conflict.SyncPlan;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;

/**
 * One health platform's API, seen through the canonical model. Implementations map the provider's wire
 * format to and from {@link HealthRecord}s and use {@link ProviderHttp} for every call, which handles
 * tokens, errors and rate limits the same way for all of them.
 */
public interface HealthProvider {

    ProviderInfo info();

    OAuthClient oauth();

    /** The records of {@code type} whose time overlaps {@code window}, in the canonical model. */
    List<HealthRecord> fetch(ProviderCall call, DataType type, TimeWindow window);

    /** Carries out the creates and replacements of a plan; replacements use the provider's own means. */
    WriteOutcome write(ProviderCall call, DataType type, SyncPlan plan);

    /** Whether a record already at this provider can be overwritten by us (updated, or deleted and created). */
    boolean canReplace(HealthRecord existing);

    /** How far before the cursor each sync looks again, for data the provider reports late. */
    java.time.Duration lookback();

    default String id() {
        return info().id();
    }
}
