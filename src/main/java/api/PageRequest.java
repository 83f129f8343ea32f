package api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ?limit&cursor} of a listing: how many items an answer holds at most, and where the previous answer stopped.
 * The body stays a JSON array; a further page is announced by {@code Link: <…?limit=N&cursor=C>; rel="next"} (RFC
 * 8288). A cursor is opaque to clients: base64url of a position only the listing understands.
 */
record PageRequest(int limit, Optional<String> position) {

    private static final int MAX_CURSOR_LENGTH = 512;

    static PageRequest of(ApiRequest request, int defaultLimit, int maxLimit) {
        int limit = request.optionalParam("limit").map(value -> limit(value, maxLimit)).orElse(defaultLimit);
        return new PageRequest(limit, request.optionalParam("cursor").map(PageRequest::position));
    }

    /**
     * The answer with {@code items}, and a link to the next page when {@code next} (the position after them) is given;
     * {@code path} may carry the listing's filters as a query.
     */
    ApiResponse answer(String path, List<?> items, Optional<String> next) {
        if (next.isEmpty()) {
            return ApiResponse.ok(items);
        }
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(next.get().getBytes(StandardCharsets.UTF_8));
        String separator = path.contains("?") ? "&" : "?";
        return new ApiResponse(200, items, Map.of("Link", "<" + path + separator + "limit=" + limit + "&cursor=" + cursor
                + ">; rel=\"next\""));
    }

    private static int limit(String value, int maxLimit) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + maxLimit);
    }

    private static String position(String cursor) {
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw ApiProblem.badRequest("cursor is not one this listing gave");
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw ApiProblem.badRequest("cursor is not one this listing gave");
        }
    }
}
