package api;

import java.util.Map;

/** Status, JSON body (null for none) and extra headers of an API answer. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, body, Map.of("Location", location));
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }
}
