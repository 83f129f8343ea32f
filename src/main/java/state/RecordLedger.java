package state;

import static state.AttributeValues.s;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;

import conflict.ConflictResolver;
import model.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each connection's records ledger: the fate of every source record a job decided — written, skipped, merged, failed —
 * kept for {@code syncwell.records.retention}. One item holds what one job decided of one data type for the records
 * starting on one UTC day, gzipped (a day of heart-rate samples is thousands of fates), keyed
 * {@code connectionId} + {@code <day>#<dataType>#<jobId>#<part>}: a job's write is one BatchWriteItem of a few items, a
 * retried job writes the same items again, and a period is read by one Query over its days.
 */
public class RecordLedger {

    /** Fates an item holds at most: a day of minute samples in one, well under DynamoDB's 400 KB once gzipped. */
    static final int PART_SIZE = 2000;
    private static final TypeReference<List<Fate>> FATES = new TypeReference<>() {
    };

    /**
     * One ledger item, as the table holds it ({@code expiresAt}: epoch seconds, DynamoDB's TTL). What its fates share —
     * their job, type, destination and when the job decided them — is said once, on the item.
     *
     * @param position {@code <day>#<dataType>#<jobId>#<part>}
     * @param fates    the gzipped JSON list of each record's own part of its fate ({@link Fate})
     */
    public record Part(String connectionId, String position, String dataType, String jobId, String destination, Instant at,
                       byte[] fates, long expiresAt) {
    }

    /** A record's own part of its fate, as an item keeps it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fate(String sourceId, Instant start, Instant end, String kind, String outcome, String detail, String writtenAs,
                String heldBy) {

        static Fate of(RecordFate fate) {
            return new Fate(fate.sourceId(), fate.start(), fate.end(), fate.kind(), fate.outcome(), fate.detail(), fate.writtenAs(),
                    fate.heldBy());
        }

        RecordFate in(Map<String, AttributeValue> item) {
            return new RecordFate(item.get("dataType").s(), sourceId, start, end, kind, outcome, detail,
                    item.containsKey("destination") ? item.get("destination").s() : null, writtenAs, heldBy,
                    item.get("jobId").s(), Instant.parse(item.get("at").s()));
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public RecordLedger(DynamoDbClient dynamo, Tables tables, Duration retention) {
        this.dynamo = dynamo;
        this.table = tables.records();
        this.retention = retention;
    }

    /**
     * Keeps what one job decided of its records: all of one data type and destination, decided at one time (the first
     * fate's); nothing for none.
     */
    public void record(String connectionId, String jobId, List<RecordFate> fates) {
        if (fates.isEmpty()) {
            return;
        }
        RecordFate first = fates.get(0);
        long expiresAt = first.at().plus(retention).getEpochSecond();
        Map<String, List<RecordFate>> byDay = new TreeMap<>();
        for (RecordFate fate : fates) {
            byDay.computeIfAbsent(day(fate.start()) + "#" + fate.dataType(), key -> new ArrayList<>()).add(fate);
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        byDay.forEach((dayAndType, ofDay) -> {
            for (int from = 0, part = 0; from < ofDay.size(); from += PART_SIZE, part++) {
                List<RecordFate> slice = ofDay.subList(from, Math.min(ofDay.size(), from + PART_SIZE));
                items.add(item(new Part(connectionId, dayAndType + "#" + jobId + "#" + part, slice.get(0).dataType(), jobId,
                        first.destination(), first.at(), gzip(slice.stream().map(Fate::of).toList()), expiresAt)));
            }
        });
        ItemBatches.putAll(dynamo, table, items);
    }

    /**
     * The fate of each record starting in [from, to), newest first: of a record several jobs saw (a sync's window
     * overlaps the one before), the latest decision — but a later "already at the destination" does not hide the
     * write that put it there.
     *
     * @param dataType only this type's records, when given
     */
    public List<RecordFate> read(String connectionId, Instant from, Instant to, Optional<String> dataType) {
        Map<String, RecordFate> latest = new LinkedHashMap<>();
        String last = day(to.minusNanos(1)) + "#\uffff";
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("connectionId = :c AND #p BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#p", "position"))
                        .expressionAttributeValues(Map.of(":c", s(connectionId), ":from", s(day(from)), ":to", s(last))))
                .items().stream()
                .filter(item -> dataType.map(type -> type.equals(item.get("dataType").s())).orElse(true))
                .flatMap(item -> gunzip(item.get("fates").b().asByteArray()).stream().map(fate -> fate.in(item)))
                .filter(fate -> !fate.start().isBefore(from) && fate.start().isBefore(to))
                .forEach(fate -> latest.merge(fate.dataType() + "\n" + fate.sourceId() + "\n" + fate.start(), fate, RecordLedger::telling));
        List<RecordFate> fates = new ArrayList<>(latest.values());
        fates.sort(Comparator.comparing(RecordFate::start).reversed().thenComparing(RecordFate::dataType)
                .thenComparing(RecordFate::sourceId));
        return fates;
    }

    /** Of two decisions about one record, the one a person should see. */
    private static RecordFate telling(RecordFate one, RecordFate other) {
        RecordFate earlier = one.at().isAfter(other.at()) ? other : one;
        RecordFate later = earlier == one ? other : one;
        boolean laterOnlyFoundIt = RecordFate.SKIPPED.equals(later.outcome()) && ConflictResolver.ALREADY_PRESENT.equals(later.detail());
        boolean earlierPutItThere = RecordFate.WRITTEN.equals(earlier.outcome()) || RecordFate.MERGED.equals(earlier.outcome());
        return laterOnlyFoundIt && earlierPutItThere ? earlier : later;
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static Map<String, AttributeValue> item(Part part) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("connectionId", s(part.connectionId()));
        item.put("position", s(part.position()));
        item.put("dataType", s(part.dataType()));
        item.put("jobId", s(part.jobId()));
        if (part.destination() != null) {
            item.put("destination", s(part.destination()));
        }
        item.put("at", s(part.at().toString()));
        item.put("fates", AttributeValue.fromB(SdkBytes.fromByteArray(part.fates())));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(part.expiresAt())));
        return item;
    }

    /** The fates as gzipped JSON, at the fastest level: written by every job, read only when someone looks. */
    private static byte[] gzip(List<Fate> fates) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new FastGzip(bytes)) {
            Json.MAPPER.writeValue(out, fates);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger's fates", e);
        }
        return bytes.toByteArray();
    }

    private static List<Fate> gunzip(byte[] fates) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(fates))) {
            return Json.MAPPER.readValue(in, FATES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's fates", e);
        }
    }

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
