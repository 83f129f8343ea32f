package sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fitbit's steps time series: daily totals and intraday minute data. */
final class FitbitActivityEndpoints {

    /** Fitbit's documented maximum for activity time series by date range. */
    private static final int MAX_DAILY_RANGE_DAYS = 1095;
    private static final DateTimeFormatter DATASET_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;

    FitbitActivityEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** {@code /activities/steps/date/{start}/{end}.json} and {@code /date/{date}/{period}.json}. */
    ApiAnswer dailySteps(RoutingContext ctx, FitbitUser user) {
        FitbitDateRange range = FitbitDateRange.parse(ctx.pathParam("first"), ctx.pathParam("second"),
                FitbitDateRange.STEP_PERIODS, user.today(clock.instant()));
        if (range.days() > MAX_DAILY_RANGE_DAYS) {
            throw ApiProblem.invalid("end-date", "The date range is limited to " + MAX_DAILY_RANGE_DAYS + " days");
        }
        ObjectNode body = SandboxJson.object();
        ArrayNode days = body.putArray("activities-steps");
        for (LocalDate date : range.dates()) {
            days.addObject().put("dateTime", date.toString()).put("value", Long.toString(user.totalSteps(date)));
        }
        return ApiAnswer.ok(body);
    }

    /**
     * {@code /activities/steps/date/{start}/{end|1d}/{detail}.json}, optionally followed by
     * {@code /time/{HH:mm}/{HH:mm}}. Reading of the Fitbit docs where they are thin:
     * <ul>
     * <li>the window runs from the start time on the start date to the end time (inclusive minute)
     *     on the end date, and may span at most 24 hours; without a time window a range of two
     *     dates is 48 hours and therefore refused;</li>
     * <li>across midnight the dataset simply continues with the next day's clock times, as Fitbit's
     *     dataset rows carry only a time; the daily part lists both dates;</li>
     * <li>each daily value is the step total inside the requested window on that date;</li>
     * <li>5min/15min buckets start on clock multiples of the interval and sum the window's minutes.</li>
     * </ul>
     */
    ApiAnswer intradaySteps(RoutingContext ctx, FitbitUser user) {
        int interval = detailMinutes(ctx.pathParam("detail"));
        LocalDate today = user.today(clock.instant());
        LocalDate startDate = FitbitDateRange.date(ctx.pathParam("first"), "date", today);
        String second = ctx.pathParam("second");
        if (!"1d".equals(second) && second.matches("\\d+[dwmy]")) {
            throw ApiProblem.invalid("period", "Intraday data is available for the 1d period only");
        }
        LocalDate endDate = "1d".equals(second) ? startDate : FitbitDateRange.date(second, "end-date", today);
        String from = ctx.pathParam("from");
        LocalDateTime start = startDate.atTime(from == null ? LocalTime.MIN : FitbitDateRange.time(from, "start-time"));
        LocalDateTime last = endDate.atTime(from == null ? LocalTime.of(23, 59)
                : FitbitDateRange.time(ctx.pathParam("to"), "end-time"));
        if (last.isBefore(start)) {
            throw ApiProblem.invalid("end-time", "The end of the range must not be before its start");
        }
        if (Duration.between(start, last).toMinutes() >= FitbitMinuteSteps.MINUTES_PER_DAY) {
            throw ApiProblem.invalid("end-date", "The intraday time range is limited to 24 hours");
        }

        Map<LocalDate, int[]> days = new LinkedHashMap<>();
        for (LocalDate date = startDate; !date.isAfter(endDate); date = date.plusDays(1)) {
            days.put(date, user.minuteSteps(date));
        }
        Map<LocalDate, Long> windowTotals = new LinkedHashMap<>();
        Map<LocalDateTime, Integer> buckets = new LinkedHashMap<>();
        for (LocalDateTime minute = start; !minute.isAfter(last); minute = minute.plusMinutes(1)) {
            int minuteOfDay = minute.getHour() * 60 + minute.getMinute();
            int steps = days.get(minute.toLocalDate())[minuteOfDay];
            windowTotals.merge(minute.toLocalDate(), (long) steps, Long::sum);
            LocalDateTime bucket = minute.toLocalDate().atStartOfDay().plusMinutes(minuteOfDay - minuteOfDay % interval);
            buckets.merge(bucket, steps, Integer::sum);
        }

        ObjectNode body = SandboxJson.object();
        ArrayNode daily = body.putArray("activities-steps");
        windowTotals.forEach((date, total) ->
                daily.addObject().put("dateTime", date.toString()).put("value", Long.toString(total)));
        ObjectNode intraday = body.putObject("activities-steps-intraday");
        ArrayNode dataset = intraday.putArray("dataset");
        buckets.forEach((time, steps) -> dataset.addObject().put("time", DATASET_TIME.format(time)).put("value", steps));
        intraday.put("datasetInterval", interval);
        intraday.put("datasetType", "minute");
        return ApiAnswer.ok(body);
    }

    private static int detailMinutes(String detail) {
        return switch (detail) {
            case "1min" -> 1;
            case "5min" -> 5;
            case "15min" -> 15;
            default -> throw ApiProblem.invalid("detail-level", "Invalid detail level for steps: " + detail);
        };
    }
}
