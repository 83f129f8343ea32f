package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** Fitbit's weight log: read by date range, create, delete. */
final class FitbitWeightEndpoints {

    private static final int MAX_RANGE_DAYS = 31;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Fitbit files a weight logged without a time at the last second of the day (docs/providers/fitbit.md §2.4). */
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private final Clock clock;

    FitbitWeightEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** {@code /body/log/weight/date/{start}/{end}.json} and {@code /date/{date}/{period}.json}. */
    ApiAnswer read(RoutingContext ctx, FitbitUser user) {
        FitbitDateRange range = FitbitDateRange.parse(ctx.pathParam("first"), ctx.pathParam("second"),
                FitbitDateRange.WEIGHT_PERIODS, user.today(clock.instant()));
        if (range.days() > MAX_RANGE_DAYS) {
            throw ApiProblem.invalid("end-date", "The date range is limited to " + MAX_RANGE_DAYS + " days");
        }
        FitbitWeightUnit unit = unit(ctx);
        ObjectNode body = SandboxJson.object();
        ArrayNode logs = body.putArray("weight");
        user.weightLogs(range.start(), range.end()).forEach(log -> logs.add(json(log, user, unit)));
        return ApiAnswer.ok(body);
    }

    /** {@code POST /body/log/weight.json?weight=X&date=yyyy-MM-dd[&time=HH:mm:ss]}: parameters in the query. */
    ApiAnswer log(RoutingContext ctx, FitbitUser user) {
        if (ctx.request().getHeader("Content-Length") == null) {
            // Fitbit requires Content-Length on this POST even though the body is empty (docs/providers/fitbit.md §3)
            throw new ApiProblem(411, "n/a", "Length Required: send Content-Length: 0");
        }
        double weight = weight(ctx.request().getParam("weight"));
        String dateParam = ctx.request().getParam("date");
        if (dateParam == null) {
            throw ApiProblem.invalid("date", "date is required (yyyy-MM-dd)");
        }
        LocalDate date = FitbitDateRange.date(dateParam, "date", user.today(clock.instant()));
        String timeParam = ctx.request().getParam("time");
        LocalTime time = timeParam == null ? END_OF_DAY : time(timeParam);
        FitbitWeightUnit unit = unit(ctx);
        FitbitWeightLog log = user.logWeight(LocalDateTime.of(date, time), unit.toKg(weight), FitbitUser.API_SOURCE);
        ObjectNode body = SandboxJson.object();
        body.set("weightLog", json(log, user, unit));
        return ApiAnswer.json(201, body);
    }

    /** {@code DELETE /body/log/weight/{logId}.json}. */
    ApiAnswer delete(RoutingContext ctx, FitbitUser user) {
        long logId = Long.parseLong(ctx.pathParam("logId"));
        return user.deleteWeightLog(logId)
                .map(removed -> ApiAnswer.noContent())
                .orElseThrow(() -> ApiProblem.notFound("Weight log " + logId + " not found"));
    }

    private static ObjectNode json(FitbitWeightLog log, FitbitUser user, FitbitWeightUnit unit) {
        ObjectNode json = SandboxJson.object();
        json.put("bmi", user.bmi(log.kg()));
        json.put("date", log.time().toLocalDate().toString());
        json.put("logId", log.logId());
        json.put("source", log.source());
        json.put("time", TIME.format(log.time()));
        json.put("weight", unit.fromKg(log.kg()));
        return json;
    }

    private static FitbitWeightUnit unit(RoutingContext ctx) {
        return FitbitWeightUnit.forAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    }

    private static double weight(String text) {
        if (text == null) {
            throw ApiProblem.invalid("weight", "weight is required");
        }
        try {
            double weight = Double.parseDouble(text);
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw ApiProblem.invalid("weight", "weight must be a positive number");
            }
            return weight;
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("weight", "Invalid weight:" + text);
        }
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("time", "Invalid time:" + text + " (HH:mm:ss)");
        }
    }
}
