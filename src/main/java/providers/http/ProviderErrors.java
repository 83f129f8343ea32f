package providers.http;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;

/**
 * Reads the error envelope of a provider answer into a short reason. Only the machine-readable parts are
 * kept (error type, status, field name): free-text messages may echo tokens or the user's values, and
 * reasons end up in job records and dead letters.
 */
final class ProviderErrors {

    private ProviderErrors() {
    }

    static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "no error body";
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            // Fitbit: {"errors":[{"errorType":..., "fieldName":...}]}
            JsonNode fitbit = root.path("errors").path(0);
            if (fitbit.has("errorType")) {
                return "errorType=" + fitbit.get("errorType").asText()
                        + (fitbit.hasNonNull("fieldName") ? ", field=" + fitbit.get("fieldName").asText() : "");
            }
            // Strava: {"message":"Authorization Error","errors":[{"resource":"Athlete","field":"access_token","code":"invalid"}]}
            if (fitbit.has("resource") || fitbit.has("code")) {
                return "resource=" + fitbit.path("resource").asText("") + ", field=" + fitbit.path("field").asText("")
                        + ", code=" + fitbit.path("code").asText("");
            }
            // Google: {"error":{"code":400,"status":"INVALID_ARGUMENT",...}}
            JsonNode google = root.path("error");
            if (google.has("status")) {
                return "status=" + google.get("status").asText();
            }
            // OAuth token endpoints: {"error":"invalid_grant"}
            if (google.isTextual()) {
                return "error=" + google.asText();
            }
            return "unrecognised error body";
        } catch (java.io.IOException notJson) {
            return "error body is not JSON";
        }
    }
}
