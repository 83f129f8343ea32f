package sandbox.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a simulated endpoint answers, kept as data so the gate can add rate-limit headers, delay
 * it or break it (malformed-body faults) before it goes out.
 */
public record ApiAnswer(int status, String body, Map<String, String> headers) {

    /** How much of an inflated body is written at a time. */
    private static final int INFLATION_CHUNK_CHARS = 64 * 1024;

    public static ApiAnswer json(int status, JsonNode body) {
        return new ApiAnswer(status, SandboxJson.write(body), Map.of());
    }

    public static ApiAnswer ok(JsonNode body) {
        return json(200, body);
    }

    /** A body that is not JSON (a TCX document), with its content type. */
    public static ApiAnswer document(int status, String body, String contentType) {
        return new ApiAnswer(status, body, Map.of("Content-Type", contentType));
    }

    public static ApiAnswer noContent() {
        return new ApiAnswer(204, "", Map.of());
    }

    public ApiAnswer withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiAnswer(status, body, merged);
    }

    /** The answer of a server that died mid-write behind a proxy: 200 and only the first half of the JSON. */
    public ApiAnswer truncated() {
        String whole = body.isEmpty() ? "{\"" : body;
        return new ApiAnswer(200, whole.substring(0, Math.max(1, whole.length() / 2)), headers);
    }

    /**
     * The answer of a broken or hostile server: the same JSON with the elements of its longest array repeated until the
     * body is about {@code bytes} long (an intraday dataset saying each minute over and over), written as the connection
     * takes it, never held whole here. An answer without elements gets filler to repeat; one that is no JSON object or
     * array goes out as it is.
     */
    public void sendInflated(HttpServerResponse response, long bytes) {
        JsonNode json;
        try {
            json = SandboxJson.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            json = null;
        }
        ArrayNode longest = json == null ? null : longestArray(json, null);
        if (longest == null || longest.isEmpty()) {
            longest = filler(json);
            if (longest == null) {
                send(response);
                return;
            }
        }
        String elements = longest.toString();
        elements = elements.substring(1, elements.length() - 1);
        String marker = "inflated-" + UUID.randomUUID();
        longest.removeAll().add(marker);
        String[] around = SandboxJson.write(json).split(java.util.regex.Pattern.quote("\"" + marker + "\""), 2);
        StringBuilder chunk = new StringBuilder();
        while (chunk.length() < INFLATION_CHUNK_CHARS) {
            chunk.append(',').append(elements);
        }
        Buffer repeated = Buffer.buffer(chunk.toString());
        long chunks = Math.max(0, (bytes - around[0].length() - elements.length() - around[1].length()) / repeated.length());
        head(response);
        response.setChunked(true);
        response.write(around[0] + elements);
        writeRepeated(response, repeated, chunks, around[1]);
    }

    /** Writes {@code chunk} {@code times} times and then the end, waiting whenever the connection's queue is full. */
    private static void writeRepeated(HttpServerResponse response, Buffer chunk, long times, String end) {
        long left = times;
        while (left > 0 && !response.writeQueueFull()) {
            response.write(chunk.copy());
            left--;
        }
        if (left == 0) {
            response.end(end);
            return;
        }
        long rest = left;
        response.drainHandler(drained -> writeRepeated(response, chunk, rest, end));
    }

    /**
     * Where an answer has no elements to repeat (an empty list), something to repeat all the same: an object gets a
     * member of its own, an empty array an empty object. Null for an answer that is no JSON object or array.
     */
    private static ArrayNode filler(JsonNode json) {
        if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            ArrayNode padding = object.putArray("padding");
            padding.addObject().put("padding", "x".repeat(64));
            return padding;
        }
        if (json instanceof ArrayNode empty) {
            empty.addObject();
            return empty;
        }
        return null;
    }

    private static ArrayNode longestArray(JsonNode node, ArrayNode longest) {
        ArrayNode found = longest;
        if (node.isArray() && (found == null || node.size() > found.size())) {
            found = (ArrayNode) node;
        }
        for (JsonNode child : node) {
            found = longestArray(child, found);
        }
        return found;
    }

    /**
     * The answer of a server that broke off mid-body: status, headers and a Content-Length announcing the whole body,
     * half of it, then the stream reset: over HTTP/1.1 (what SyncWell's provider client speaks) the connection is
     * closed; over HTTP/2 only this answer's stream, not the other calls sharing its connection.
     */
    public void sendCutOff(HttpServerResponse response) {
        byte[] whole = (body.isEmpty() ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        head(response);
        response.putHeader("Content-Length", Integer.toString(whole.length));
        response.write(Buffer.buffer(Arrays.copyOf(whole, whole.length / 2)));
        response.reset();
    }

    public void send(HttpServerResponse response) {
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
