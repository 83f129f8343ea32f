package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * The window of a Fitbit intraday request for a minute resource (steps, heart rate):
 * {@code /date/{start}/{end|1d}/{detail}.json}, optionally followed by {@code /time/{HH:mm}/{HH:mm}}.
 * Reading of the Fitbit docs where they are thin:
 * <ul>
 * <li>the window runs from the start time on the start date to the end time (inclusive minute)
 *     on the end date, and may span at most 24 hours; without a time window a range of two
 *     dates is 48 hours and therefore refused;</li>
 * <li>across midnight the dataset simply continues with the next day's clock times, as Fitbit's
 *     dataset rows carry only a time; the daily part lists both dates;</li>
 * <li>5min/15min buckets start on clock multiples of the interval and hold the window's minutes only.</li>
 * </ul>
 */
record FitbitIntradayWindow(LocalDateTime start, LocalDateTime last, Detail detail) {

    /** A detail level of the path and how its dataset is labelled. */
    enum Detail {
        /** The sandbox keeps one reading a minute, so a 1sec dataset holds those readings at second :00. */
        SECOND("1sec", "second", 1, 1),
        MINUTE("1min", "minute", 1, 1),
        FIVE_MINUTES("5min", "minute", 5, 5),
        FIFTEEN_MINUTES("15min", "minute", 15, 15);

        private final String path;
        private final String datasetType;
        private final int datasetInterval;
        private final int bucketMinutes;

        Detail(String path, String datasetType, int datasetInterval, int bucketMinutes) {
            this.path = path;
            this.datasetType = datasetType;
            this.datasetInterval = datasetInterval;
            this.bucketMinutes = bucketMinutes;
        }
    }

    /** One local date's part of the window: all 1,440 minute values of that day and the window's minutes of it. */
    record DaySlice(LocalDate date, int[] minutes, int first, int last) {

        /** The values of the window's minutes on this date, zero where nothing was recorded. */
        IntStream windowValues() {
            return Arrays.stream(minutes, first, last + 1);
        }
    }

    /** A dataset row before a resource turns it into a value: the minutes' sum and how many had a value. */
    record Bucket(LocalDateTime start, long sum, int recorded) {
    }

    private static final DateTimeFormatter DATASET_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * Reads the window from the path parameters {@code first}, {@code second}, {@code detail} and the
     * optional {@code from}/{@code to}; {@code resource} names the series in error messages.
     */
    static FitbitIntradayWindow parse(RoutingContext ctx, LocalDate today, Set<Detail> offered, String resource) {
        Detail detail = offered.stream().filter(level -> level.path.equals(ctx.pathParam("detail"))).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("detail-level",
                        "Invalid detail level for " + resource + ": " + ctx.pathParam("detail")));
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
        if (Duration.between(start, last).toMinutes() >= FitbitMinuteSeries.MINUTES_PER_DAY) {
            throw ApiProblem.invalid("end-date", "The intraday time range is limited to 24 hours");
        }
        return new FitbitIntradayWindow(start, last, detail);
    }

    /** The window cut at midnight, each part with its whole day's minutes from {@code minutesOfDay}. */
    List<DaySlice> slices(Function<LocalDate, int[]> minutesOfDay) {
        List<DaySlice> slices = new ArrayList<>();
        for (LocalDate date = start.toLocalDate(); !date.isAfter(last.toLocalDate()); date = date.plusDays(1)) {
            int first = date.equals(start.toLocalDate()) ? minuteOfDay(start) : 0;
            int lastMinute = date.equals(last.toLocalDate()) ? minuteOfDay(last) : FitbitMinuteSeries.MINUTES_PER_DAY - 1;
            slices.add(new DaySlice(date, minutesOfDay.apply(date), first, lastMinute));
        }
        return slices;
    }

    /** The window's minutes grouped into the detail level's buckets, in time order, empty buckets included. */
    List<Bucket> buckets(List<DaySlice> slices) {
        Map<LocalDateTime, Bucket> buckets = new LinkedHashMap<>();
        for (DaySlice slice : slices) {
            for (int minute = slice.first(); minute <= slice.last(); minute++) {
                LocalDateTime bucketStart = slice.date().atStartOfDay()
                        .plusMinutes(minute - minute % detail.bucketMinutes);
                int value = slice.minutes()[minute];
                buckets.merge(bucketStart, new Bucket(bucketStart, value, value > 0 ? 1 : 0),
                        (a, b) -> new Bucket(a.start(), a.sum() + b.sum(), a.recorded() + b.recorded()));
            }
        }
        return new ArrayList<>(buckets.values());
    }

    /** {@code {"dataset":[{"time":"07:31:00","value":54}],"datasetInterval":1,"datasetType":"minute"}} of the rows given. */
    ObjectNode dataset(List<Bucket> rows, ToIntFunction<Bucket> value) {
        ObjectNode intraday = SandboxJson.object();
        ArrayNode dataset = intraday.putArray("dataset");
        rows.forEach(row -> dataset.addObject().put("time", DATASET_TIME.format(row.start())).put("value", value.applyAsInt(row)));
        intraday.put("datasetInterval", detail.datasetInterval);
        intraday.put("datasetType", detail.datasetType);
        return intraday;
    }

    private static int minuteOfDay(LocalDateTime time) {
        return time.getHour() * 60 + time.getMinute();
    }
}
