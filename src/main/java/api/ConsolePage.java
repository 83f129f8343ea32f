package api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The SyncWell console at {@code /console/}: static files from the jar ({@code src/main/resources/web/console/}) on the
 * API's own server, which call the same {@code /v1} API with the same bearer JWT. Nothing it loads comes from elsewhere,
 * and the headers hold it to that: a content security policy of its own origin only, no referrer (the API's paths carry
 * ids), no sniffing, no framing.
 */
public final class ConsolePage {

    public static final String PATH = "/console/";
    /**
     * The files' folder on the class path. Not "console": Vert.x looks for a webroot on the file system first, and the
     * project root, where local mode runs, has a folder of that name (the Hawtio project).
     */
    private static final String WEBROOT = "web/console";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private ConsolePage() {
    }

    /** Serves the console on the API's router; {@code /console} without its slash is sent to {@code /console/}. */
    static void install(Router router) {
        // a route path matches with and without its trailing slash: only the exact "/console" is sent on
        router.routeWithRegex("^/console$").handler(ctx -> ctx.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, PATH).end());
        StaticHandler files = StaticHandler.create(WEBROOT)
                .setIndexPage("index.html")
                // the page is small and changes with each release: always asked again, answered 304 when unchanged
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setIncludeHidden(false);
        router.route(PATH + "*").handler(ConsolePage::secureHeaders).handler(files);
    }

    private static void secureHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        ctx.next();
    }
}
