package sandbox.googlehealth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import sandbox.common.ApiProblem;

/**
 * Where the next page of a list continues: after the last point returned, in the list order (start
 * descending, then insertion). It also fixes the request it belongs to, since "all other parameters must
 * match the call that provided the page token"; a token from another request is refused.
 */
record GoogleHealthPageToken(String request, long startSeconds, int startNanos, long seq) {

    static GoogleHealthPageToken after(String request, GoogleHealthPoint lastReturned) {
        return new GoogleHealthPageToken(request, lastReturned.start().getEpochSecond(), lastReturned.start().getNano(),
                lastReturned.seq());
    }

    /** True for points that come after the token's point in the list order, i.e. belong to the following pages. */
    boolean precedes(GoogleHealthPoint point) {
        int byStart = point.start().compareTo(Instant.ofEpochSecond(startSeconds, startNanos));
        return byStart != 0 ? byStart < 0 : point.seq() < seq;
    }

    String encode() {
        String plain = "v1|" + request + "|" + startSeconds + "|" + startNanos + "|" + seq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static GoogleHealthPageToken decode(String token, String request) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 5 || !"v1".equals(parts[0])) {
                throw invalidToken();
            }
            if (!parts[1].equals(request)) {
                throw new ApiProblem(400, null, "The page token does not belong to this request: all other parameters must match "
                        + "the call that returned it.");
            }
            return new GoogleHealthPageToken(parts[1], Long.parseLong(parts[2]), Integer.parseInt(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
    }

    private static ApiProblem invalidToken() {
        return new ApiProblem(400, null, "Invalid page token.");
    }
}
