package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** A Google Fit data type: name and value fields. */
record GoogleFitDataType(String name, List<Field> fields) {

    /**
     * One value field; the sandbox supports the two formats SyncWell's types use. An optional field (a location's
     * altitude) may be left out of a point's values.
     */
    record Field(String name, String format, boolean optional) {

        static final String INTEGER = "integer";
        static final String FLOAT_POINT = "floatPoint";

        Field(String name, String format) {
            this(name, format, false);
        }

        /** Clients do not always send {@code optional}: name and format identify a field. */
        boolean sameAs(Field other) {
            return name.equals(other.name) && format.equals(other.format);
        }
    }

    static final GoogleFitDataType STEP_COUNT_DELTA =
            new GoogleFitDataType("com.google.step_count.delta", List.of(new Field("steps", Field.INTEGER)));
    static final GoogleFitDataType WEIGHT =
            new GoogleFitDataType("com.google.weight", List.of(new Field("weight", Field.FLOAT_POINT)));
    static final GoogleFitDataType HEART_RATE =
            new GoogleFitDataType("com.google.heart_rate.bpm", List.of(new Field("bpm", Field.FLOAT_POINT)));
    /** Latitude and longitude in degrees, accuracy and altitude in metres. */
    static final GoogleFitDataType LOCATION_SAMPLE = new GoogleFitDataType("com.google.location.sample",
            List.of(new Field("latitude", Field.FLOAT_POINT), new Field("longitude", Field.FLOAT_POINT),
                    new Field("accuracy", Field.FLOAT_POINT), new Field("altitude", Field.FLOAT_POINT, true)));
    /** Metres covered in the point's interval. */
    static final GoogleFitDataType DISTANCE_DELTA =
            new GoogleFitDataType("com.google.distance.delta", List.of(new Field("distance", Field.FLOAT_POINT)));
    /** Kilocalories burnt in the point's interval. */
    static final GoogleFitDataType CALORIES_EXPENDED =
            new GoogleFitDataType("com.google.calories.expended", List.of(new Field("calories", Field.FLOAT_POINT)));
    /** Sleep stages: 1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM. */
    static final GoogleFitDataType SLEEP_SEGMENT =
            new GoogleFitDataType("com.google.sleep.segment", List.of(new Field("sleep_segment_type", Field.INTEGER)));
    /** What the user did in the interval, as an activity type (older apps wrote sleep stages as 109-112 here). */
    static final GoogleFitDataType ACTIVITY_SEGMENT =
            new GoogleFitDataType("com.google.activity.segment", List.of(new Field("activity", Field.INTEGER)));
    static final List<GoogleFitDataType> STANDARD = List.of(STEP_COUNT_DELTA, WEIGHT, HEART_RATE, LOCATION_SAMPLE,
            DISTANCE_DELTA, CALORIES_EXPENDED, SLEEP_SEGMENT, ACTIVITY_SEGMENT);

    /** Types whose points are measurements at one instant (start time equals end time). */
    private static final Set<String> INSTANTANEOUS = Set.of(WEIGHT.name, HEART_RATE.name, LOCATION_SAMPLE.name);
    private static final String GOOGLE_PREFIX = "com.google.";

    static Optional<GoogleFitDataType> standard(String name) {
        return STANDARD.stream().filter(type -> type.name.equals(name)).findFirst();
    }

    /** How many values a point must carry: every field up to the last one that is not optional. */
    int requiredValues() {
        int required = 0;
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).optional()) {
                required = i + 1;
            }
        }
        return required;
    }

    boolean instantaneous() {
        return INSTANTANEOUS.contains(name);
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object().put("name", name);
        ArrayNode fieldsJson = json.putArray("field");
        fields.forEach(field -> {
            ObjectNode fieldJson = fieldsJson.addObject().put("name", field.name()).put("format", field.format());
            if (field.optional()) {
                fieldJson.put("optional", true);
            }
        });
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
            if (!sameFields(known.fields, fields)) {
                throw ApiProblem.invalid("dataType.field", "Fields do not match data type " + name + ", expected "
                        + known.fields.stream().map(field -> field.name() + " (" + field.format() + ")").toList());
            }
            return known;
        }
        return new GoogleFitDataType(name, List.copyOf(fields));
    }

    private static boolean sameFields(List<Field> known, List<Field> sent) {
        if (known.size() != sent.size()) {
            return false;
        }
        for (int i = 0; i < known.size(); i++) {
            if (!known.get(i).sameAs(sent.get(i))) {
                return false;
            }
        }
        return true;
    }
}
