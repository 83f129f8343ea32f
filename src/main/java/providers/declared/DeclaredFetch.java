package providers.declared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;

import failures.PermanentSyncException;
import model.HealthRecord;
import providers.http.Paging;
import providers.spi.FetchRequest;

/**
 * The steps of a declared provider's {@code <id>-fetch} route around its pages: {@link #begin} takes the
 * {@link FetchRequest} (the provider must read its type), {@link #collect} takes each page as the mapping wrote it —
 * {@code {"records":[…canonical records…],"next":<the next page's cursor, or null>}} — keeping the records that overlap
 * the window, and {@link #records} answers them, oldest first. Paging ends when a page names no next one; a provider
 * that hands out a cursor twice, or pages without end, is refused ({@link Paging}).
 */
public final class DeclaredFetch {

    /** The request being fetched. */
    public static final String REQUEST = "SyncWellFetch";
    /** The cursor of the page to fetch next; absent once the last page was read. */
    public static final String PAGE = "SyncWellPage";
    private static final String RECORDS = "SyncWellFetchedRecords";
    private static final String SEEN = "SyncWellPagesSeen";

    /** Body: the {@link FetchRequest}. Its call is the one {@code provider-http} makes the requests for. */
    public void begin(Exchange exchange) {
        FetchRequest request = exchange.getMessage().getBody(FetchRequest.class);
        exchange.getProperty(DeclaredProvider.PROVIDER, DeclaredProvider.class).checkReads(request);
        exchange.setProperty(REQUEST, request);
        exchange.setProperty(ProviderHttpCall.CALL, request.call());
        exchange.setProperty(RECORDS, new ArrayList<HealthRecord>());
        exchange.setProperty(SEEN, new HashSet<>());
    }

    /** Body: one page as the mapping wrote it. */
    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange) {
        FetchRequest request = exchange.getProperty(REQUEST, FetchRequest.class);
        String provider = request.call().provider();
        CanonicalRecords.Page page = new CanonicalRecords(provider).page(exchange.getMessage().getBody());
        List<HealthRecord> records = exchange.getProperty(RECORDS, List.class);
        page.records().stream().filter(record -> request.window().overlaps(record.start(), record.end())).forEach(records::add);
        nextPage(exchange, provider, page.next());
    }

    /** What the pages held in the window, oldest first. */
    @SuppressWarnings("unchecked")
    public List<HealthRecord> records(Exchange exchange) {
        // the access token the pages were fetched with stays with the fetch
        exchange.removeProperty(ProviderHttpCall.TOKEN);
        List<HealthRecord> records = new ArrayList<>(exchange.getProperty(RECORDS, List.class));
        records.sort(Comparator.comparing(HealthRecord::start));
        return records;
    }

    @SuppressWarnings("unchecked")
    private static void nextPage(Exchange exchange, String provider, Object mappedNext) {
        Object next = cursor(mappedNext);
        if (next == null) {
            exchange.removeProperty(PAGE);
            return;
        }
        Set<Object> seen = exchange.getProperty(SEEN, Set.class);
        Object current = cursor(exchange.getProperty(PAGE));
        if (current != null) {
            seen.add(current);
        }
        if (!seen.add(next)) {
            throw new PermanentSyncException(provider + " answered a page cursor it had already given: paging would not end");
        }
        if (seen.size() > Paging.MAX_PAGES) {
            throw new PermanentSyncException(provider + " answered more than " + Paging.MAX_PAGES + " pages for one window");
        }
        exchange.setProperty(PAGE, next);
    }

    /** A cursor as a request writes it: a whole number (JSONata's are doubles) without a fraction; anything else as text. */
    private static Object cursor(Object value) {
        if (value instanceof Number number && MappingFunctions.isWhole(number)) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        return value == null ? null : value.toString();
    }
}
