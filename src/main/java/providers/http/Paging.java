package providers.http;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import failures.PermanentSyncException;

/**
 * The paging loop every provider needs, whatever its style — page numbers (Strava, Wahoo), offsets with a
 * {@code more} flag (Withings), next-page tokens (Google), next links (Fitbit): fetch a page, get the cursor of the
 * next one or none. A provider that hands out a cursor it gave before, or pages without end, would keep a worker
 * forever; both are refused as permanent failures, never as a silently partial read.
 */
public final class Paging {

    /** More than any user's data for one window needs; past it, the provider is looping. */
    public static final int MAX_PAGES = 10_000;

    private Paging() {
    }

    /**
     * Calls {@code page} with {@code first}, then with each cursor it answers, until it answers none.
     *
     * @param page reads one page (collecting its records) and answers the next page's cursor, if any
     */
    public static <C> void follow(String provider, C first, Function<C, Optional<C>> page) {
        Set<C> seen = new HashSet<>();
        seen.add(first);
        C cursor = first;
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            Optional<C> next = page.apply(cursor);
            if (next.isEmpty()) {
                return;
            }
            if (!seen.add(next.get())) {
                throw new PermanentSyncException(provider + " answered a page cursor it had already given: paging would not end");
            }
            cursor = next.get();
        }
        throw new PermanentSyncException(provider + " answered more than " + MAX_PAGES + " pages for one window");
    }
}
