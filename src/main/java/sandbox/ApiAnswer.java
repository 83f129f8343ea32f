package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated endpoint answers, kept as data so the gate can add rate-limit headers, delay
 * it or break it (malformed-body faults) before it goes out.
 */
record ApiAnswer(int status, String body, Map<String, String> headers) {

    static ApiAnswer json(int status, JsonNode body) {
        return new ApiAnswer(status, SandboxJson.write(body), Map.of());
    }

    static ApiAnswer ok(JsonNode body) {
        return json(200, body);
    }

    /** A body that is not JSON (a TCX document), with its content type. */
    static ApiAnswer document(int status, String body, String contentType) {
        return new ApiAnswer(status, body, Map.of("Content-Type", contentType));
    }

    static ApiAnswer noContent() {
        return new ApiAnswer(204, "", Map.of());
    }

    ApiAnswer withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiAnswer(status, body, merged);
    }

    /** The answer of a server that died mid-write behind a proxy: 200 and only the first half of the JSON. */
    ApiAnswer truncated() {
        String whole = body.isEmpty() ? "{\"" : body;
        return new ApiAnswer(200, whole.substring(0, Math.max(1, whole.length() / 2)), headers);
    }

    /**
     * The answer of a server that broke off mid-body: status, headers and a Content-Length announcing the whole body,
     * half of it, then the stream reset — over HTTP/2 (which the JDK client negotiates with the sandbox) only this
     * answer's stream, not the other calls sharing its connection; over HTTP/1.1 the connection is closed.
     */
    void sendCutOff(HttpServerResponse response) {
        byte[] whole = (body.isEmpty() ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        head(response);
        response.putHeader("Content-Length", Integer.toString(whole.length));
        response.write(Buffer.buffer(Arrays.copyOf(whole, whole.length / 2)));
        response.reset();
    }

    void send(HttpServerResponse response) {
        head(response);
        if (body.isEmpty()) {
            response.end();
        } else {
            response.end(body);
        }
    }

    /** Status and headers; a body is JSON unless the answer names its own type (a TCX export). */
    private void head(HttpServerResponse response) {
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        if (!body.isEmpty() && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            response.putHeader("Content-Type", "application/json; charset=utf-8");
        }
    }
}
