package sandbox.googlehealth;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * Google Health API v4 under {@code /googlehealth}: {@code /v4/users/me/dataTypes/{type}/dataPoints...} stands
 * for {@code https://health.googleapis.com/v4/...} (with {@code .../exercise/dataPoints/{id}:exportExerciseTcx}),
 * {@code /o/oauth2/v2/auth} for Google's authorization
 * endpoint ({@code accounts.google.com}) and {@code /token} for its token endpoint ({@code oauth2.googleapis.com}).
 * The user in paths is {@code me} or the caller's own health user id.
 */
public final class GoogleHealthSimulator {

    private static final String COLLECTION = "^/v4/users/(?<user>[^/]+)/dataTypes/(?<dataType>[^/:]+)/dataPoints";
    private static final String DATA_POINT = COLLECTION + "/(?<dataPoint>[^/:]+)$";
    private static final String EXPORT_TCX = COLLECTION + "/(?<dataPoint>[^/:]+):exportExerciseTcx$";

    private final ProviderState<GoogleHealthUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;
    private final GoogleHealthDataPointEndpoints dataPoints;

    public GoogleHealthSimulator(ProviderState<GoogleHealthUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock,
                          String clientId) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
        this.dataPoints = new GoogleHealthDataPointEndpoints(tokens, clientId);
    }

    /**
     * {@code users.getIdentity}: the user's id in the Health API (which its webhooks name) and the legacy Fitbit id,
     * empty for users who never had a Fitbit account — as for every sandbox user.
     */
    private static ApiAnswer identity(io.vertx.ext.web.RoutingContext ctx, GoogleHealthUser user) {
        String named = ctx.pathParam("user");
        if (!"me".equals(named) && !user.id().equals(named)) {
            throw ApiProblem.notFound("Requested entity was not found.");
        }
        return ApiAnswer.ok(SandboxJson.object().put("name", "users/" + named + "/identity")
                .put("legacyUserId", "").put("healthUserId", user.id()));
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/o/oauth2/v2/auth", "/token");
        oauth.mountRevocation(router, state, "/revoke", SandboxOAuthServer.Revocation.TOKEN_FORM);
        ProviderApiGate<GoogleHealthUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.getWithRegex("^/v4/users/(?<user>[^/]+)/identity$").handler(gate.guard(GoogleHealthSimulator::identity));
        router.getWithRegex(COLLECTION + "$").handler(gate.guard(dataPoints::list));
        router.postWithRegex(COLLECTION + "$").handler(gate.guard(dataPoints::create));
        router.postWithRegex(COLLECTION + ":batchDelete$").handler(gate.guard(dataPoints::batchDelete));
        router.getWithRegex(EXPORT_TCX).handler(gate.guard(dataPoints::exportExerciseTcx));
        router.getWithRegex(DATA_POINT).handler(gate.guard(dataPoints::get));
        router.patchWithRegex(DATA_POINT).handler(gate.guard(dataPoints::patch));
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound("Requested entity was not found.");
        }));
        return router;
    }
}
