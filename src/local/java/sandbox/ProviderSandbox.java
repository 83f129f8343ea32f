package sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderState;
import sandbox.common.SandboxFaults;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxMultipart;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxSettings;
import sandbox.common.SandboxTokens;
import sandbox.common.SandboxUsers;
import sandbox.fitbit.FitbitDialect;
import sandbox.fitbit.FitbitNotifier;
import sandbox.fitbit.FitbitSimulator;
import sandbox.fitbit.FitbitUser;
import sandbox.garmin.GarminDialect;
import sandbox.garmin.GarminPings;
import sandbox.garmin.GarminSimulator;
import sandbox.garmin.GarminUser;
import sandbox.googlefit.GoogleFitDialect;
import sandbox.googlefit.GoogleFitSimulator;
import sandbox.googlefit.GoogleFitUser;
import sandbox.googlehealth.GoogleHealthDialect;
import sandbox.googlehealth.GoogleHealthSimulator;
import sandbox.googlehealth.GoogleHealthUser;
import sandbox.strava.StravaDialect;
import sandbox.strava.StravaSimulator;
import sandbox.strava.StravaUser;
import sandbox.wahoo.WahooDialect;
import sandbox.wahoo.WahooSimulator;
import sandbox.wahoo.WahooUser;
import sandbox.withings.WithingsDialect;
import sandbox.withings.WithingsSimulator;
import sandbox.withings.WithingsUser;

/**
 * The provider sandbox: simulated Fitbit Web API, Google Fit REST API, Google Health API, Withings, Strava, Garmin
 * Health API and Wahoo Cloud API on one local port, with
 * auto-approving OAuth and the {@code /_sandbox} test API. State lives in memory for the life of
 * this object (a stop and restart of the server keeps it).
 *
 * <p>It listens on 127.0.0.1 only: it approves every OAuth request and lists every token it
 * issued, so it must never be reachable from the network.
 */
