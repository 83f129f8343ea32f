package sandbox.googlefit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * Google Fit {@code users.sessions}: list, update (upsert), delete, as the reference documents them. A list with
 * {@code startTime} and/or {@code endTime} answers the sessions <em>ending</em> in that range and ignores the page
 * token; without both it is an incremental sync: the sessions changed since the page token (else in the last 30
 * days), deletions too with {@code includeDeleted}, and a {@code nextPageToken} for the next sync.
 */
final class GoogleFitSessionEndpoints {

    private static final Duration UNSYNCED_PERIOD = Duration.ofDays(30);
    private static final String TOKEN_PREFIX = "s1:";

    private final Clock clock;

    GoogleFitSessionEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** {@code GET /sessions[?startTime&endTime&activityType&includeDeleted&pageToken]}. */
    ApiAnswer list(RoutingContext ctx, GoogleFitUser user) {
        Instant start = time(ctx, "startTime");
        Instant end = time(ctx, "endTime");
        Set<Integer> types = activityTypes(ctx);
        boolean includeDeleted = Boolean.parseBoolean(ctx.queryParams().get("includeDeleted"));
        ObjectNode body = SandboxJson.object();
        ArrayNode sessions = body.putArray("session");
        ArrayNode deletedSessions = body.putArray("deletedSession");
        List<GoogleFitSession> all = user.sessions().stream()
                .filter(session -> types.isEmpty() || types.contains(session.activityType()))
                .toList();
        if (start != null || end != null) {
            long from = start == null ? Long.MIN_VALUE : start.toEpochMilli();
            long to = end == null ? Long.MAX_VALUE : end.toEpochMilli();
            all.stream()
                    .filter(session -> !session.deleted() && session.endMillis() >= from && session.endMillis() <= to)
                    .sorted(Comparator.comparingLong(GoogleFitSession::startMillis).thenComparing(GoogleFitSession::id))
                    .forEach(session -> sessions.add(session.toJson()));
            return ApiAnswer.ok(body);
        }
        String pageToken = ctx.queryParams().get("pageToken");
        long sinceVersion = pageToken == null || pageToken.isEmpty() ? -1 : decode(pageToken);
        long sinceMillis = clock.instant().minus(UNSYNCED_PERIOD).toEpochMilli();
        all.stream()
                .filter(session -> sinceVersion >= 0 ? session.version() > sinceVersion : session.modifiedMillis() >= sinceMillis)
                .sorted(Comparator.comparingLong(GoogleFitSession::version))
                .forEach(session -> {
                    if (!session.deleted()) {
                        sessions.add(session.toJson());
                    } else if (includeDeleted) {
                        deletedSessions.add(session.toJson());
                    }
                });
        body.put("nextPageToken", encode(user.sessionVersion()));
        return ApiAnswer.ok(body);
    }

    /** {@code PUT /sessions/{sessionId}}: inserts or updates; another application's session is refused (403). */
    ApiAnswer update(RoutingContext ctx, GoogleFitUser user) {
        return ApiAnswer.ok(user.putSession(ctx.pathParam("sessionId"), SandboxJson.body(ctx), clock.instant()).toJson());
    }

    /** {@code DELETE /sessions/{sessionId}}: only the caller's own sessions; an unknown id changes nothing. */
    ApiAnswer delete(RoutingContext ctx, GoogleFitUser user) {
        user.deleteSession(ctx.pathParam("sessionId"), clock.instant());
        return ApiAnswer.ok(SandboxJson.object());
    }

    private static Instant time(RoutingContext ctx, String name) {
        String text = ctx.queryParams().get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(name, name + " must be an RFC3339 timestamp, e.g. 2024-03-01T00:00:00.000Z.");
        }
    }

    private static Set<Integer> activityTypes(RoutingContext ctx) {
        Set<Integer> types = new HashSet<>();
        for (String text : ctx.queryParam("activityType")) {
            try {
                types.add(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid("activityType", "activityType must be an integer.");
            }
        }
        return types;
    }

    private static String encode(long version) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + version).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!plain.startsWith(TOKEN_PREFIX)) {
                throw ApiProblem.invalid("pageToken", "Invalid page token.");
            }
            return Long.parseLong(plain.substring(TOKEN_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("pageToken", "Invalid page token.");
        }
    }
}
