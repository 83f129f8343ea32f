package api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.RoutingContext;
import model.Json;

/**
 * The answers the API's HTTP server gives before or instead of an API route: a path no route serves (404), a method
 * its path does not take (405, with {@code Allow}), a body over the endpoint's limit (413: provider pushes
 * {@code syncwell.api.max-push-body}, everything else {@code syncwell.api.max-request-body}), and any failure Vert.x
 * or platform-http raise on their own. Each is {@code application/problem+json} like the API's own refusals; without
 * this they were HTML, an empty body, or plain text with an "Unhandled exception in router" error in the log.
 *
 * <p>Installed on the platform-http router once the server runs. The routes added here sort before (the declared
 * length) and after (the catch-all) whatever platform-http adds for the REST operations, whenever those start.
 */
public final class HttpEdges {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEdges.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    /** Where providers push: their own body limit and address buckets. */
    private static final String PUSH_PREFIX = "/v1/webhooks/";

    /**
     * What the edges hold requests to.
     *
     * @param clientAddressHeader the header a load balancer in front names the client in ({@code X-Forwarded-For}: its
     *                            last entry, the one the balancer added); empty: the connection's peer address
     */
    public record Rules(long maxRequestBody, long maxPushBody, RequestLimits limits, String clientAddressHeader) {
    }

    private final CamelContext context;
    private final long maxRequestBody;
    private final long maxPushBody;
    private final RequestLimits limits;
    private final String clientAddressHeader;
    /** Each endpoint's path as a pattern, made once: unknown paths are what a scanner sends by the thousand. */
    private final Map<String, Pattern> templates = new java.util.concurrent.ConcurrentHashMap<>();

    private HttpEdges(CamelContext context, Rules rules) {
        this.context = context;
        this.maxRequestBody = rules.maxRequestBody();
        this.maxPushBody = rules.maxPushBody();
        this.limits = rules.limits();
        this.clientAddressHeader = rules.clientAddressHeader() == null ? "" : rules.clientAddressHeader().trim();
    }

