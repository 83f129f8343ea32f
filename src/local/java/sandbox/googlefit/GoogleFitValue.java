package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** One value of a Google Fit data point: {@code {"intVal":54}} or {@code {"fpVal":72.4}}. */
record GoogleFitValue(Integer intVal, Double fpVal) {

    static GoogleFitValue ofInt(int value) {
        return new GoogleFitValue(value, null);
    }

    static GoogleFitValue ofFloat(double value) {
        return new GoogleFitValue(null, value);
    }

    /** Reads the value a field of this format needs; other members are refused, not ignored. */
    static GoogleFitValue fromJson(JsonNode json, GoogleFitDataType.Field field, String path) {
        if (GoogleFitDataType.Field.INTEGER.equals(field.format())) {
            JsonNode value = json.get("intVal");
            if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
                throw ApiProblem.invalid(path, "Field '" + field.name() + "' needs an integer intVal.");
            }
            return ofInt(value.intValue());
        }
        JsonNode value = json.get("fpVal");
        if (value == null || !value.isNumber()) {
            throw ApiProblem.invalid(path, "Field '" + field.name() + "' needs a numeric fpVal.");
        }
        return ofFloat(value.doubleValue());
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object();
        if (intVal != null) {
            json.put("intVal", intVal);
        } else {
            json.put("fpVal", fpVal);
        }
        return json;
    }
}
