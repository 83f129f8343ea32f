package sandbox.fitbit;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sandbox.common.ApiProblem;

/**
 * The inclusive local-date range of a Fitbit time-series path: {@code /date/{start}/{end}} or
 * {@code /date/{date}/{period}}, where the period counts back from {@code date}.
 */
record FitbitDateRange(LocalDate start, LocalDate end) {

    static final Set<String> STEP_PERIODS = Set.of("1d", "7d", "30d", "1w", "1m", "3m", "6m", "1y");
    static final Set<String> WEIGHT_PERIODS = Set.of("1d", "7d", "30d", "1w", "1m");
    static final Set<String> HEART_PERIODS = Set.of("1d", "7d", "30d", "1w", "1m");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * @param today the user's local date, for the "today" keyword Fitbit accepts in place of a date
     */
    static FitbitDateRange parse(String first, String second, Set<String> periods, LocalDate today) {
        LocalDate anchor = date(first, "date", today);
        if (periods.contains(second)) {
            return new FitbitDateRange(startOfPeriod(anchor, second), anchor);
        }
        if (second.matches("\\d+[dwmy]")) {
            throw ApiProblem.invalid("period", "Invalid period: " + second);
        }
        LocalDate end = date(second, "end-date", today);
        if (end.isBefore(anchor)) {
            throw ApiProblem.invalid("end-date", "End date must not be before start date");
        }
        return new FitbitDateRange(anchor, end);
    }

    static LocalDate date(String text, String field, LocalDate today) {
        if ("today".equals(text)) {
            return today;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "Invalid date:" + text);
        }
    }

    static LocalTime time(String text, String field) {
        try {
            return LocalTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "Invalid time:" + text);
        }
    }

    long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate date = start; !date.isAfter(end); date = date.plusDays(1)) {
            dates.add(date);
        }
        return dates;
    }

    /** Periods end on (and include) the anchor date: 7d is the anchor and the six days before. */
    private static LocalDate startOfPeriod(LocalDate anchor, String period) {
        return switch (period) {
            case "1d" -> anchor;
            case "7d", "1w" -> anchor.minusDays(6);
            case "30d" -> anchor.minusDays(29);
            case "1m" -> anchor.minusMonths(1).plusDays(1);
            case "3m" -> anchor.minusMonths(3).plusDays(1);
            case "6m" -> anchor.minusMonths(6).plusDays(1);
            case "1y" -> anchor.minusYears(1).plusDays(1);
            default -> throw ApiProblem.invalid("period", "Invalid period: " + period);
        };
    }
}
