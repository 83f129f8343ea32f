package sandbox.strava;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxProvider;

/**
 * The athlete, the activity list ({@code before}/{@code after} epoch seconds, {@code page}, {@code per_page} up to
 * 200, newest first), an activity's detail and its streams ({@code keys}, {@code key_by_type}).
 */
final class StravaActivityEndpoints {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 200;

    ApiAnswer athlete(RoutingContext ctx, StravaUser user) {
        ObjectNode athlete = SandboxJson.object();
        if (user.id().matches("\\d{1,18}")) {
            athlete.put("id", Long.parseLong(user.id()));
        } else {
            athlete.put("id", user.id());
        }
        athlete.put("resource_state", 2);
        athlete.put("firstname", new SandboxDataGenerator(SandboxProvider.STRAVA, user.id()).displayName().split(" ")[0]);
        athlete.putNull("weight");
        return ApiAnswer.ok(athlete);
    }

    ApiAnswer list(RoutingContext ctx, StravaUser user) {
        Instant after = epoch(ctx, "after");
        Instant before = epoch(ctx, "before");
        int page = positive(ctx, "page", 1, Integer.MAX_VALUE);
        int perPage = positive(ctx, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        List<StravaActivity> all = user.activities(after, before);
        ArrayNode body = SandboxJson.array();
        long from = (long) (page - 1) * perPage;
        all.stream().skip(from).limit(perPage).forEach(a -> body.add(a.summary(user.id())));
        return ApiAnswer.ok(body);
    }

    ApiAnswer detail(RoutingContext ctx, StravaUser user) {
        return ApiAnswer.ok(activity(ctx, user).detail(user.id()));
    }

    /** {@code key_by_type=true}: an object keyed by stream type; otherwise a list of streams with their {@code type}. */
    ApiAnswer streams(RoutingContext ctx, StravaUser user) {
        StravaActivity activity = activity(ctx, user);
        String keys = ctx.queryParams().get("keys");
        List<String> requested = keys == null || keys.isBlank() ? StravaStreams.TYPES
                : Arrays.stream(keys.split(",")).map(String::trim).filter(StravaStreams.TYPES::contains).toList();
        Map<String, ArrayNode> data = activity.streams().data(requested);
        if ("true".equals(ctx.queryParams().get("key_by_type"))) {
            ObjectNode byType = SandboxJson.object();
            data.forEach((type, values) -> byType.set(type, activity.streams().stream(type, values, false)));
            return ApiAnswer.ok(byType);
        }
        ArrayNode list = SandboxJson.array();
        data.forEach((type, values) -> list.add(activity.streams().stream(type, values, true)));
        return ApiAnswer.ok(list);
    }

    private static StravaActivity activity(RoutingContext ctx, StravaUser user) {
        String id = ctx.pathParam("id");
        if (!id.matches("\\d{1,18}")) {
            throw new ApiProblem(404, "Activity:id", "Record Not Found");
        }
        return user.activity(Long.parseLong(id)).orElseThrow(() -> new ApiProblem(404, "Activity:id", "Record Not Found"));
    }

    private static Instant epoch(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw ApiProblem.invalid(name, "Bad Request");
        }
    }

    private static int positive(RoutingContext ctx, String name, int defaultValue, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 1) {
                throw ApiProblem.invalid(name, "Bad Request");
            }
            return Math.min(number, max);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, "Bad Request");
        }
    }
}
