package providers.spi;

import conflict.SyncPlan;
import model.DataType;

/** The body sent to a provider's {@code <id>-write} route: the plan to carry out for one user and data type. */
public record WriteRequest(ProviderCall call, DataType type, SyncPlan plan) {
}
