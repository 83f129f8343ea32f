package sandbox.googlefit;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * Google Fit REST v1 under {@code /googlefit}: {@code /fitness/v1/users/me/...} stands for
 * {@code https://www.googleapis.com/fitness/v1/users/me/...}, {@code /o/oauth2/...} for Google's
 * OAuth endpoints. Only {@code me} is supported as user, as with the real API. Data sources and their datasets
 * carry the points; sessions (sleeps, workouts) name periods of them.
 */
public final class GoogleFitSimulator {

    private static final String DATA_SOURCES = "/fitness/v1/users/me/dataSources";
    private static final String DATA_SOURCE = "^" + DATA_SOURCES + "/(?<sourceId>[^/]+)";
    private static final String DATASET = DATA_SOURCE + "/datasets/(?<datasetId>[^/]+)$";
    private static final String SESSIONS = "/fitness/v1/users/me/sessions";
    private static final String SESSION = "^" + SESSIONS + "/(?<sessionId>[^/]+)$";

    private final ProviderState<GoogleFitUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;
    private final GoogleFitDataSourceEndpoints dataSources = new GoogleFitDataSourceEndpoints();
    private final GoogleFitDatasetEndpoints datasets;
    private final GoogleFitSessionEndpoints sessions;

    public GoogleFitSimulator(ProviderState<GoogleFitUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
        this.datasets = new GoogleFitDatasetEndpoints(clock);
        this.sessions = new GoogleFitSessionEndpoints(clock);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/o/oauth2/auth", "/o/oauth2/token");
        oauth.mountRevocation(router, state, "/o/oauth2/revoke", SandboxOAuthServer.Revocation.TOKEN_FORM);
        ProviderApiGate<GoogleFitUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.get(DATA_SOURCES).handler(gate.guard(dataSources::list));
        router.post(DATA_SOURCES).handler(gate.guard(dataSources::create));
        router.getWithRegex(DATA_SOURCE + "$").handler(gate.guard(dataSources::get));
        router.getWithRegex(DATASET).handler(gate.guard(datasets::read));
        router.patchWithRegex(DATASET).handler(gate.guard(datasets::patch));
        router.deleteWithRegex(DATASET).handler(gate.guard(datasets::delete));
        router.get(SESSIONS).handler(gate.guard(sessions::list));
        router.putWithRegex(SESSION).handler(gate.guard(sessions::update));
        router.deleteWithRegex(SESSION).handler(gate.guard(sessions::delete));
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound(null);
        }));
        return router;
    }
}
