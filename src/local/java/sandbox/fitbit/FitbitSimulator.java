package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * The Fitbit Web API v1 under {@code /fitbit}: OAuth endpoints, profile, steps and heart-rate time
 * series, weight log, sleep log (v1.2), activity log with TCX, and push subscriptions. This class is the
 * route table; the endpoint classes hold the behaviour. Every API path shares the user's 150/h quota.
 */
public final class FitbitSimulator {

    /** "-" means the token's user; the user's own encoded id is accepted too, as Fitbit does. */
    private static final String USER = "^/1/user/(?<owner>[^/]+)";
    private static final String WEIGHT = USER + "/body/log/weight";
    /** Sleep lives under API version 1.2. */
    private static final String SLEEP = "^/1\\.2/user/(?<owner>[^/]+)/sleep";
    private static final String ACTIVITIES = USER + "/activities";
    private static final String SUBSCRIPTIONS = USER + "/(?:(?<collection>activities|body|foods|sleep|userRevokedAccess)/)?apiSubscriptions";

    private final ProviderState<FitbitUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;
    private final FitbitActivityEndpoints activity;
    private final FitbitHeartRateEndpoints heartRate;
    private final FitbitWeightEndpoints weight;
    private final FitbitSleepEndpoints sleep;
    private final FitbitActivityLogEndpoints activityLog;
    private final FitbitSubscriptionEndpoints subscriptions;

    public FitbitSimulator(ProviderState<FitbitUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
        this.activity = new FitbitActivityEndpoints(clock);
        this.heartRate = new FitbitHeartRateEndpoints(clock);
        this.weight = new FitbitWeightEndpoints(clock);
        this.sleep = new FitbitSleepEndpoints(clock);
        this.activityLog = new FitbitActivityLogEndpoints(clock);
        this.subscriptions = new FitbitSubscriptionEndpoints(state);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/oauth2/authorize", "/oauth2/token");
        oauth.mountRevocation(router, state, "/oauth2/revoke", SandboxOAuthServer.Revocation.TOKEN_FORM);
        ProviderApiGate<FitbitUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.getWithRegex(USER + "/profile\\.json$").handler(gate.guard(owned(this::profile)));
        timeSeries(router, gate, "steps", activity::dailySteps, activity::intradaySteps);
        timeSeries(router, gate, "heart", heartRate::daily, heartRate::intraday);
        router.getWithRegex(WEIGHT + "/date/(?<first>[^/]+)/(?<second>[^/]+)\\.json$")
                .handler(gate.guard(owned(weight::read)));
        router.postWithRegex(WEIGHT + "\\.json$").handler(gate.guard(owned(weight::log)));
        router.deleteWithRegex(WEIGHT + "/(?<logId>\\d{1,18})\\.json$").handler(gate.guard(owned(weight::delete)));
        router.getWithRegex(SLEEP + "/date/(?<first>[^/]+)/(?<second>[^/]+)\\.json$").handler(gate.guard(owned(sleep::range)));
        router.getWithRegex(SLEEP + "/date/(?<first>[^/]+)\\.json$").handler(gate.guard(owned(sleep::day)));
        router.postWithRegex(SLEEP + "\\.json$").handler(gate.guard(owned(sleep::log)));
        router.deleteWithRegex(SLEEP + "/(?<logId>\\d{1,18})\\.json$").handler(gate.guard(owned(sleep::delete)));
        router.getWithRegex(ACTIVITIES + "/list\\.json$").handler(gate.guard(owned(activityLog::list)));
        router.getWithRegex(ACTIVITIES + "/(?<logId>\\d{1,18})\\.tcx$").handler(gate.guard(owned(activityLog::tcx)));
        router.postWithRegex(ACTIVITIES + "\\.json$").handler(gate.guard(owned(activityLog::log)));
        router.deleteWithRegex(ACTIVITIES + "/(?<logId>\\d{1,18})\\.json$").handler(gate.guard(owned(activityLog::delete)));
        router.postWithRegex(SUBSCRIPTIONS + "/(?<subscriptionId>[^/]+)\\.json$").handler(gate.guard(owned(subscriptions::create)));
        router.deleteWithRegex(SUBSCRIPTIONS + "/(?<subscriptionId>[^/]+)\\.json$").handler(gate.guard(owned(subscriptions::delete)));
        router.getWithRegex(SUBSCRIPTIONS + "\\.json$").handler(gate.guard(owned(subscriptions::list)));
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound(null);
        }));
        return router;
    }

    /**
     * {@code /activities/{resource}/date/{first}/{second}.json} (daily) and the intraday paths with a
     * detail level and an optional {@code /time/{HH:mm}/{HH:mm}}.
     */
    private static void timeSeries(Router router, ProviderApiGate<FitbitUser> gate, String resource,
                                   ProviderApiGate.Endpoint<FitbitUser> daily, ProviderApiGate.Endpoint<FitbitUser> intraday) {
        String series = USER + "/activities/" + resource + "/date/(?<first>[^/]+)/(?<second>[^/]+)";
        String detailed = series + "/(?<detail>[^/.]+)";
        router.getWithRegex(series + "\\.json$").handler(gate.guard(owned(daily)));
        router.getWithRegex(detailed + "\\.json$").handler(gate.guard(owned(intraday)));
        router.getWithRegex(detailed + "/time/(?<from>[^/]+)/(?<to>[^/]+)\\.json$").handler(gate.guard(owned(intraday)));
    }

    private ApiAnswer profile(RoutingContext ctx, FitbitUser user) {
        ObjectNode body = SandboxJson.object();
        body.putObject("user")
                .put("encodedId", user.id())
                .put("displayName", user.displayName())
                .put("timezone", user.zone().getId())
                .put("offsetFromUTCMillis", user.zone().getRules().getOffset(clock.instant()).getTotalSeconds() * 1000L);
        return ApiAnswer.ok(body);
    }

    /** Refuses paths naming another user, as Fitbit does without that user's consent. */
    private static ProviderApiGate.Endpoint<FitbitUser> owned(ProviderApiGate.Endpoint<FitbitUser> endpoint) {
        return (ctx, user) -> {
            String owner = ctx.pathParam("owner");
            if (!"-".equals(owner) && !user.id().equals(owner)) {
                throw new ApiProblem(403, "n/a", "Not authorized to access data of user " + owner);
            }
            return endpoint.answer(ctx, user);
        };
    }
}
