package api;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import model.Json;
import security.Caller;

/**
 * One API call: who calls (null on public endpoints), path and query parameters (on public endpoints also
 * every request header), the JSON body if any and the body as received (for signatures).
 */
public record ApiRequest(Caller caller, Map<String, String> params, JsonNode body, String rawBody) {

    public String param(String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("missing parameter '" + name + "'");
        }
        return value;
    }

    public Optional<String> optionalParam(String name) {
        return Optional.ofNullable(params.get(name)).filter(v -> !v.isBlank());
    }

    /** A request header, whatever its case: public endpoints (pushes, the OAuth callback) get every header among params. */
    public Optional<String> header(String name) {
        return params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    public String userId() {
        return caller.userId();
    }

    /** The body as {@code type}, strictly: unknown fields and wrong types are a 400 naming the field. */
    public <T> T bodyAs(Class<T> type) {
        if (body == null || body.isNull()) {
            throw ApiProblem.badRequest("a JSON body is required");
        }
        if (!body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        try {
            return Json.STRICT.treeToValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : null;
            throw ApiProblem.badRequest(field == null ? "the body does not have the expected shape"
                    : "field '" + field + "' has the wrong type or value");
        }
    }
}
