package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * A Google Fit data source: its data stream id and metadata. The points live in
 * {@link GoogleFitUser}; sources themselves never change after creation.
 *
 * @param createdByClient true for sources the API client created; only those accept its writes
 */
record GoogleFitDataSource(String id, String type, String streamName, GoogleFitDataType dataType,
                           ObjectNode application, ObjectNode device, boolean createdByClient) {

    static final String RAW = "raw";
    static final String DERIVED = "derived";
    /** The developer project number Google puts into the ids of sources a REST client creates. */
    static final String PROJECT_NUMBER = "407408718192";
    private static final String GMS = "com.google.android.gms";
    private static final String FIT_APP = "com.google.android.apps.fitness";

    /** The merged stream Google Fit keeps for every user, e.g. {@code derived:com.google.weight:com.google.android.gms:merge_weight}. */
    static GoogleFitDataSource merged(GoogleFitDataType dataType, String streamName) {
        return new GoogleFitDataSource(String.join(":", DERIVED, dataType.name(), GMS, streamName), DERIVED,
                streamName, dataType, application(GMS), null, false);
    }

    /** The step counter of the user's phone. */
    static GoogleFitDataSource phoneStepCounter(String deviceUid) {
        return deviceSensor(GoogleFitDataType.STEP_COUNT_DELTA, "phone", "Pixel7", deviceUid, "pixel-phone");
    }

    /** The heart-rate sensor of the user's watch. */
    static GoogleFitDataSource watchHeartRate(String watchUid) {
        return watchSensor(GoogleFitDataType.HEART_RATE, watchUid);
    }

    /** What else the user's watch records of workouts and nights: GPS, distance, calories, sleep stages. */
    static GoogleFitDataSource watchSensor(GoogleFitDataType dataType, String watchUid) {
        return deviceSensor(dataType, "watch", "PixelWatch2", watchUid, "pixel-watch");
    }

    /** Weights the user types into the Google Fit app on the phone. */
    static GoogleFitDataSource phoneWeightEntry() {
        String id = String.join(":", RAW, GoogleFitDataType.WEIGHT.name(), FIT_APP, "user_input");
        return new GoogleFitDataSource(id, RAW, "user_input", GoogleFitDataType.WEIGHT, application(FIT_APP), null, false);
    }

    /**
     * A source a REST client creates. Its id is built the way Google documents for REST clients:
     * {@code raw:<dataType>:<project number>[:<manufacturer>:<model>:<uid>][:<dataStreamName>]},
     * absent optional parts left out. A client-sent dataStreamId must equal that.
     */
    static GoogleFitDataSource fromClient(JsonNode json) {
        if (!RAW.equals(json.path("type").asText())) {
            throw ApiProblem.invalid("type", "Data source type must be 'raw'.");
        }
        JsonNode applicationJson = json.path("application");
        if (applicationJson.path("name").asText("").isBlank()) {
            throw ApiProblem.invalid("application.name", "REST clients must set application.name.");
        }
        GoogleFitDataType dataType = GoogleFitDataType.fromClient(json.path("dataType"));
        String streamName = json.path("dataStreamName").asText("");
        List<String> parts = new ArrayList<>(List.of(RAW, dataType.name(), PROJECT_NUMBER));
        ObjectNode device = null;
        if (json.path("device").isObject()) {
            device = json.get("device").deepCopy();
            for (String member : List.of("manufacturer", "model", "uid")) {
                String value = device.path(member).asText("");
                if (!value.isEmpty()) {
                    parts.add(value);
                }
            }
        }
        if (!streamName.isEmpty()) {
            parts.add(streamName);
        }
        String id = String.join(":", parts);
        String requested = json.path("dataStreamId").asText("");
        if (!requested.isEmpty() && !requested.equals(id)) {
            throw ApiProblem.invalid("dataStreamId", "dataStreamId does not match the server-generated format: expected " + id);
        }
        ObjectNode application = SandboxJson.object();
        applicationJson.properties().forEach(member -> {
            // REST clients cannot set a package name; Google uses the project number instead
            if (!"packageName".equals(member.getKey())) {
                application.set(member.getKey(), member.getValue());
            }
        });
        return new GoogleFitDataSource(id, RAW, streamName, dataType, application, device, true);
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object().put("dataStreamId", id);
        if (!streamName.isEmpty()) {
            json.put("dataStreamName", streamName);
        }
        json.put("type", type);
        json.set("dataType", dataType.toJson());
        if (device != null) {
            json.set("device", device.deepCopy());
        }
        json.set("application", application.deepCopy());
        json.putArray("dataQualityStandard");
        return json;
    }

    /** A sensor of one of the user's Google devices, recorded through Google Play services. */
    private static GoogleFitDataSource deviceSensor(GoogleFitDataType dataType, String deviceType, String model,
                                                    String uid, String streamName) {
        ObjectNode device = SandboxJson.object().put("uid", uid).put("type", deviceType).put("version", "")
                .put("model", model).put("manufacturer", "Google");
        String id = String.join(":", RAW, dataType.name(), GMS, "Google", model, uid, streamName);
        return new GoogleFitDataSource(id, RAW, streamName, dataType, application(GMS), device, false);
    }

    private static ObjectNode application(String packageName) {
        return SandboxJson.object().put("packageName", packageName);
    }
}
