package providers.spi;

import java.util.List;
import java.util.Map;

/**
 * A provider that pushes changes to {@code /v1/webhooks/<id>}: it answers the provider's verification
 * handshake and reads (after checking they came from the provider) its notifications.
 */
public interface PushReceiver {

    /** The HTTP status for a verification request (a GET with the provider's query parameters). */
    int verify(Map<String, String> query);

    /** The JSON body of an accepted verification, when the provider wants one (Strava echoes {@code hub.challenge}). */
    default Object verificationBody(Map<String, String> query) {
        return null;
    }

    /**
     * The notifications of a push. {@code headers} holds the request's headers and query parameters; a push
     * that fails the provider's check throws {@link PushRejectedException}.
     */
    List<PushNotification> receive(String body, Map<String, String> headers);

    /** The status the provider expects for an accepted push (Fitbit: 204). */
    int acceptedStatus();

    /** A push that did not come from the provider, with the status the provider's documentation asks for. */
    class PushRejectedException extends RuntimeException {
        private final int status;

        public PushRejectedException(int status, String reason) {
            super(reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
