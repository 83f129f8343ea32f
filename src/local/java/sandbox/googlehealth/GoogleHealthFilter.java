package sandbox.googlehealth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.common.ApiProblem;

/**
 * The AIP-160 subset the Google Health API accepts on list: a time range, physical (RFC 3339) or civil
 * ({@code YYYY-MM-DD[THH:mm:ss]}), on the fields each kind of type offers — intervals by start
 * ({@code steps.interval.start_time}, {@code .civil_start_time}), samples by sample time
 * ({@code heart_rate.sample_time.physical_time}, {@code .civil_time}), sleep by its end
 * ({@code sleep.interval.end_time}, {@code .civil_end_time}) and exercise by its civil start only
 * ({@code exercise.interval.civil_start_time}) — with {@code >=} and {@code <} joined by {@code AND}. Anything else
 * is refused with the catalog's reasons. (The API also accepts OR for sleep; the sandbox does not.)
 */
final class GoogleHealthFilter {

    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z0-9_-]+)\\.([a-z_.]+)\\s*(>=|<=|!=|>|<|=|:)\\s*\"([^\"]*)\"\\s*");
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+");
    private static final Pattern OR = Pattern.compile("\\s+OR\\s+");
    private static final DateTimeFormatter CIVIL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private static final GoogleHealthFilter ALL = new GoogleHealthFilter(null, null, null, null, false);

    private final Instant physicalFrom;
    private final Instant physicalTo;
    private final LocalDateTime civilFrom;
    private final LocalDateTime civilTo;

    private final boolean byEnd;

    private GoogleHealthFilter(Instant physicalFrom, Instant physicalTo, LocalDateTime civilFrom, LocalDateTime civilTo,
                               boolean byEnd) {
        this.byEnd = byEnd;
        this.physicalFrom = physicalFrom;
        this.physicalTo = physicalTo;
        this.civilFrom = civilFrom;
        this.civilTo = civilTo;
    }

    static GoogleHealthFilter parse(String text, GoogleHealthDataType type) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        if (OR.matcher(text).find()) {
            throw invalid("INVALID_DATA_POINT_FILTER", "Invalid filter: OR is not supported for " + type.id() + ".");
        }
        Instant physicalFrom = null;
        Instant physicalTo = null;
        LocalDateTime civilFrom = null;
        LocalDateTime civilTo = null;
        for (String term : AND.split(text.trim())) {
            Matcher matcher = TERM.matcher(term);
            if (!matcher.matches()) {
                throw invalid("INVALID_DATA_POINT_FILTER_SYNTAX", "Invalid filter syntax.");
            }
            String dataType = matcher.group(1);
            String field = matcher.group(2);
            String operator = matcher.group(3);
            String literal = matcher.group(4);
            if (!dataType.equals(type.filterId())) {
                // hyphens (the path's spelling) and other types' fields land here, as with the real API
                throw invalid("INVALID_DATA_POINT_FILTER", "Invalid filter: '" + dataType + "' does not name the data type "
                        + type.filterId() + ".");
            }
            boolean lower = ">=".equals(operator);
            if (!lower && !"<".equals(operator)) {
                throw invalid("INVALID_DATA_POINT_FILTER", "Invalid filter: only >= and < are supported.");
            }
            if (field.equals(type.physicalFilterField())) {
                Instant bound = physical(literal);
                if (lower) {
                    physicalFrom = later(physicalFrom, bound);
                } else {
                    physicalTo = earlier(physicalTo, bound);
                }
            } else if (field.equals(type.civilFilterField())) {
                LocalDateTime bound = civil(literal);
                if (lower) {
                    civilFrom = civilFrom == null || bound.isAfter(civilFrom) ? bound : civilFrom;
                } else {
                    civilTo = civilTo == null || bound.isBefore(civilTo) ? bound : civilTo;
                }
            } else {
                throw invalid("INVALID_DATA_POINT_FILTER", "Invalid filter: unsupported field " + dataType + "." + field + ".");
            }
        }
        if ((physicalFrom != null || physicalTo != null) && (civilFrom != null || civilTo != null)) {
            throw invalid("INVALID_DATA_POINT_FILTER", "Invalid filter: give either a physical or a civil time range.");
        }
        return new GoogleHealthFilter(physicalFrom, physicalTo, civilFrom, civilTo, type.filteredByEnd());
    }

    boolean matches(GoogleHealthPoint point) {
        Instant time = byEnd ? point.end() : point.start();
        LocalDateTime civil = byEnd ? point.civilEnd() : point.civilStart();
        return (physicalFrom == null || !time.isBefore(physicalFrom))
                && (physicalTo == null || time.isBefore(physicalTo))
                && (civilFrom == null || !civil.isBefore(civilFrom))
                && (civilTo == null || civil.isBefore(civilTo));
    }

    private static Instant physical(String literal) {
        try {
            return OffsetDateTime.parse(literal, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("INVALID_FILTER_FORMAT", "Invalid filter format: expected an RFC 3339 timestamp, got \"" + literal + "\".");
        }
    }

    private static LocalDateTime civil(String literal) {
        try {
            return literal.length() == 10 ? LocalDate.parse(literal).atStartOfDay() : LocalDateTime.parse(literal, CIVIL_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw invalid("INVALID_FILTER_FORMAT", "Invalid filter format: expected YYYY-MM-DD[THH:mm:ss], got \"" + literal + "\".");
        }
    }

    private static Instant later(Instant current, Instant bound) {
        return current == null || bound.isAfter(current) ? bound : current;
    }

    private static Instant earlier(Instant current, Instant bound) {
        return current == null || bound.isBefore(current) ? bound : current;
    }

    private static ApiProblem invalid(String reason, String message) {
        return new ApiProblem(400, reason, message);
    }
}
