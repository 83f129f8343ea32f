package sandbox.withings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderApiGate;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxOAuthServer;
import sandbox.common.SandboxTokens;

/**
 * The Withings Public API under {@code /withings}: {@code /measure} ({@code action=getmeas}, by POST form or GET
 * query, as Withings takes both; by measurement dates {@code startdate}/{@code enddate} or by {@code lastupdate}) stands for {@code https://wbsapi.withings.net/measure}, {@code /oauth2_user/authorize2}
 * for {@code https://account.withings.com/oauth2_user/authorize2}, {@code /v2/oauth2} for the token endpoint (its
 * {@code action=requesttoken} is accepted and not checked).
 */
public final class WithingsSimulator {

    /** Withings documents no page size; a small one makes {@code more}/{@code offset} paging real. */
    static final int PAGE_SIZE = 50;

    private final ProviderState<WithingsUser> state;
    private final SandboxTokens tokens;
    private final SandboxOAuthServer oauth;
    private final Clock clock;

    public WithingsSimulator(ProviderState<WithingsUser> state, SandboxTokens tokens, SandboxOAuthServer oauth, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.oauth = oauth;
        this.clock = clock;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        oauth.mount(router, state, "/oauth2_user/authorize2", "/v2/oauth2");
        ProviderApiGate<WithingsUser> gate = new ProviderApiGate<>(state, tokens, vertx, clock);
        router.route("/measure").handler(gate.guard(this::measure));
        router.route().handler(gate.guard((ctx, user) -> {
            throw ApiProblem.notFound("Unknown action");
        }));
        return router;
    }

    private ApiAnswer measure(RoutingContext ctx, WithingsUser user) {
        MultiMap params = params(ctx);
        if (!"getmeas".equals(params.get("action"))) {
            throw ApiProblem.notFound("Unknown action");
        }
        long type = integer(params, "meastypes", integer(params, "meastype", WithingsUser.WEIGHT));
        long start = integer(params, "startdate", 0);
        long end = integer(params, "enddate", Long.MAX_VALUE);
        int offset = (int) integer(params, "offset", 0);
        String category = params.get("category");
        // lastupdate (Withings' delta read): what was created or modified since, whatever its date
        List<WithingsMeasureGroup> all = category != null && !"1".equals(category) ? List.of()
                : params.contains("lastupdate") ? user.changedSince(type, integer(params, "lastupdate", 0))
                : user.groups(type, start, end);
        List<WithingsMeasureGroup> page = all.subList(Math.min(offset, all.size()), Math.min(offset + PAGE_SIZE, all.size()));
        boolean more = offset + PAGE_SIZE < all.size();

        ObjectNode answer = SandboxJson.object().put("status", 0);
        ObjectNode body = answer.putObject("body")
                .put("updatetime", clock.instant().getEpochSecond())
                .put("timezone", user.zone().getId())
                .put("more", more ? 1 : 0)
                .put("offset", more ? offset + PAGE_SIZE : 0);
        ArrayNode groups = body.putArray("measuregrps");
        page.forEach(group -> {
            ObjectNode json = groups.addObject()
                    .put("grpid", group.grpid()).put("attrib", 0).put("date", group.date())
                    .put("created", group.created()).put("modified", group.modified())
                    .put("category", group.category()).put("deviceid", group.deviceid());
            ArrayNode measures = json.putArray("measures");
            group.measures().forEach(m -> measures.addObject().put("value", m.value()).put("type", m.type()).put("unit", m.unit()));
        });
        return ApiAnswer.ok(answer);
    }

    /** The form of a POST, else the query of a GET. */
    private static MultiMap params(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        return form != null && !form.isEmpty() ? form : ctx.queryParams();
    }

    private static long integer(MultiMap params, String name, long fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, "Invalid params");
        }
    }
}
