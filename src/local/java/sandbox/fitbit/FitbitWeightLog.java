package sandbox.fitbit;

import java.time.LocalDateTime;

/**
 * A Fitbit weight log entry: local time without offset, as Fitbit stores it, weight always in kg.
 *
 * @param source "API" for logs written through the API, "Aria" for the user's scale
 */
record FitbitWeightLog(long logId, LocalDateTime time, double kg, String source) {
}
