package sandbox.strava;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import sandbox.common.ApiAnswer;
import sandbox.common.ProviderDialect;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxTokens;

/**
 * Strava API v3 (docs/providers/strava.md §1, §4, §5): the Fault envelope {@code {"message", "errors":[{"resource","field","code"}]}},
 * numeric athlete ids, {@code X-RateLimit-*} and {@code X-ReadRateLimit-*} headers ("<15 min>,<day>") on every answer,
 * client credentials in the token form, refresh tokens that change on refresh, and token answers with
 * {@code expires_at} (epoch seconds) and the athlete. Endpoints hand in the Fault's {@code resource} where other
 * dialects take a field, as {@code "Resource:field"} or a bare field.
 */
public final class StravaDialect implements ProviderDialect {

    /** Strava's default allowances per application (docs/providers/strava.md §4). */
    static final int OVERALL_PER_15_MINUTES = 200;
    static final int OVERALL_PER_DAY = 2000;
    static final int READ_PER_15_MINUTES = 100;
    static final int READ_PER_DAY = 1000;

    @Override
    public String newUserId(Random random) {
        return Long.toString(10_000_000L + random.nextInt(90_000_000));
    }

    @Override
    public ApiAnswer apiError(int status, String field, String message) {
        if (status == 429) {
            return rateLimited();
        }
        String resource = "Application";
        String name = field == null ? "" : field;
        int colon = name.indexOf(':');
        if (colon > 0) {
            resource = name.substring(0, colon);
            name = name.substring(colon + 1);
        }
        return ApiAnswer.json(status, fault(message == null ? defaultMessage(status) : message, resource, name, code(status)));
    }

    /** The answer to an expired or invalid token, as recorded (docs/providers/strava.md §5). */
    @Override
    public ApiAnswer unauthenticated(boolean expired) {
        return ApiAnswer.json(401, fault("Authorization Error", "Athlete", "access_token", "invalid"));
    }

    @Override
    public ApiAnswer rateLimited() {
        return ApiAnswer.json(429, fault("Rate Limit Exceeded", "Application", "rate limit", "exceeded"));
    }

    /** The first bucket counts every request, the second reads (all but uploads); each with 15-minute and daily limits. */
    @Override
    public Map<String, String> rateLimitHeaders(SandboxRateLimit.Usage usage) {
        List<SandboxRateLimit.WindowUsage> overall = usage.buckets().get(0);
        List<SandboxRateLimit.WindowUsage> read = usage.buckets().get(1);
        return Map.of(
                "X-RateLimit-Limit", overall.get(0).limit() + "," + overall.get(1).limit(),
                "X-RateLimit-Usage", overall.get(0).used() + "," + overall.get(1).used(),
                "X-ReadRateLimit-Limit", read.get(0).limit() + "," + read.get(1).limit(),
                "X-ReadRateLimit-Usage", read.get(0).used() + "," + read.get(1).used());
    }

    /** The quotas Strava counts per application: everything, and everything but uploads. */
    public static SandboxRateLimit rateLimit() {
        return new SandboxRateLimit(SandboxRateLimit.Scope.APPLICATION)
                .bucket((method, path) -> true, "per15Minutes", 900, OVERALL_PER_15_MINUTES, "perDay", 86_400, OVERALL_PER_DAY)
                .bucket((method, path) -> !isUpload(method, path),
                        "readPer15Minutes", 900, READ_PER_15_MINUTES, "readPerDay", 86_400, READ_PER_DAY);
    }

    /** "Non-upload" means everything except creating activities and uploads (docs/providers/strava.md §4). */
    static boolean isUpload(String method, String path) {
        return "POST".equals(method) && (path.endsWith("/api/v3/uploads") || path.endsWith("/api/v3/activities"));
    }

    @Override
    public ObjectNode tokenAnswer(SandboxTokens.IssuedTokens tokens, long expiresInSeconds) {
        ObjectNode body = SandboxJson.object();
        body.put("token_type", "Bearer");
        body.put("expires_at", Instant.now().getEpochSecond() + expiresInSeconds);
        body.put("expires_in", expiresInSeconds);
        body.put("refresh_token", tokens.refreshToken());
        body.put("access_token", tokens.accessToken());
        ObjectNode athlete = body.putObject("athlete");
        if (tokens.userId().matches("\\d{1,18}")) {
            athlete.put("id", Long.parseLong(tokens.userId()));
        } else {
            // test users get readable ids through login_hint; real athlete ids are numbers
            athlete.put("id", tokens.userId());
        }
        athlete.put("resource_state", 2);
        return body;
    }

    @Override
    public ApiAnswer tokenError(int status, String error, String message) {
        String field = error != null && error.contains("client") ? "client_id" : "code";
        return ApiAnswer.json(status, fault("Bad Request", error != null && error.contains("client") ? "Application"
                : "AuthorizationCode", field, "invalid"));
    }

    static ObjectNode fault(String message, String resource, String field, String code) {
        ObjectNode body = SandboxJson.object();
        body.put("message", message);
        body.putArray("errors").addObject().put("resource", resource).put("field", field).put("code", code);
        return body;
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401, 403 -> "invalid";
            case 404 -> "not found";
            default -> "error";
        };
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Authorization Error";
            case 403 -> "Forbidden";
            case 404 -> "Resource Not Found";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
