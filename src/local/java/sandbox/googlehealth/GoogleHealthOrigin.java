package sandbox.googlehealth;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import sandbox.common.SandboxJson;

/**
 * A data point's data source: the platform that uploaded it, how it was recorded, the device, and for
 * points written through the API the OAuth client that wrote them (set by the API, never by the client).
 */
record GoogleHealthOrigin(String platform, String recordingMethod, String formFactor, String manufacturer,
                          String displayName, String googleWebClientId) {

    static final Set<String> RECORDING_METHODS = Set.of("RECORDING_METHOD_UNSPECIFIED", "MANUAL", "PASSIVELY_MEASURED",
            "DERIVED", "ACTIVELY_MEASURED", "UNKNOWN");
    static final Set<String> FORM_FACTORS = Set.of("FORM_FACTOR_UNSPECIFIED", "FITNESS_BAND", "WATCH", "PHONE", "RING",
            "CHEST_STRAP", "SCALE", "TABLET", "HEAD_MOUNTED", "SMART_DISPLAY");
    private static final Set<String> WEARABLES = Set.of("FITNESS_BAND", "WATCH", "RING");
    private static final Set<String> FIRST_PARTY_PLATFORMS = Set.of("FITBIT", "HEALTH_CONNECT", "FIT", "NEST");

    /** The user's tracker, which records minute steps. */
    static final GoogleHealthOrigin TRACKER = new GoogleHealthOrigin("FITBIT", "PASSIVELY_MEASURED", "FITNESS_BAND", "Google",
            "Charge 6", null);
    /** The user's connected scale. */
    static final GoogleHealthOrigin SCALE = new GoogleHealthOrigin("FITBIT", "ACTIVELY_MEASURED", "SCALE", "Google", "Aria Air",
            null);

    /** A point written through the API by an OAuth client, with what the client said about its source. */
    static GoogleHealthOrigin webClient(String clientId, String recordingMethod, String formFactor, String manufacturer,
                                        String displayName) {
        return new GoogleHealthOrigin("GOOGLE_WEB_API", recordingMethod, formFactor, manufacturer, displayName, clientId);
    }

    boolean writtenBy(String clientId) {
        return googleWebClientId != null && googleWebClientId.equals(clientId);
    }

    /** The {@code google-wearables} family: Google and Fitbit trackers, no manual logs. */
    boolean wearable() {
        return "FITBIT".equals(platform) && WEARABLES.contains(formFactor);
    }

    /** The {@code google-sources} family: first-party data (devices, manual logs, Health Connect). */
    boolean firstParty() {
        return FIRST_PARTY_PLATFORMS.contains(platform);
    }

    /** How the test API names the source: platform and device, or the writing client. */
    String label() {
        if (googleWebClientId != null) {
            return platform + ":" + googleWebClientId;
        }
        return platform + ":" + (manufacturer == null ? "" : manufacturer + " ") + (displayName == null ? "" : displayName);
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object();
        if (recordingMethod != null) {
            json.put("recordingMethod", recordingMethod);
        }
        if (formFactor != null || manufacturer != null || displayName != null) {
            ObjectNode device = json.putObject("device");
            if (displayName != null) {
                device.put("displayName", displayName);
            }
            if (formFactor != null) {
                device.put("formFactor", formFactor);
            }
            if (manufacturer != null) {
                device.put("manufacturer", manufacturer);
            }
        }
        json.put("platform", platform);
        if (googleWebClientId != null) {
            json.putObject("application").put("googleWebClientId", googleWebClientId);
        }
        return json;
    }
}
