package api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import model.DataType;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import state.Account;
import state.AccountStore;
import state.Connection;
import state.ConnectionStore;

/**
 * {@code GET|POST /v1/webhooks/{provider}}: a provider's verification handshake and its pushes. A push is
 * checked by the provider's own rules, then turned into hot jobs for every enabled connection that reads
 * the changed data types from that provider — enqueued, and answered at once (providers give seconds).
 */
public class WebhooksApi {

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksApi.class);

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final ConnectionStore connections;
    private final JobRequests jobRequests;
    private final DeauthorizationChecks deauthorizations;
    private final Duration startDelay;

    /**
     * @param startDelay how long a job a push queues waits before it runs: the rest of a burst of pushes (or of forged
     *                   ones: Strava and Garmin sign nothing) joins that job meanwhile instead of queuing its own
     */
    public WebhooksApi(ProviderRegistry providers, AccountStore accounts, ConnectionStore connections, JobRequests jobRequests,
                       DeauthorizationChecks deauthorizations, Duration startDelay) {
        this.providers = providers;
        this.accounts = accounts;
        this.connections = connections;
        this.jobRequests = jobRequests;
        this.deauthorizations = deauthorizations;
        this.startDelay = startDelay;
    }

    public ApiResponse verify(ApiRequest request) {
        PushReceiver receiver = receiver(request);
        int status = receiver.verify(request.params());
        if (status / 100 != 2) {
            // the provider's rules say what status a failed handshake gets (Fitbit: 404); the body says why
            throw ApiProblem.of(status, "verification refused: the code or token does not match this subscriber");
        }
        return new ApiResponse(status, receiver.verificationBody(request.params()), Map.of());
    }

    public ApiResponse receive(ApiRequest request) {
        PushReceiver receiver = receiver(request);
        String provider = request.param("provider");
        // every provider pushes JSON; anything else is not a push of theirs
        if (request.rawBody() != null && !request.rawBody().isBlank() && !ApiProcessor.isJson(request.header("Content-Type").orElse(null))) {
            throw new ApiProblem(415, "Unsupported Media Type", "a push to /v1/webhooks/" + provider + " is application/json");
        }
        List<PushNotification> notifications;
        try {
            notifications = receiver.receive(request.rawBody(), request.params());
        } catch (PushReceiver.PushRejectedException e) {
            LOG.warn("push to /v1/webhooks/{} refused: {}", provider, e.getMessage());
            throw ApiProblem.of(e.status(), e.getMessage());
        }
        int queued = 0;
        for (PushNotification notification : notifications) {
            for (Account account : accounts.findByProviderUser(provider, notification.externalUserId())) {
                if (notification.revoked()) {
                    deauthorizations.suspect(account);
                    continue;
                }
                for (Connection connection : connections.list(account.userId())) {
                    List<DataType> types = affected(connection, provider, notification);
                    if (!types.isEmpty()) {
                        queued += jobRequests.requestHot(connection, types, "webhook", "pushed by " + provider, startDelay).size();
                    }
                }
            }
        }
        LOG.info("push from {}: {} notification(s), {} job(s) queued or joined", provider, notifications.size(), queued);
        return new ApiResponse(receiver.acceptedStatus(), null, Map.of());
    }

    private static List<DataType> affected(Connection connection, String provider, PushNotification notification) {
        if (!connection.enabled() || !connection.source().equals(provider)) {
            return List.of();
        }
        List<DataType> types = new ArrayList<>(connection.dataTypes());
        types.retainAll(notification.types());
        return types;
    }

    private PushReceiver receiver(ApiRequest request) {
        String id = request.param("provider");
        HealthProvider provider = providers.find(id).orElseThrow(() -> ApiProblem.notFound("unknown provider '" + id + "'"));
        if (!(provider instanceof PushReceiver receiver)) {
            throw ApiProblem.notFound(id + " does not push changes");
        }
        return receiver;
    }
}
