package providers.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;

/**
 * Values read out of one provider's answers, the same way for every provider: what counts as absent, that numbers may
 * come as strings (Fitbit's time series, proto3's int64, Wahoo's decimals), and a reason naming the provider and what
 * was wrong — never the value, which may be the user's data. A value that is not what it should be is a permanent
 * failure: the answer will not read better the next time.
 */
public final class WireValues {

    /**
     * A number written as a string, as providers write them: a plain decimal. Not Java's wider float syntax ("NaN",
     * "0x1p3", "1d"), no exponent, no blanks around it — a string such as " 52.3" or "1e3" is not what they send.
     */
    private static final Pattern NUMBER_TEXT = Pattern.compile("-?\\d{1,18}(\\.\\d{1,18})?");
    private static final Pattern INTEGER_TEXT = Pattern.compile("-?\\d{1,18}");

    private final String provider;

    public WireValues(String provider) {
        this.provider = provider;
    }

    /** The field as text; null when it is absent, null, an object or an array. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    /** The text of a field the record cannot do without. */
    public String requiredText(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw unexpected("a " + what + " without " + field);
        }
        return value;
    }

    /** A whole number, sent as one or as a decimal string. */
    public long integer(JsonNode value, String what) {
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value != null && value.isTextual() && INTEGER_TEXT.matcher(value.asText()).matches()) {
            return Long.parseLong(value.asText());
        }
        throw unexpected("a " + what + " that is not an integer");
    }

    /** A finite number, sent as one or as a numeric string. */
    public double number(JsonNode value, String what) {
        Double number = finite(value);
        if (number == null) {
            throw unexpected("a " + what + " that is not a number");
        }
        return number;
    }

    /** A finite number, or null when it is absent, null or an empty string. */
    public Double optionalNumber(JsonNode value, String what) {
        return absent(value) ? null : number(value, what);
    }

    /** A finite number above zero: a weight, a heart rate. */
    public double positive(JsonNode value, String what) {
        Double number = finite(value);
        if (number == null || number <= 0) {
            throw unexpected("a " + what + " that is not a positive number");
        }
        return number;
    }

    /** An RFC 3339 time with its offset ({@code 2024-03-01T07:00:00.000Z}). */
    public Instant rfc3339(JsonNode value, String what) {
        if (value == null || !value.isTextual()) {
            throw unexpected("a data point without its " + what);
        }
        try {
            return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw unexpected("a " + what + " that is not an RFC 3339 time");
        }
    }

    /** What the provider sent, said of the provider: {@code <id> sent <what>}. */
    public PermanentSyncException unexpected(String what) {
        return new PermanentSyncException(provider + " sent " + what);
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isTextual() && value.asText().isEmpty());
    }

    /** The value as a finite number; null when it is none. */
    private static Double finite(JsonNode value) {
        double number;
        if (value != null && value.isNumber()) {
            number = value.asDouble();
        } else if (value != null && value.isTextual() && NUMBER_TEXT.matcher(value.asText()).matches()) {
            number = Double.parseDouble(value.asText());
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }
}
