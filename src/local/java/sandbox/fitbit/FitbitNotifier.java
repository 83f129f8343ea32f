package sandbox.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;

/**
 * What Fitbit does when a user's data changes, on demand of the test API: {@code POST /_sandbox/fitbit/users/{id}/notify}
 * {@code {"collectionType":"sleep","date":"2024-03-02","url":"http://localhost:8080/v1/webhooks/fitbit"}} sends the
 * subscriber a notification — a JSON array with one entry per subscription of the user covering the collection — signed
 * as Fitbit signs them: {@code X-Fitbit-Signature} = base64(HMAC-SHA1(body, client secret + "&")). Only loopback URLs are
 * called: the sandbox must not become a way to send requests elsewhere. Answers the subscriber's status.
 */
public final class FitbitNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(FitbitNotifier.class);
    private static final Set<String> COLLECTIONS = Set.of("activities", "body", "foods", "sleep", "userRevokedAccess");
    /** Fitbit gives a subscriber 5 seconds. */
    private static final Duration SUBSCRIBER_TIMEOUT = Duration.ofSeconds(5);

    private final ProviderState<FitbitUser> state;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(SUBSCRIBER_TIMEOUT).build();

    public FitbitNotifier(ProviderState<FitbitUser> state, String clientSecret) {
        this.state = state;
        this.clientSecret = clientSecret;
    }

    /** {@code GET /_sandbox/fitbit/users/{id}/subscriptions}: what our app subscribed to. */
    public ApiAnswer subscriptions(RoutingContext ctx) {
        FitbitUser user = user(ctx);
        ArrayNode list = SandboxJson.array();
        user.subscriptions().forEach((id, collection) -> list.add(FitbitSubscriptionEndpoints.json(user, id, collection)));
        return ApiAnswer.ok(list);
    }

    /** Sends the notification and answers once the subscriber has. */
    public void send(RoutingContext ctx) {
        Context context = ctx.vertx().getOrCreateContext();
        HttpRequest request;
        int count;
        try {
            FitbitUser user = user(ctx);
            JsonNode body = SandboxJson.body(ctx);
            String collection = body.path("collectionType").asText("");
            if (!COLLECTIONS.contains(collection)) {
                throw ApiProblem.invalid("collectionType", "collectionType must be one of " + COLLECTIONS);
            }
            String date = body.path("date").asText("");
            try {
                java.time.LocalDate.parse(date);
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiProblem.invalid("date", "date must be yyyy-MM-dd");
            }
            URI url = loopback(body.path("url").asText(""));
            ArrayNode notifications = SandboxJson.array();
            user.subscriptions().forEach((id, subscribed) -> {
                if (subscribed.equals(FitbitUser.ALL_COLLECTIONS) || subscribed.equals(collection)) {
                    notifications.addObject().put("collectionType", collection).put("date", date).put("ownerId", user.id())
                            .put("ownerType", "user").put("subscriptionId", id);
                }
            });
            if (notifications.isEmpty()) {
                throw new ApiProblem(409, "collectionType", "User " + user.id() + " has no subscription covering " + collection);
            }
            String json = SandboxJson.write(notifications);
            count = notifications.size();
            request = HttpRequest.newBuilder(url).timeout(SUBSCRIBER_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("X-Fitbit-Signature", signature(json))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        } catch (ApiProblem problem) {
            ApiAnswer.json(problem.status(), SandboxJson.object().put("error", problem.getMessage())).send(ctx.response());
            return;
        }
        int sent = count;
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                LOG.info("Sandbox fitbit notification to {} failed: {}", request.uri(), failure.toString());
                ApiAnswer.json(502, SandboxJson.object().put("error", "subscriber unreachable: " + failure.getClass().getSimpleName()))
                        .send(ctx.response());
                return;
            }
            ObjectNode answer = SandboxJson.object().put("notifications", sent).put("subscriberStatus", response.statusCode());
            ApiAnswer.ok(answer).send(ctx.response());
        }));
    }

    private FitbitUser user(RoutingContext ctx) {
        String id = ctx.pathParam("userId");
        return state.users().find(id).orElseThrow(() -> ApiProblem.notFound("Unknown user: " + id));
    }

    /** An http(s) URL whose host is this machine's loopback. */
    private static URI loopback(String text) {
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("url", "url must be an absolute http URL on this machine");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null || url.getRawUserInfo() != null) {
            throw ApiProblem.invalid("url", "url must be an absolute http URL on this machine");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        boolean loopback = host.equals("localhost");
        if (!loopback && host.matches("[0-9.:a-fA-F]+")) {
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress(); // a literal address: no lookup happens
            } catch (UnknownHostException e) {
                loopback = false;
            }
        }
        if (!loopback) {
            throw ApiProblem.invalid("url", "The sandbox only notifies loopback URLs (localhost, 127.0.0.1, ::1)");
        }
        return url;
    }

    private String signature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((clientSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from this JVM", e);
        }
    }
}
