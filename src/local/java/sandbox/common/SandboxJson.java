package sandbox.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.ext.web.RoutingContext;

/** The sandbox's one JSON mapper: instants are written as ISO-8601 strings. */
public final class SandboxJson {

    public static final ObjectMapper MAPPER= JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private SandboxJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write sandbox JSON", e);
        }
    }

    /** A test-API entry read into its record; a wrong shape is the caller's mistake (400), naming the field. */
    public static <T> T convert(JsonNode entry, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(entry, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : what;
            throw ApiProblem.invalid(field == null ? what : field, "Not a valid " + what + " entry at '" + field + "'");
        }
    }

    /** The request body as JSON; a missing or broken body is the caller's mistake (400). */
    public static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiProblem.invalid("body", "Request body is required.");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid("body", "Invalid JSON payload received.");
        }
    }
}
