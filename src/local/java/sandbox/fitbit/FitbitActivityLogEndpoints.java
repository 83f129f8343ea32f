package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

import activityfiles.ActivityFileException;
import activityfiles.TcxActivityFile;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * Fitbit's activity log: the list (paged by {@code pagination.next} links, docs/providers/fitbit.md §2.5), a log's TCX, log an
 * activity ({@code POST /1/user/-/activities.json}: totals only, no track), delete a log. Start times are listed with
 * the user's offset; distances in kilometres, or miles for an {@code Accept-Language: en_US} caller.
 */
final class FitbitActivityLogEndpoints {

    private static final int MAX_LIMIT = 100;
    private static final double KM_PER_MILE = 1.609344;
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final String TCX_TYPE = "application/vnd.garmin.tcx+xml";

    private final Clock clock;

    FitbitActivityLogEndpoints(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code GET /activities/list.json?afterDate=…&sort=asc&limit=N&offset=M} or {@code beforeDate=…&sort=desc}. A date
     * alone means its midnight; afterDate keeps logs starting at or after it, beforeDate those strictly before it.
     */
    ApiAnswer list(RoutingContext ctx, FitbitUser user) {
        String after = ctx.request().getParam("afterDate");
        String before = ctx.request().getParam("beforeDate");
        if ((after == null) == (before == null)) {
            throw ApiProblem.invalid("beforeDate", "Exactly one of beforeDate and afterDate is required");
        }
        String sort = ctx.request().getParam("sort");
        if (after != null && !"asc".equals(sort) || before != null && !"desc".equals(sort)) {
            throw ApiProblem.invalid("sort", "sort must be asc with afterDate and desc with beforeDate");
        }
        int limit = integer(ctx, "limit", -1);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        int offset = integer(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiProblem.invalid("offset", "offset must not be negative");
        }
        LocalDateTime bound = dateParam(after != null ? after : before, after != null ? "afterDate" : "beforeDate");
        List<FitbitActivityLog> matching = new ArrayList<>(user.activityLogs().stream()
                .filter(log -> after != null ? !log.start().isBefore(bound) : log.start().isBefore(bound)).toList());
        if (before != null) {
            Collections.reverse(matching);
        }
        List<FitbitActivityLog> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));

        boolean miles = miles(ctx);
        String base = listUrl(ctx);
        String dateName = after != null ? "afterDate" : "beforeDate";
        String dateValue = after != null ? after : before;
        ObjectNode body = SandboxJson.object();
        ArrayNode activities = body.putArray("activities");
        page.forEach(log -> activities.add(json(log, user, miles, logUrl(ctx, log.logId() + ".tcx"))));
        ObjectNode pagination = body.putObject("pagination");
        pagination.put(dateName, dateValue).put("limit", limit).put("offset", offset).put("sort", sort);
        pagination.put("next", offset + limit < matching.size()
                ? base + "?offset=" + (offset + limit) + "&limit=" + limit + "&sort=" + sort + "&" + dateName + "=" + dateValue : "");
        pagination.put("previous", offset > 0
                ? base + "?offset=" + Math.max(0, offset - limit) + "&limit=" + limit + "&sort=" + sort + "&" + dateName + "=" + dateValue : "");
        return ApiAnswer.ok(body);
    }

    /** {@code GET /activities/{logId}.tcx}: the log as TCX, with its track points when the tracker recorded any. */
    ApiAnswer tcx(RoutingContext ctx, FitbitUser user) {
        long logId = Long.parseLong(ctx.pathParam("logId"));
        FitbitActivityLog log = user.activityLog(logId)
                .orElseThrow(() -> ApiProblem.notFound("Activity log " + logId + " not found"));
        try {
            return ApiAnswer.document(200, TcxActivityFile.write(user.asRecord(log)), TCX_TYPE);
        } catch (ActivityFileException e) {
            throw new IllegalStateException("the sandbox cannot write the TCX of activity log " + logId, e);
        }
    }

    /**
     * {@code POST /activities.json}: {@code activityId} (catalogue) or {@code activityName} with {@code manualCalories},
     * {@code startTime} HH:mm, {@code durationMillis}, {@code date}, optional {@code distance} and {@code distanceUnit}.
     */
    ApiAnswer log(RoutingContext ctx, FitbitUser user) {
        String activityIdParam = ctx.request().getParam("activityId");
        String activityName = ctx.request().getParam("activityName");
        Long activityId = null;
        if (activityIdParam != null) {
            try {
                activityId = Long.parseLong(activityIdParam);
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid("activityId", "Invalid activityId:" + activityIdParam);
            }
            FitbitActivityCatalog known = FitbitActivityCatalog.byId(activityId)
                    .orElseThrow(() -> ApiProblem.invalid("activityId", "Invalid activityId:" + activityIdParam));
            activityName = known.activityName();
        } else if (activityName == null || activityName.isBlank()) {
            throw ApiProblem.invalid("activityId", "activityId or activityName is required");
        }
        String caloriesParam = ctx.request().getParam("manualCalories");
        if (activityIdParam == null && caloriesParam == null) {
            throw ApiProblem.invalid("manualCalories", "manualCalories is required with activityName");
        }
        Integer calories = caloriesParam == null ? null : integer(caloriesParam, "manualCalories");
        String startTime = ctx.request().getParam("startTime");
        String date = ctx.request().getParam("date");
        String duration = ctx.request().getParam("durationMillis");
        if (startTime == null || date == null || duration == null) {
            throw ApiProblem.invalid(startTime == null ? "startTime" : date == null ? "date" : "durationMillis",
                    "startTime (HH:mm), durationMillis and date (yyyy-MM-dd) are required");
        }
        LocalTime time = FitbitDateRange.time(startTime, "startTime");
        LocalDate day = FitbitDateRange.date(date, "date", user.today(clock.instant()));
        long millis;
        try {
            millis = Long.parseLong(duration);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("durationMillis", "Invalid durationMillis:" + duration);
        }
        if (millis <= 0) {
            throw ApiProblem.invalid("durationMillis", "durationMillis must be positive");
        }
        Double distanceKm = distanceKm(ctx);
        FitbitActivityLog log = user.logActivity(activityId, activityName, FitbitUser.MANUAL, LocalDateTime.of(day, time), millis,
                distanceKm, calories, List.of(), List.of(), clock.instant());
        ObjectNode body = SandboxJson.object();
        ObjectNode activityLog = body.putObject("activityLog");
        if (activityId != null) {
            activityLog.put("activityId", activityId);
        }
        activityLog.put("calories", calories == null ? 0 : calories);
        activityLog.put("description", "");
        activityLog.put("distance", distanceKm == null ? 0 : distanceKm);
        activityLog.put("duration", millis);
        activityLog.put("hasStartTime", true);
        activityLog.put("isFavorite", false);
        activityLog.put("logId", log.logId());
        activityLog.put("name", activityName);
        activityLog.put("startDate", day.toString());
        activityLog.put("startTime", startTime);
        return ApiAnswer.json(201, body);
    }

    /** {@code DELETE /activities/{logId}.json}. */
    ApiAnswer delete(RoutingContext ctx, FitbitUser user) {
        long logId = Long.parseLong(ctx.pathParam("logId"));
        return user.deleteActivityLog(logId)
                .map(removed -> ApiAnswer.noContent())
                .orElseThrow(() -> ApiProblem.notFound("Activity log " + logId + " not found"));
    }

    private static ObjectNode json(FitbitActivityLog log, FitbitUser user, boolean miles, String tcxLink) {
        ZonedDateTime start = log.start().atZone(user.zone());
        ObjectNode json = SandboxJson.object();
        json.put("activeDuration", log.durationMillis());
        json.put("activityName", log.activityName());
        if (log.activityTypeId() != null) {
            json.put("activityTypeId", log.activityTypeId());
        }
        OptionalDouble heartRate = log.track().stream().filter(s -> s.heartRate() != null).mapToDouble(s -> s.heartRate()).average();
        if (heartRate.isPresent()) {
            json.put("averageHeartRate", Math.round(heartRate.getAsDouble()));
        }
        if (log.calories() != null) {
            json.put("calories", log.calories());
        }
        if (log.distanceKm() != null) {
            json.put("distance", miles ? log.distanceKm() / KM_PER_MILE : log.distanceKm());
            json.put("distanceUnit", miles ? "Mile" : "Kilometer");
        }
        json.put("duration", log.durationMillis());
        boolean hasGps = log.track().stream().anyMatch(model.ActivitySample::hasPosition);
        json.put("hasGps", hasGps);
        json.put("lastModified", UTC.format(log.lastModified().atOffset(java.time.ZoneOffset.UTC)));
        json.put("logId", log.logId());
        json.put("logType", log.logType());
        json.put("originalStartTime", WITH_OFFSET.format(start));
        json.put("startTime", WITH_OFFSET.format(start));
        if (!log.track().isEmpty()) {
            json.put("tcxLink", tcxLink);
        }
        return json;
    }

    private static boolean miles(RoutingContext ctx) {
        String language = ctx.request().getHeader("Accept-Language");
        return language != null && language.trim().startsWith("en_US");
    }

    /** {@code yyyy-MM-dd} (its midnight) or {@code yyyy-MM-ddTHH:mm:ss}, local. */
    private static LocalDateTime dateParam(String text, String field) {
        try {
            return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "Invalid date:" + text);
        }
    }

    private static Double distanceKm(RoutingContext ctx) {
        String distance = ctx.request().getParam("distance");
        if (distance == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(distance);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("distance", "Invalid distance:" + distance);
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw ApiProblem.invalid("distance", "distance must not be negative");
        }
        String unit = ctx.request().getParam("distanceUnit");
        if (unit == null) {
            unit = miles(ctx) ? "Mile" : "Kilometer";
        }
        return switch (unit) {
            case "Kilometer" -> value;
            case "Mile" -> value * KM_PER_MILE;
            case "Meter" -> value / 1000;
            default -> throw ApiProblem.invalid("distanceUnit", "Invalid distanceUnit:" + unit);
        };
    }

    private static int integer(RoutingContext ctx, String name, int absent) {
        String text = ctx.request().getParam(name);
        return text == null ? absent : integer(text, name);
    }

    private static int integer(String text, String field) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, "Invalid " + field + ":" + text);
        }
    }

    /** This list's own URL as the caller reached it (Fitbit's links are absolute). */
    private static String listUrl(RoutingContext ctx) {
        return logUrl(ctx, "list.json");
    }

    private static String logUrl(RoutingContext ctx, String file) {
        String path = ctx.request().path();
        int activities = path.indexOf("/activities");
        // authority(): the Host header over HTTP/1.1, :authority after an h2c upgrade (Java's client asks for one)
        return "http://" + ctx.request().authority() + path.substring(0, activities) + "/activities/" + file;
    }
}