public final class ProviderSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSandbox.class);
    private static final String HOST = "127.0.0.1";
    private static final int FITBIT_REQUESTS_PER_HOUR = 150;
    /** Google Fit's quota was not found (docs/providers/googlefit.md §4); generous, so only tests that lower it see 429s. */
    private static final int GOOGLE_FIT_REQUESTS_PER_MINUTE = 1000;
    /** Google Health API: 300 requests a minute per user (docs/providers/googlehealth.md §4). */
    private static final int GOOGLE_HEALTH_REQUESTS_PER_MINUTE = 300;
    /** Withings: 120 requests a minute per application (third-party figure, docs/providers/withings.md §4); counted per user here. */
    private static final int WITHINGS_REQUESTS_PER_MINUTE = 120;
    /** Garmin's evaluation keys are "rate-limited" without numbers (docs/providers/garmin.md §4): generous, like Google Fit's. */
    private static final int GARMIN_REQUESTS_PER_MINUTE = 1000;
    /** Wahoo production: 200 per 5 minutes (also 1,000/h and 5,000/day, which the sandbox does not count). */
    private static final java.time.Duration WAHOO_WINDOW = java.time.Duration.ofMinutes(5);
    private static final String STRAVA_UPLOADS = "/strava/api/v3/uploads";
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final long START_STOP_TIMEOUT_SECONDS = 30;

    private final SandboxSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final SandboxTokens tokens = new SandboxTokens();
    private final ProviderState<FitbitUser> fitbit;
    private final ProviderState<GoogleFitUser> googleFit;
    private final ProviderState<GoogleHealthUser> googleHealth;
    private final ProviderState<WithingsUser> withings;
    private final ProviderState<StravaUser> strava;
    private final ProviderState<GarminUser> garmin;
    private final ProviderState<WahooUser> wahoo;
    private Vertx vertx;
    private volatile int port;

    public ProviderSandbox(SandboxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.port = settings.port();
        this.fitbit = new ProviderState<>(SandboxProvider.FITBIT, new FitbitDialect(),
                new SandboxUsers<>((id, seenAt) -> FitbitUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.HOURS, FITBIT_REQUESTS_PER_HOUR, "perHour"));
        this.googleFit = new ProviderState<>(SandboxProvider.GOOGLE_FIT, new GoogleFitDialect(),
                new SandboxUsers<>((id, seenAt) -> GoogleFitUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, GOOGLE_FIT_REQUESTS_PER_MINUTE, "perMinute"));
        this.googleHealth = new ProviderState<>(SandboxProvider.GOOGLE_HEALTH, new GoogleHealthDialect(),
                new SandboxUsers<>((id, seenAt) -> GoogleHealthUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, GOOGLE_HEALTH_REQUESTS_PER_MINUTE, "perMinute"));
        this.withings = new ProviderState<>(SandboxProvider.WITHINGS, new WithingsDialect(),
                new SandboxUsers<>((id, seenAt) -> WithingsUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, WITHINGS_REQUESTS_PER_MINUTE, "perMinute"));
        this.strava = new ProviderState<>(SandboxProvider.STRAVA, new StravaDialect(),
                new SandboxUsers<>((id, seenAt) -> StravaUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), StravaDialect.rateLimit());
        this.garmin = new ProviderState<>(SandboxProvider.GARMIN, new GarminDialect(),
                new SandboxUsers<>((id, seenAt) -> GarminUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, GARMIN_REQUESTS_PER_MINUTE, "perMinute"));
        this.wahoo = new ProviderState<>(SandboxProvider.WAHOO, new WahooDialect(),
                new SandboxUsers<>((id, seenAt) -> WahooUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(WAHOO_WINDOW, WahooDialect.PER_FIVE_MINUTES, "perFiveMinutes"));
    }

    /** Starts listening; returns once the port is bound. */
    public synchronized void start() {
        if (vertx != null) {
            throw new IllegalStateException("Provider sandbox is already running on " + baseUrl());
        }
        // two event loops are plenty for in-memory answers and leave the cores to the engine
        Vertx started = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        try {
            HttpServer server = started.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(settings.port()))
                    .requestHandler(routes(started))
                    .listen()
                    .toCompletionStage().toCompletableFuture()
                    .get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            port = server.actualPort();
        } catch (ExecutionException e) {
            closeQuietly(started);
            if (isBindFailure(e.getCause())) {
                throw new IllegalStateException("Provider sandbox cannot listen on " + HOST + ":" + settings.port()
                        + ": the port is already in use (set syncwell.sandbox.port to a free port)", e.getCause());
            }
            throw new IllegalStateException("Provider sandbox failed to start on " + HOST + ":" + settings.port(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(started);
            throw new IllegalStateException("Interrupted while starting the provider sandbox", e);
        } catch (TimeoutException e) {
            closeQuietly(started);
            throw new IllegalStateException("Provider sandbox did not bind " + HOST + ":" + settings.port()
                    + " within " + START_STOP_TIMEOUT_SECONDS + " s", e);
        }
        vertx = started;
        LOG.info("Provider sandbox listening on {}: {} and the test API /_sandbox", baseUrl(), prefixes());
    }

    /** The simulated providers' path prefixes, for messages. */
    private static String prefixes() {
        return java.util.Arrays.stream(SandboxProvider.values()).map(p -> "/" + p.id())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Stops the server and all its threads. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (vertx == null) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Provider sandbox on {} stopped", baseUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Provider sandbox did not stop cleanly", e);
        } finally {
            vertx = null;
        }
    }

    /** {@code http://localhost:<port>}; with port 0 the bound port once started. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    private Router routes(Vertx vertx) {
        SandboxOAuthServer oauth = new SandboxOAuthServer(settings, tokens, clock);
        Router root = Router.router(vertx);
        // Strava's uploads are multipart files, which the body handler only keeps as files; they are deleted once answered
        root.post(STRAVA_UPLOADS).handler(BodyHandler.create(uploadsDirectory()).setBodyLimit(MAX_BODY_BYTES)
                .setDeleteUploadedFilesOnEnd(true));
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> multipart = SandboxMultipart.collector(MAX_BODY_BYTES);
        // other file uploads (Wahoo's) keep their bytes in memory: Vert.x's body handler would drop them (file uploads are off)
        root.route().handler(ctx -> {
            if (ctx.request().path().equals(STRAVA_UPLOADS)) {
                ctx.next();
            } else if (SandboxMultipart.isMultipart(ctx)) {
                multipart.handle(ctx);
            } else {
                bodies.handle(ctx);
            }
        });
        root.route("/fitbit/*").subRouter(new FitbitSimulator(fitbit, tokens, oauth, clock).router(vertx));
        root.route("/googlefit/*").subRouter(new GoogleFitSimulator(googleFit, tokens, oauth, clock).router(vertx));
        root.route("/googlehealth/*").subRouter(
                new GoogleHealthSimulator(googleHealth, tokens, oauth, clock, settings.clientId()).router(vertx));
        root.route("/withings/*").subRouter(new WithingsSimulator(withings, tokens, oauth, clock).router(vertx));
        root.route("/strava/*").subRouter(new StravaSimulator(strava, tokens, oauth, clock).router(vertx));
        root.route("/wahoo/*").subRouter(new WahooSimulator(wahoo, tokens, oauth, clock).router(vertx));
        root.route("/garmin/*").subRouter(new GarminSimulator(garmin, tokens, oauth, clock).router(vertx));
        // Garmin notifies webhooks; the test API lets a test make it do so
        root.post("/_sandbox/garmin/users/:userId/notify").handler(new GarminPings(garmin, clock)::send);
        root.route("/_sandbox/*").subRouter(new SandboxTestApi(Map.of(SandboxProvider.FITBIT, fitbit,
                SandboxProvider.GOOGLE_FIT, googleFit, SandboxProvider.GOOGLE_HEALTH, googleHealth,
                SandboxProvider.WITHINGS, withings, SandboxProvider.STRAVA, strava, SandboxProvider.GARMIN, garmin,
                SandboxProvider.WAHOO, wahoo),
                tokens, clock, new FitbitNotifier(fitbit, settings.clientSecret())).router(vertx));
        root.route().handler(ctx -> ApiAnswer.json(404, SandboxJson.object()
                .put("error", "Not a sandbox path; use " + prefixes() + " or /_sandbox")).send(ctx.response()));
        return root;
    }

    /** A private temporary directory for uploaded files while their request is handled. */
    private static String uploadsDirectory() {
        try {
            java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("syncwell-sandbox-uploads");
            directory.toFile().deleteOnExit();
            return directory.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Provider sandbox cannot create a directory for uploads", e);
        }
    }

    private static boolean isBindFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Provider sandbox could not release Vert.x after a failed start", e);
        }
    }
}
