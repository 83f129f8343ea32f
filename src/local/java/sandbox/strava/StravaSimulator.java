package sandbox.strava;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Optional;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxTokens;

/**
 * Strava API v3 under {@code /strava}: {@code /api/v3/...} stands for {@code https://www.strava.com/api/v3/...},
 * {@code /oauth/authorize} and {@code /oauth/token} for Strava's OAuth endpoints. The route table; the endpoint
 * classes hold the behaviour. Every API call needs the scope Strava documents for it.
 */
public final class StravaSimulator {

    private static final String API = "/api/v3";

    private final ProviderState<StravaUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;
    private final StravaActivityEndpoints activities;
    private final StravaUploadEndpoints uploads;

    public StravaSimulator(ProviderState<StravaUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
        this.activities = new StravaActivityEndpoints();
        this.uploads = new StravaUploadEndpoints(clock);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/oauth/authorize", "/oauth/token");
        oauth.mountRevocation(router, state, "/oauth/deauthorize", SandboxOAuthServer.Revocation.ACCESS_TOKEN_FORM);
        ProviderApiGate<StravaUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.get(API + "/athlete").handler(gate.guard(scoped("read", activities::athlete)));
        router.get(API + "/athlete/activities").handler(gate.guard(scoped("activity:read", activities::list)));
        router.getWithRegex(API + "/activities/(?<id>[^/]+)$").handler(gate.guard(scoped("activity:read", activities::detail)));
        router.getWithRegex(API + "/activities/(?<id>[^/]+)/streams$").handler(gate.guard(scoped("activity:read", activities::streams)));
        router.post(API + "/uploads").handler(gate.guard(scoped("activity:write", uploads::create)));
        router.getWithRegex(API + "/uploads/(?<id>[^/]+)$").handler(gate.guard(scoped("activity:write", uploads::get)));
        router.route().handler(gate.guard((ctx, user) -> {
            throw new ApiProblem(404, "resource:path", "Record Not Found");
        }));
        return router;
    }

    /**
     * Refuses a token without the scope, as Strava does: 401 naming the missing permission (docs/providers/strava.md §5).
     * {@code activity:read} is also granted by {@code activity:read_all}.
     */
    private ProviderApiGate.Endpoint<StravaUser> scoped(String scope, ProviderApiGate.Endpoint<StravaUser> endpoint) {
        return (ctx, user) -> {
            String granted = grantedScope(ctx).orElse("");
            boolean has = java.util.Arrays.stream(granted.split("[,\\s]+"))
                    .anyMatch(s -> s.equals(scope) || s.equals(scope + "_all"));
            if (!has) {
                return ApiAnswer.json(401, StravaDialect.fault("Authorization Error", "AccessToken", scope + "_permission", "missing"));
            }
            return endpoint.answer(ctx, user);
        };
    }

    private Optional<String> grantedScope(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.accessGrant(SandboxProvider.STRAVA, authorization.substring(7).trim()).map(SandboxTokens.AccessGrant::scope);
    }
}
