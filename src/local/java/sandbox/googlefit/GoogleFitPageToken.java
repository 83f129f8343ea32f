package sandbox.googlefit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import sandbox.common.ApiProblem;

/**
 * Where the next page of a dataset read continues. Google pages from the end of the range
 * backwards ("limit is applied from the end of the time range"; each next page has end times
 * smaller than the previous page's). Points are ordered by end, start and insertion, and the
 * token names the oldest point already returned, so pages stay exact when points share times
 * or are inserted between page reads.
 */
record GoogleFitPageToken(long endNanos, long startNanos, long seq) {

    static final Comparator<GoogleFitPoint> PAGE_ORDER = Comparator.comparingLong(GoogleFitPoint::endNanos)
            .thenComparingLong(GoogleFitPoint::startNanos)
            .thenComparingLong(GoogleFitPoint::seq);

    static GoogleFitPageToken at(GoogleFitPoint oldestReturned) {
        return new GoogleFitPageToken(oldestReturned.endNanos(), oldestReturned.startNanos(), oldestReturned.seq());
    }

    /** True for points that come before this token, i.e. belong to the following pages. */
    boolean comesAfter(GoogleFitPoint point) {
        int byEnd = Long.compare(point.endNanos(), endNanos);
        if (byEnd != 0) {
            return byEnd < 0;
        }
        int byStart = Long.compare(point.startNanos(), startNanos);
        return byStart != 0 ? byStart < 0 : point.seq() < seq;
    }

    String encode() {
        String plain = "v1:" + endNanos + ":" + startNanos + ":" + seq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static GoogleFitPageToken decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 4 || !"v1".equals(parts[0])) {
                throw ApiProblem.invalid("pageToken", "Invalid page token.");
            }
            return new GoogleFitPageToken(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("pageToken", "Invalid page token.");
        }
    }
}
