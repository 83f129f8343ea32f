package providers.spi;

import model.DataType;
import model.TimeWindow;

/** The body sent to a provider's {@code <id>-fetch} route: whose records of which type, overlapping which window. */
public record FetchRequest(ProviderCall call, DataType type, TimeWindow window) {
}
