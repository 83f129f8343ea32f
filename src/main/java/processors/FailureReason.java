package processors;

import org.apache.camel.Exchange;

import failures.SyncFailure;

/** The reason of a failed attempt as job records and dead letters show it. */
final class FailureReason {

    private static final int MAX_LENGTH = 500;

    private FailureReason() {
    }

    static Throwable of(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught != null ? caught : exchange.getException();
    }

    /**
     * Our own failures carry reasons written to be shown. Anything else is an unexpected error: only its
     * class is shown, since its message may hold data we must not archive; the log has the details.
     */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String reason = failure instanceof SyncFailure ? failure.getMessage()
                : "unexpected " + failure.getClass().getSimpleName() + " (see the worker log)";
        return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "..." : reason;
    }
}
