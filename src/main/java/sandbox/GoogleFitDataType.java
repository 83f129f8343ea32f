package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A Google Fit data type: name and value fields. */
record GoogleFitDataType(String name, List<Field> fields) {

    /** One value field; the sandbox supports the two formats SyncWell's types use. */
    record Field(String name, String format) {

        static final String INTEGER = "integer";
        static final String FLOAT_POINT = "floatPoint";
    }

    static final GoogleFitDataType STEP_COUNT_DELTA =
            new GoogleFitDataType("com.google.step_count.delta", List.of(new Field("steps", Field.INTEGER)));
    static final GoogleFitDataType WEIGHT =
            new GoogleFitDataType("com.google.weight", List.of(new Field("weight", Field.FLOAT_POINT)));
    static final GoogleFitDataType HEART_RATE =
            new GoogleFitDataType("com.google.heart_rate.bpm", List.of(new Field("bpm", Field.FLOAT_POINT)));
    static final List<GoogleFitDataType> STANDARD = List.of(STEP_COUNT_DELTA, WEIGHT, HEART_RATE);

    /** Types whose points are measurements at one instant (start time equals end time). */
    private static final Set<String> INSTANTANEOUS = Set.of(WEIGHT.name, HEART_RATE.name);
    private static final String GOOGLE_PREFIX = "com.google.";

    static Optional<GoogleFitDataType> standard(String name) {
        return STANDARD.stream().filter(type -> type.name.equals(name)).findFirst();
    }

    boolean instantaneous() {
        return INSTANTANEOUS.contains(name);
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object().put("name", name);
        ArrayNode fieldsJson = json.putArray("field");
        fields.forEach(field -> fieldsJson.addObject().put("name", field.name()).put("format", field.format()));
        return json;
    }

    /**
     * The data type of a data source a client creates. A "com.google." name must be a standard
     * type with exactly its fields; any other name is a custom type (Google allows those, deprecated).
     */
    static GoogleFitDataType fromClient(JsonNode json) {
        String name = json.path("name").asText("");
        if (name.isBlank()) {
            throw ApiProblem.invalid("dataType.name", "dataType.name is required.");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode field : json.path("field")) {
            String format = field.path("format").asText("");
            if (!Field.INTEGER.equals(format) && !Field.FLOAT_POINT.equals(format)) {
                throw ApiProblem.invalid("dataType.field",
                        "Field format '" + format + "' is not supported by the sandbox (integer, floatPoint).");
            }
            fields.add(new Field(field.path("name").asText(""), format));
        }
        if (fields.isEmpty()) {
            throw ApiProblem.invalid("dataType.field", "dataType.field must list the data type's fields.");
        }
        if (name.startsWith(GOOGLE_PREFIX)) {
            GoogleFitDataType known = standard(name).orElseThrow(() ->
                    ApiProblem.invalid("dataType.name", "Unknown data type: " + name));
            if (!known.fields.equals(fields)) {
                throw ApiProblem.invalid("dataType.field", "Fields do not match data type " + name + ", expected "
                        + known.fields.stream().map(field -> field.name() + " (" + field.format() + ")").toList());
            }
            return known;
        }
        return new GoogleFitDataType(name, List.copyOf(fields));
    }
}
