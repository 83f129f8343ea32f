package providers.declared;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.WeightRecord;

/**
 * The canonical model as a declared provider's mapping writes it: one JSON object per record, in SI units, with
 * {@code type} (the data type's API name), {@code time} (unix seconds, or RFC 3339 with an offset), the record's local
 * offset as {@code utcOffset} ({@code +01:00}) or {@code zone} (an IANA name: the offset at that instant; an unknown
 * name leaves UTC, as providers that send zone names expect), {@code id} (the provider's own id of the record) and
 * optionally {@code device}. A weight: {@code {"type":"weight","time":1709276700,"kilograms":72.45,"zone":"Europe/Paris",
 * "id":"5123456789"}}. A mapping that writes something else is a mistake, named by its field (never its value).
 */
public final class CanonicalRecords {

    private final String provider;

    public CanonicalRecords(String provider) {
        this.provider = provider;
    }

    /**
     * One page as a fetch mapping writes it, {@code {"records":[…],"next":…}}: its records, oldest first, and the next
     * page's cursor (null after the last page).
     */
    public record Page(List<HealthRecord> records, Object next) {
    }

    public Page page(Object mapped) {
        if (!(mapped instanceof Map<?, ?> page)) {
            throw wrong("a page that is not an object");
        }
        Object records = page.get("records");
        List<HealthRecord> read = new ArrayList<>();
        for (Object each : records instanceof List<?> list ? list : records == null ? List.of() : List.of(records)) {
            read.add(record(each));
        }
        read.sort(Comparator.comparing(HealthRecord::start));
        return new Page(read, page.get("next"));
    }

    public HealthRecord record(Object mapped) {
        if (!(mapped instanceof Map<?, ?> record)) {
            throw wrong("a record that is not an object");
        }
        String type = text(record, "type");
        DataType dataType = DataType.fromId(type).orElseThrow(() -> wrong("a record of an unknown type"));
        Instant time = time(record.get("time"));
        ZoneOffset offset = offset(record, time);
        Provenance provenance = new Provenance(provider, text(record, "id"), optionalText(record, "device"));
        if (dataType == DataType.WEIGHT) {
            return new WeightRecord(time, number(record, "kilograms"), offset, provenance);
        }
        throw wrong("a " + type + " record, which declared providers do not map yet");
    }

    private Instant time(Object value) {
        if (value instanceof Number seconds && MappingFunctions.isWhole(seconds)) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw wrong("a 'time' that is not RFC 3339 with an offset");
            }
        }
        throw wrong("a 'time' that is neither unix seconds nor RFC 3339");
    }

    private ZoneOffset offset(Map<?, ?> record, Instant time) {
        Object offset = record.get("utcOffset");
        if (offset instanceof String text) {
            try {
                return ZoneOffset.of(text);
            } catch (DateTimeException e) {
                throw wrong("a 'utcOffset' that is not an offset");
            }
        }
        Object zone = record.get("zone");
        if (zone instanceof String name && !name.isBlank()) {
            try {
                return ZoneId.of(name).getRules().getOffset(time);
            } catch (DateTimeException e) {
                return ZoneOffset.UTC;
            }
        }
        return ZoneOffset.UTC;
    }

    private double number(Map<?, ?> record, String field) {
        if (record.get(field) instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        throw wrong("a '" + field + "' that is not a number");
    }

    private String text(Map<?, ?> record, String field) {
        String text = optionalText(record, field);
        if (text == null || text.isBlank()) {
            throw wrong("no '" + field + "'");
        }
        return text;
    }

    /** Text as written; a whole number (JSONata's numbers are doubles) without a fraction or an exponent. */
    private static String optionalText(Map<?, ?> record, String field) {
        Object value = record.get(field);
        if (value instanceof Number number && MappingFunctions.isWhole(number)) {
            return Long.toString(number.longValue());
        }
        return value == null ? null : value.toString();
    }

    private PermanentSyncException wrong(String what) {
        return new PermanentSyncException(provider + "'s mapping wrote " + what);
    }
}
