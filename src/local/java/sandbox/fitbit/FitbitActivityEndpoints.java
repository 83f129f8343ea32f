package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** Fitbit's steps time series: daily totals and intraday minute data. */
final class FitbitActivityEndpoints {

    /** Fitbit's documented maximum for activity time series by date range. */
    private static final int MAX_DAILY_RANGE_DAYS = 1095;
    private static final Set<FitbitIntradayWindow.Detail> DETAIL_LEVELS = EnumSet.of(FitbitIntradayWindow.Detail.MINUTE,
            FitbitIntradayWindow.Detail.FIVE_MINUTES, FitbitIntradayWindow.Detail.FIFTEEN_MINUTES);

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
     * {@code /time/{HH:mm}/{HH:mm}} (window rules: {@link FitbitIntradayWindow}). Every minute appears,
     * zeros included; each daily value is the step total inside the window on that date, and a
     * 5min/15min row is the sum of its minutes.
     */
    ApiAnswer intradaySteps(RoutingContext ctx, FitbitUser user) {
        FitbitIntradayWindow window = FitbitIntradayWindow.parse(ctx, user.today(clock.instant()), DETAIL_LEVELS, "steps");
        List<FitbitIntradayWindow.DaySlice> slices = window.slices(user::minuteSteps);

        ObjectNode body = SandboxJson.object();
        ArrayNode daily = body.putArray("activities-steps");
        slices.forEach(slice -> daily.addObject().put("dateTime", slice.date().toString())
                .put("value", Long.toString(slice.windowValues().asLongStream().sum())));
        body.set("activities-steps-intraday", window.dataset(window.buckets(slices), bucket -> (int) bucket.sum()));
        return ApiAnswer.ok(body);
    }
}
