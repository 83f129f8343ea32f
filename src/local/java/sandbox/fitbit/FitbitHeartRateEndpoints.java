package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** Fitbit's heart-rate time series: daily summaries and intraday readings (docs/providers/fitbit.md §2.2). */
final class FitbitHeartRateEndpoints {

    private static final Set<FitbitIntradayWindow.Detail> DETAIL_LEVELS = EnumSet.allOf(FitbitIntradayWindow.Detail.class);

    private final Clock clock;

    FitbitHeartRateEndpoints(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code /activities/heart/date/{start}/{end}.json} and {@code /date/{date}/{period}.json}: one
     * summary per date, days without readings included (zones with zero minutes, no resting rate).
     * The range is limited to one year, as Fitbit's reference states.
     */
    ApiAnswer daily(RoutingContext ctx, FitbitUser user) {
        FitbitDateRange range = FitbitDateRange.parse(ctx.pathParam("first"), ctx.pathParam("second"),
                FitbitDateRange.HEART_PERIODS, user.today(clock.instant()));
        if (range.end().isAfter(range.start().plusYears(1).minusDays(1))) {
            throw ApiProblem.invalid("end-date", "The date range is limited to 1 year");
        }
        ObjectNode body = SandboxJson.object();
        ArrayNode days = body.putArray("activities-heart");
        for (LocalDate date : range.dates()) {
            int[] minutes = user.minuteHeartRates(date);
            days.addObject().put("dateTime", date.toString())
                    .set("value", user.heartRateZones().dailyValue(Arrays.stream(minutes), minutes));
        }
        return ApiAnswer.ok(body);
    }

    /**
     * {@code /activities/heart/date/{start}/{end|1d}/{1sec|1min|5min|15min}.json}, optionally followed by
     * {@code /time/{HH:mm}/{HH:mm}} (window rules: {@link FitbitIntradayWindow}, shared with steps).
     * Unlike steps, only rows with a reading appear (Fitbit leaves out minutes the tracker was not worn);
     * a 5min/15min row is the rounded mean of its readings. Each daily summary counts zone minutes
     * inside the window; its resting rate is the whole day's.
     */
    ApiAnswer intraday(RoutingContext ctx, FitbitUser user) {
        FitbitIntradayWindow window = FitbitIntradayWindow.parse(ctx, user.today(clock.instant()), DETAIL_LEVELS, "heart");
        List<FitbitIntradayWindow.DaySlice> slices = window.slices(user::minuteHeartRates);

        ObjectNode body = SandboxJson.object();
        ArrayNode daily = body.putArray("activities-heart");
        slices.forEach(slice -> daily.addObject().put("dateTime", slice.date().toString())
                .set("value", user.heartRateZones().dailyValue(slice.windowValues(), slice.minutes())));
        List<FitbitIntradayWindow.Bucket> read = window.buckets(slices).stream().filter(bucket -> bucket.recorded() > 0).toList();
        body.set("activities-heart-intraday",
                window.dataset(read, bucket -> (int) Math.round((double) bucket.sum() / bucket.recorded())));
        return ApiAnswer.ok(body);
    }
}
