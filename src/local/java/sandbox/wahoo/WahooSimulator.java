package sandbox.wahoo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * The Wahoo Cloud API under {@code /wahoo} (stands for {@code https://api.wahooligan.com}): Doorkeeper OAuth at
 * {@code /oauth/authorize} and {@code /oauth/token}, the user, workouts with their summaries, FIT uploads, and the
 * workout files at {@code /wahoo/files/{key}.fit}, which stand for Wahoo's file CDN: like a pre-signed CDN URL they
 * need no bearer token (the unguessable key is the permission) and count against no API quota.
 */
public final class WahooSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(WahooSimulator.class);
    private static final String WORKOUT = "/v1/workouts/:id";

    private final ProviderState<WahooUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;
    private final WahooWorkoutEndpoints workouts;

    public WahooSimulator(ProviderState<WahooUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
        this.workouts = new WahooWorkoutEndpoints(clock);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/oauth/authorize", "/oauth/token");
        oauth.mountRevocation(router, state, "/v1/permissions", SandboxOAuthServer.Revocation.BEARER_DELETE);
        ProviderApiGate<WahooUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.get("/v1/user").handler(gate.guard(workouts::user));
        router.get("/v1/workouts").handler(gate.guard(workouts::list));
        router.post("/v1/workouts").handler(gate.guard(workouts::create));
        router.get(WORKOUT).handler(gate.guard(workouts::get));
        router.delete(WORKOUT).handler(gate.guard(workouts::delete));
        router.get(WORKOUT + "/workout_summary").handler(gate.guard(workouts::summary));
        router.post("/v1/workout_file_uploads").handler(gate.guard(workouts::upload));
        router.get("/v1/workout_file_uploads/:token").handler(gate.guard(workouts::uploadStatus));
        router.getWithRegex("^/files/(?<key>[0-9a-f]{32})\\.fit$").handler(this::file);
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound("not_found");
        }));
        return router;
    }

    /** A workout's FIT file, found by its key among all users (the CDN knows no user). */
    private void file(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        Optional<WahooWorkout> workout = state.users().ids().stream()
                .flatMap(id -> state.users().find(id).stream())
                .flatMap(user -> user.workouts().stream())
                .filter(w -> w.summary != null && key.equals(w.summary.fileKey()))
                .findFirst();
        if (workout.isEmpty()) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/xml")
                    .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code></Error>");
            return;
        }
        try {
            byte[] fit = WahooWorkoutEndpoints.fitFile(workout.get());
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(fit));
        } catch (RuntimeException e) {
            LOG.error("Sandbox wahoo could not write the FIT file of workout {}", workout.get().id, e);
            ctx.response().setStatusCode(500).end();
        }
    }
}
