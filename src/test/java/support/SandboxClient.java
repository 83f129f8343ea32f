package support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;

/** The sandbox's own test endpoints ({@code /_sandbox}): inspect and seed a provider user's data, inject faults. */
public final class SandboxClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String baseUrl;

    public SandboxClient(String baseUrl) {
        this.baseUrl = baseUrl + "/_sandbox";
    }

    public JsonNode steps(String provider, String user) {
        return call("GET", "/" + provider + "/users/" + user + "/steps", null);
    }

    public JsonNode weight(String provider, String user) {
        return call("GET", "/" + provider + "/users/" + user + "/weight", null);
    }

    public void seedSteps(String provider, String user, Object entries) {
        call("POST", "/" + provider + "/users/" + user + "/steps", entries);
    }

    public void seedWeight(String provider, String user, Object entries) {
        call("POST", "/" + provider + "/users/" + user + "/weight", entries);
    }

    /** A user's data of one type as the sandbox's test API lists it ({@code steps}, {@code weight}, {@code heart_rate}...). */
    public JsonNode read(String provider, String user, String type) {
        return call("GET", "/" + provider + "/users/" + user + "/" + type, null);
    }

    /** As {@link #read(String, String, String)}, what lies in [from, to). */
    public JsonNode read(String provider, String user, String type, java.time.Instant from, java.time.Instant to) {
        return call("GET", "/" + provider + "/users/" + user + "/" + type + "?from=" + from + "&to=" + to, null);
    }

    public void seed(String provider, String user, String type, Object entries) {
        call("POST", "/" + provider + "/users/" + user + "/" + type, entries);
    }

    public void wipe(String provider, String user) {
        call("DELETE", "/" + provider + "/users/" + user + "/data", null);
    }

    public void fault(String provider, String user, Object fault) {
        call("POST", "/" + provider + "/users/" + user + "/faults", fault);
    }

    /** Disarms every fault armed for the user. */
    public void clearFaults(String provider, String user) {
        call("DELETE", "/" + provider + "/users/" + user + "/faults", null);
    }

    public void expireTokens(String provider, String user) {
        call("POST", "/" + provider + "/users/" + user + "/expire-tokens", null);
    }

    /** The user withdraws the app's access at the provider: their tokens stop working. */
    public void revokeTokens(String provider, String user) {
        call("POST", "/" + provider + "/users/" + user + "/revoke-tokens", null);
    }

    /** {@code {"access": n, "refresh": n}}: the user's grants at the provider that still work. */
    public JsonNode grants(String provider, String user) {
        return call("GET", "/" + provider + "/users/" + user + "/grants", null);
    }

    public JsonNode tokens() {
        return call("GET", "/tokens", null);
    }

    /** How long a Strava athlete's uploads stay "still being processed". */
    public void uploadProcessing(String provider, String user, long delayMillis) {
        call("PUT", "/" + provider + "/users/" + user + "/upload-processing", java.util.Map.of("delayMillis", delayMillis));
    }

    /**
     * Makes the simulated Garmin notify {@code url} about the user's summaries of these types: a ping (callback URLs
     * to pull), or with {@code push} the summaries themselves. Answers {@code {"status": <the webhook's answer>}}.
     */
    public JsonNode garminNotify(String user, java.util.List<String> summaryTypes, String url, boolean push) {
        return call("POST", "/garmin/users/" + user + "/notify", java.util.Map.of("types", summaryTypes, "url", url, "push", push));
    }

    /** Changes a provider's simulated quotas; answers the quotas now in force. */
    public JsonNode rateLimit(String provider, Object limit) {
        return call("PUT", "/" + provider + "/rate-limit", limit);
    }

    /** The push subscriptions our app made for a Fitbit user. */
    public JsonNode fitbitSubscriptions(String user) {
        return call("GET", "/fitbit/users/" + user + "/subscriptions", null);
    }

    /** Has the sandbox send a signed Fitbit notification ({@code collectionType}, {@code date}, {@code url}); answers its outcome. */
    public JsonNode fitbitNotify(String user, Object notification) {
        return call("POST", "/fitbit/users/" + user + "/notify", notification);
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("sandbox " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
