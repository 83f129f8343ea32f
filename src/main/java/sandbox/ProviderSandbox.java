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

/**
 * The provider sandbox: simulated Fitbit Web API, Google Fit REST API and Google Health API on one local port, with
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
    /** Google Fit's quota was not found (API-FACTS §4.5); generous, so only tests that lower it see 429s. */
    private static final int GOOGLE_FIT_REQUESTS_PER_MINUTE = 1000;
    /** Google Health API: 300 requests a minute per user (docs/google-health-api.md). */
    private static final int GOOGLE_HEALTH_REQUESTS_PER_MINUTE = 300;
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final long START_STOP_TIMEOUT_SECONDS = 30;

    private final SandboxSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final SandboxTokens tokens = new SandboxTokens();
    private final ProviderState<FitbitUser> fitbit;
    private final ProviderState<GoogleFitUser> googleFit;
    private final ProviderState<GoogleHealthUser> googleHealth;
    private Vertx vertx;
    private volatile int port;

    public ProviderSandbox(SandboxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.port = settings.port();
        this.fitbit = new ProviderState<>(SandboxProvider.FITBIT,
                new SandboxUsers<>((id, seenAt) -> FitbitUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.HOURS, FITBIT_REQUESTS_PER_HOUR, "perHour"));
        this.googleFit = new ProviderState<>(SandboxProvider.GOOGLE_FIT,
                new SandboxUsers<>((id, seenAt) -> GoogleFitUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, GOOGLE_FIT_REQUESTS_PER_MINUTE, "perMinute"));
        this.googleHealth = new ProviderState<>(SandboxProvider.GOOGLE_HEALTH,
                new SandboxUsers<>((id, seenAt) -> GoogleHealthUser.create(id, seenAt, settings.history())),
                new SandboxFaults(), new SandboxRateLimit(ChronoUnit.MINUTES, GOOGLE_HEALTH_REQUESTS_PER_MINUTE, "perMinute"));
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
        LOG.info("Provider sandbox listening on {} (Fitbit {}/fitbit, Google Fit {}/googlefit, Google Health {}/googlehealth, "
                + "test API {}/_sandbox)", baseUrl(), baseUrl(), baseUrl(), baseUrl(), baseUrl());
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
        root.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        root.route("/fitbit/*").subRouter(new FitbitSimulator(fitbit, tokens, oauth, clock).router(vertx));
        root.route("/googlefit/*").subRouter(new GoogleFitSimulator(googleFit, tokens, oauth, clock).router(vertx));
        root.route("/googlehealth/*").subRouter(
                new GoogleHealthSimulator(googleHealth, tokens, oauth, clock, settings.clientId()).router(vertx));
        root.route("/_sandbox/*").subRouter(new SandboxTestApi(Map.of(SandboxProvider.FITBIT, fitbit,
                SandboxProvider.GOOGLE_FIT, googleFit, SandboxProvider.GOOGLE_HEALTH, googleHealth), tokens, clock,
                new FitbitNotifier(fitbit, settings.clientSecret())).router(vertx));
        root.route().handler(ctx -> ApiAnswer.json(404, SandboxJson.object()
                .put("error", "Not a sandbox path; use /fitbit, /googlefit, /googlehealth or /_sandbox")).send(ctx.response()));
        return root;
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
