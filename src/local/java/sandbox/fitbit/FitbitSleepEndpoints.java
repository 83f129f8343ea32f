package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * Fitbit's sleep log (API v1.2): read by date or date range (at most 100 days, by {@code dateOfSleep}, the local date a
 * sleep ended — so a day includes the sleep that began the evening before), log a sleep, delete a log. A logged sleep is
 * "classic" without levels: the log endpoint takes only a start and a duration.
 */
final class FitbitSleepEndpoints {

    private static final int MAX_RANGE_DAYS = 100;
    /** A sleep longer than a day is no sleep Fitbit accepts. */
    private static final long MAX_DURATION_MILLIS = 24L * 60 * 60 * 1000;
    /** A sleep of at least three hours counts as the night's main sleep. */
    private static final long MAIN_SLEEP_MILLIS = 3L * 60 * 60 * 1000;
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final Clock clock;

    FitbitSleepEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** {@code /sleep/date/{start}/{end}.json}. */
    ApiAnswer range(RoutingContext ctx, FitbitUser user) {
        LocalDate today = user.today(clock.instant());
        LocalDate start = FitbitDateRange.date(ctx.pathParam("first"), "startDate", today);
        LocalDate end = FitbitDateRange.date(ctx.pathParam("second"), "endDate", today);
        if (end.isBefore(start)) {
            throw ApiProblem.invalid("endDate", "End date must not be before start date");
        }
        if (new FitbitDateRange(start, end).days() > MAX_RANGE_DAYS) {
            throw ApiProblem.invalid("endDate", "The date range is limited to " + MAX_RANGE_DAYS + " days");
        }
        return answer(user, start, end);
    }

    /** {@code /sleep/date/{date}.json}. */
    ApiAnswer day(RoutingContext ctx, FitbitUser user) {
        LocalDate date = FitbitDateRange.date(ctx.pathParam("first"), "date", user.today(clock.instant()));
        return answer(user, date, date);
    }

    private ApiAnswer answer(FitbitUser user, LocalDate start, LocalDate end) {
        ObjectNode body = SandboxJson.object();
        ArrayNode sleep = body.putArray("sleep");
        long asleep = 0;
        long inBed = 0;
        List<FitbitSleepLog> logs = user.sleepLogs(start, end);
        // newest first, as Fitbit lists them
        for (int i = logs.size() - 1; i >= 0; i--) {
            ObjectNode log = json(logs.get(i), user);
            sleep.add(log);
            asleep += log.get("minutesAsleep").asLong();
            inBed += log.get("timeInBed").asLong();
        }
        body.putObject("summary").put("totalMinutesAsleep", asleep).put("totalSleepRecords", logs.size())
                .put("totalTimeInBed", inBed);
        return ApiAnswer.ok(body);
    }

    /** {@code POST /1.2/user/-/sleep.json?startTime=HH:mm&duration=<ms>&date=yyyy-MM-dd}. */
    ApiAnswer log(RoutingContext ctx, FitbitUser user) {
        String startTime = required(ctx, "startTime", "HH:mm");
        String date = required(ctx, "date", "yyyy-MM-dd");
        String duration = required(ctx, "duration", "milliseconds");
        LocalTime time = FitbitDateRange.time(startTime, "startTime");
        LocalDate day = FitbitDateRange.date(date, "date", user.today(clock.instant()));
        long millis;
        try {
            millis = Long.parseLong(duration);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("duration", "Invalid duration:" + duration);
        }
        if (millis <= 0 || millis > MAX_DURATION_MILLIS) {
            throw ApiProblem.invalid("duration", "duration must be between 1 and " + MAX_DURATION_MILLIS + " milliseconds");
        }
        FitbitSleepLog log = user.logSleep(LocalDateTime.of(day, time), millis, FitbitUser.CLASSIC, List.of(), FitbitUser.MANUAL);
        ObjectNode body = SandboxJson.object();
        body.set("sleep", json(log, user));
        return ApiAnswer.json(201, body);
    }

    /** {@code DELETE /1.2/user/-/sleep/{logId}.json}. */
    ApiAnswer delete(RoutingContext ctx, FitbitUser user) {
        long logId = Long.parseLong(ctx.pathParam("logId"));
        return user.deleteSleepLog(logId)
                .map(removed -> ApiAnswer.noContent())
                .orElseThrow(() -> ApiProblem.notFound("Sleep log " + logId + " not found"));
    }

    private static ObjectNode json(FitbitSleepLog log, FitbitUser user) {
        LocalDateTime end = user.sleepEnd(log);
        long timeInBed = log.durationMillis() / 60_000;
        Map<String, long[]> summary = new LinkedHashMap<>();
        (FitbitUser.STAGES.equals(log.type()) ? List.of("deep", "light", "rem", "wake") : List.of("asleep", "awake", "restless"))
                .forEach(level -> summary.put(level, new long[2]));
        long awakeSeconds = 0;
        for (FitbitSleepLog.Level level : log.levels()) {
            long[] counts = summary.get(level.level());
            counts[0]++;
            counts[1] += level.seconds();
            // Fitbit's minutesAsleep leaves out restless minutes as well as awake ones
            if (level.level().equals("wake") || level.level().equals("awake") || level.level().equals("restless")) {
                awakeSeconds += level.seconds();
            }
        }
        // a logged sleep has no levels: all of it counts as asleep, as Fitbit shows a manual log
        long minutesAwake = awakeSeconds / 60;
        long minutesAsleep = timeInBed - minutesAwake;

        ObjectNode json = SandboxJson.object();
        json.put("dateOfSleep", end.toLocalDate().toString());
        json.put("duration", log.durationMillis());
        json.put("efficiency", timeInBed == 0 ? 0 : Math.round(100.0 * minutesAsleep / timeInBed));
        json.put("endTime", LOCAL.format(end));
        json.put("infoCode", 0);
        json.put("isMainSleep", log.durationMillis() >= MAIN_SLEEP_MILLIS);
        ObjectNode levels = json.putObject("levels");
        ArrayNode data = levels.putArray("data");
        log.levels().forEach(level -> data.addObject().put("dateTime", LOCAL.format(level.dateTime()))
                .put("level", level.level()).put("seconds", level.seconds()));
        if (FitbitUser.STAGES.equals(log.type())) {
            // the sandbox's tracker scores no separate short wakes; they would be laid over data
            levels.putArray("shortData");
        }
        ObjectNode levelSummary = levels.putObject("summary");
        summary.forEach((level, counts) -> levelSummary.putObject(level).put("count", counts[0]).put("minutes", counts[1] / 60));
        json.put("logId", log.logId());
        json.put("logType", log.logType());
        json.put("minutesAfterWakeup", 0);
        json.put("minutesAsleep", minutesAsleep);
        json.put("minutesAwake", minutesAwake);
        json.put("minutesToFallAsleep", 0);
        json.put("startTime", LOCAL.format(log.start()));
        json.put("timeInBed", timeInBed);
        json.put("type", log.type());
        return json;
    }

    private static String required(RoutingContext ctx, String name, String format) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(name, name + " is required (" + format + ")");
        }
        return value;
    }
}