    /** Puts the address limits, body limits, the catch-all and the failure handler on the API server's router. */
    public static void install(CamelContext context, int port, Rules rules) {
        // platform-http names its routers by port: the API's server and the management server have one each
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http server on port " + port + " to install the API's edges on");
        }
        HttpEdges edges = new HttpEdges(context, rules);
        router.route().order(-20).handler(edges::limitAddress);
        // a declared length over the endpoint's limit is refused before a byte is read; a chunked body is read up to
        // the server-wide camel.server.maxBodySize by platform-http, and ApiProcessor holds it to the endpoint's limit
        router.route().order(-10).handler(edges::refuseDeclaredOversize);
        ConsolePage.install(router);
        router.route().last().handler(edges::noRouteServes);
        router.route().failureHandler(ctx -> edges.failed(ctx, ctx.statusCode()));
        // a query Vert.x cannot decode fails while routes are matched, before any handler: the router's error handlers
        edges.answerErrorsOf(router);
        edges.coverTheServersOwnRouter(router);
    }

    /**
     * A path or query Vert.x cannot decode ({@code /v1/jobs/%zz}) fails in the server's own router, before the
     * platform-http router this class is given: its default answer is a bare "Bad Request". Camel keeps that router
     * private, so it is reached by reflection; should a Camel upgrade rename it, start-up says so and such requests are
     * answered the bare way again (BadInputCorpusTest notices).
     */
    private void coverTheServersOwnRouter(VertxPlatformHttpRouter router) {
        try {
            java.lang.reflect.Field field = router.getServer().getClass().getDeclaredField("router");
            field.setAccessible(true);
            io.vertx.ext.web.Router main = (io.vertx.ext.web.Router) field.get(router.getServer());
            answerErrorsOf(main);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the HTTP server's own router is out of reach ({}): requests it cannot decode get its bare answers",
                    e.getClass().getSimpleName());
        }
    }

    /** Too many calls from one address (per minute, RequestLimits): 429 with Retry-After before any work is done. */
    private void limitAddress(RoutingContext ctx) {
        String path = pathOf(ctx);
        RequestLimits.Verdict verdict = limits.address(clientAddress(ctx), isPush(path));
        if (verdict.allowed()) {
            ctx.next();
        } else {
            answer(ctx, 429, "more than " + verdict.limitPerMinute() + " calls a minute from this address: try again in "
                    + verdict.retryAfterSeconds() + " s", Map.of("Retry-After", Long.toString(verdict.retryAfterSeconds())));
        }
    }

    private String clientAddress(RoutingContext ctx) {
        if (!clientAddressHeader.isEmpty()) {
            String forwarded = ctx.request().getHeader(clientAddressHeader);
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].trim();
            }
        }
        var peer = ctx.request().remoteAddress();
        return peer == null ? "unknown" : peer.hostAddress();
    }

    private void refuseDeclaredOversize(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        long length;
        try {
            length = declared == null ? 0 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            answer(ctx, 400, "Content-Length is not a number", Map.of());
            return;
        }
        long limit = limitFor(pathOf(ctx));
        if (length > limit) {
            answer(ctx, 413, tooLarge(limit), Map.of());
        } else {
            ctx.next();
        }
    }

    /** The most bytes a request body to {@code path} may have. */
    private long limitFor(String path) {
        return isPush(path) ? maxPushBody : maxRequestBody;
    }

    private static boolean isPush(String path) {
        return path != null && path.startsWith(PUSH_PREFIX);
    }

    /** The detail of a 413. */
    public static String tooLarge(long limit) {
        return "the body is larger than the " + limit + " bytes this endpoint takes";
    }

    /** No REST operation took the request: its path is unknown (404) or served for other methods (405). */
    private void noRouteServes(RoutingContext ctx) {
        String path = pathOf(ctx);
        Set<String> allowed = allowedMethods(path);
        if (allowed.isEmpty()) {
            answer(ctx, 404, "no resource at " + shortened(path), Map.of());
        } else {
            answer(ctx, 405, ctx.request().method().name() + " is not served here; allowed: " + String.join(", ", allowed),
                    Map.of("Allow", String.join(", ", allowed)));
        }
    }

    /** The status codes Vert.x answers on its own when no handler does: each becomes a problem of ours. */
    private void answerErrorsOf(io.vertx.ext.web.Router router) {
        for (int status : new int[] {400, 404, 405, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, ctx -> failed(ctx, status));
        }
    }

    private void failed(RoutingContext ctx, int status) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            // too late for an answer of our own: the client sees the connection end
            LOG.warn("HTTP request to {} failed after its answer began: {}", shortened(pathOf(ctx)), describe(ctx));
            ctx.response().reset();
            return;
        }
        if (status == 413) {
            answer(ctx, 413, tooLarge(limitFor(pathOf(ctx))), Map.of());
        } else if (status == 400) {
            answer(ctx, 400, "the request cannot be read: a malformed path, query or body", Map.of());
        } else if (status >= 400 && status < 500) {
            answer(ctx, status, HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT), Map.of());
        } else {
            String reference = UUID.randomUUID().toString();
            LOG.error("HTTP request to {} failed, reference {}", shortened(pathOf(ctx)), reference, ctx.failure());
            answer(ctx, 500, "unexpected error, reference " + reference, Map.of());
        }
    }

    /**
     * The methods the REST operations serve at {@code path}: each is a platform-http endpoint with a path template and
     * the method it is restricted to (the component's own list keeps one entry a path, so it misses methods).
     */
    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof PlatformHttpEndpoint http && http.getHttpMethodRestrict() != null
                    && templates.computeIfAbsent(http.getPath(), HttpEdges::template).matcher(path).matches()) {
                for (String method : http.getHttpMethodRestrict().split(",")) {
                    allowed.add(method.trim().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        return allowed;
    }

    /** {@code /v1/connections/{id}} as a pattern: a parameter is one non-empty path segment. */
    static Pattern template(String uri) {
        StringBuilder regex = new StringBuilder();
        for (String part : uri.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static void answer(RoutingContext ctx, int status, String detail, Map<String, String> headers) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpResponseStatus.valueOf(status).reasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail);
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem as JSON", e);
        }
        var response = ctx.response().setStatusCode(status).putHeader("Content-Type", PROBLEM_JSON);
        headers.forEach(response::putHeader);
        response.end(body);
    }

    private static String describe(RoutingContext ctx) {
        return ctx.failure() == null ? "status " + ctx.statusCode() : ctx.failure().getClass().getSimpleName();
    }

    /** The request's path, normalized where Vert.x can decode it (a malformed escape it cannot: then as sent). */
    private static String pathOf(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (IllegalArgumentException undecodable) {
            return ctx.request().path();
        }
    }

    /** A path as it may appear in an answer or the log: bounded, printable. */
    private static String shortened(String path) {
        String printable = path == null ? "" : path.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "…";
    }
}
