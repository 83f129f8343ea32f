package sandbox.garmin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * The Garmin Health / Activity API under {@code /garmin} (docs/providers/garmin.md §1, §2.1): {@code /wellness-api/rest/...} stands for
 * {@code https://apis.garmin.com/wellness-api/rest/...}, {@code /oauth2Confirm} for the OAuth 2.0 PKCE authorization
 * page ({@code connect.garmin.com}) and {@code /di-oauth2-service/oauth/token} for the token endpoint
 * ({@code diauth.garmin.com}) — names as Garmin's OAuth 2.0 migration material and client code use them; docs/providers/garmin.md §1 only
 * confirms OAuth 2.0 with PKCE and a token exchange at Garmin.
 *
 * <p>Pulls: {@code GET /wellness-api/rest/{summaryType}?uploadStartTimeInSeconds=&uploadEndTimeInSeconds=} answers a
 * JSON array of the summaries uploaded in [start, end), a range of at most 24 h (the ranges ping callback URLs hand
 * out); a ping's {@code token} parameter is accepted and not needed, the bearer token names the user.
 * {@code GET /wellness-api/rest/user/id} answers {@code {"userId":"…"}}.
 */
public final class GarminSimulator {

    static final String REST = "/wellness-api/rest";
    /** The widest upload range one pull may ask for. */
    static final long MAX_RANGE_SECONDS = 86_400;

    private final ProviderState<GarminUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;

    public GarminSimulator(ProviderState<GarminUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/oauth2Confirm", "/di-oauth2-service/oauth/token");
        oauth.mountRevocation(router, state, "/wellness-api/rest/user/registration", SandboxOAuthServer.Revocation.BEARER_DELETE);
        ProviderApiGate<GarminUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);

        router.get(REST + "/user/id").handler(gate.guard((ctx, user) -> ApiAnswer.ok(SandboxJson.object().put("userId", user.id()))));
        router.get(REST + "/:summaryType").handler(gate.guard(this::pull));
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound(null);
        }));
        return router;
    }

    private ApiAnswer pull(RoutingContext ctx, GarminUser user) {
        String key = ctx.pathParam("summaryType");
        long start = seconds(ctx, "uploadStartTimeInSeconds");
        long end = seconds(ctx, "uploadEndTimeInSeconds");
        if (end < start) {
            throw ApiProblem.invalid("uploadEndTimeInSeconds", "uploadEndTimeInSeconds must not be before uploadStartTimeInSeconds");
        }
        if (end - start > MAX_RANGE_SECONDS) {
            throw ApiProblem.invalid("uploadEndTimeInSeconds", "The upload time range must not exceed 86400 seconds");
        }
        ArrayNode answer = SandboxJson.array();
        GarminSummaryType type = GarminSummaryType.byKey(key).orElse(null);
        if (type == null) {
            if (GarminSummaryType.EMPTY_TYPES.contains(key)) {
                return ApiAnswer.ok(answer);
            }
            throw ApiProblem.notFound(null);
        }
        user.uploaded(type, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)).forEach(summary -> answer.add(summary.body()));
        return ApiAnswer.ok(answer);
    }

    private static long seconds(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        try {
            long seconds = Long.parseLong(value == null ? "" : value.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the refusal below
        }
        throw ApiProblem.invalid(name, name + " is required: UTC epoch seconds");
    }
}
