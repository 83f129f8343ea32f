package sandbox.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;

/**
 * The test API's {@code POST /_sandbox/garmin/users/{id}/notify} {@code {"types":["dailies",…], "url":"…", "push":false}}:
 * makes the simulated Garmin notify a webhook as the real one does (docs/providers/garmin.md §6) — a ping
 * {@code {"<type>":[{"userId","callbackURL"}]}} whose callback URL is the pull of the last 24 h of uploads, or with
 * {@code "push":true} the summaries of those 24 h themselves. Answers {@code {"status": <the webhook's status>}}.
 * Only loopback URLs are called: the sandbox must not become a way to send requests elsewhere.
 */
public final class GarminPings {

    private static final Logger LOG = LoggerFactory.getLogger(GarminPings.class);
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final ProviderState<GarminUser> state;
    private final Clock clock;

    public GarminPings(ProviderState<GarminUser> state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    public void send(RoutingContext ctx) {
        String body;
        URI target;
        try {
            GarminUser user = state.users().find(ctx.pathParam("userId"))
                    .orElseThrow(() -> ApiProblem.notFound("Unknown user: " + ctx.pathParam("userId")));
            JsonNode request = SandboxJson.body(ctx);
            target = loopbackUrl(request.path("url").asText(""));
            body = SandboxJson.write(notification(ctx, user, types(request.path("types")), request.path("push").asBoolean(false)));
        } catch (ApiProblem problem) {
            ApiAnswer.json(problem.status(), SandboxJson.object().put("error", problem.getMessage())).send(ctx.response());
            return;
        }
        // the webhook may take a while; the event loop must not wait for it
        ctx.vertx().executeBlocking(() -> post(target, body), false).onComplete(result -> {
            if (result.succeeded()) {
                LOG.info("Sandbox garmin notified {} for user {}: {}", target.getPath(), ctx.pathParam("userId"), result.result());
                ApiAnswer.ok(SandboxJson.object().put("status", result.result())).send(ctx.response());
            } else {
                ApiAnswer.json(502, SandboxJson.object().put("error", "The webhook could not be reached: "
                        + result.cause().getClass().getSimpleName())).send(ctx.response());
            }
        });
    }

    private ObjectNode notification(RoutingContext ctx, GarminUser user, Set<GarminSummaryType> types, boolean push) {
        long end = clock.instant().getEpochSecond() + 1;
        long start = end - GarminSimulator.MAX_RANGE_SECONDS;
        String host = ctx.request().getHeader("Host") == null ? "localhost" : ctx.request().getHeader("Host");
        ObjectNode notification = SandboxJson.object();
        for (GarminSummaryType type : types) {
            ArrayNode entries = notification.putArray(type.key);
            if (push) {
                user.uploaded(type, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)).forEach(summary -> entries.add(summary.body()));
            } else {
                entries.addObject().put("userId", user.id()).put("callbackURL", "http://" + host + "/garmin" + GarminSimulator.REST
                        + "/" + type.key + "?uploadStartTimeInSeconds=" + start + "&uploadEndTimeInSeconds=" + end);
            }
        }
        return notification;
    }

    private static Set<GarminSummaryType> types(JsonNode types) {
        Set<GarminSummaryType> known = new LinkedHashSet<>();
        if (types.isArray()) {
            for (JsonNode type : types) {
                known.add(GarminSummaryType.byKey(type.asText())
                        .orElseThrow(() -> ApiProblem.invalid("types", "Unknown summary type: " + type.asText())));
            }
        }
        if (known.isEmpty()) {
            throw ApiProblem.invalid("types", "types must list summary types such as dailies, epochs, sleeps, bodyComps, activities");
        }
        return known;
    }

    private static URI loopbackUrl(String url) {
        try {
            URI uri = URI.create(url);
            String host = uri.getHost();
            boolean loopback = host != null && (host.equalsIgnoreCase("localhost") || LOOPBACK_IPV4.matcher(host).matches()
                    || host.equals("[::1]") || host.equals("::1"));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && loopback) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // refused below
        }
        throw ApiProblem.invalid("url", "url must be an http(s) URL on this machine (localhost, 127.x.x.x or [::1])");
    }

    private static int post(URI target, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
