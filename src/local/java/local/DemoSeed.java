package local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;

/**
 * The demo accounts' data, arranged through the sandbox's test API so that the demo's first sync shows each feature:
 * every data type written, one workout merged and one record skipped with its reason. The sandbox generates a month
 * of realistic data for every new account; on top of that:
 * <ul>
 *   <li>Google Fit starts empty — its generated user holds other apps' sleep and weight, which Google does not let us
 *       overwrite, so nothing of those types would be written;</li>
 *   <li>one morning run recorded twice: by the watch (Google Health: heart rate, no GPS) and by the phone (Strava: the
 *       GPS track, no heart rate). Strava's copy reaches Google Fit first; the watch's then merges with it — GPS from
 *       one device, heart rate from the other;</li>
 *   <li>one weighing that Google Fit already holds with another value, entered in the Fit app itself: a skip, and the
 *       records view says why.</li>
 * </ul>
 */
final class DemoSeed {

    /** The run: 07:30 UTC on a day this far back at most, 45 minutes, 8 km. */
    private static final int MAX_DAYS_BACK = 6;
    private static final Duration RUN = Duration.ofMinutes(45);
    private static final double RUN_METRES = 8_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /** No generated workout this close to the run, so the two recordings match only each other. */
    private static final Duration CLEAR_OF_OTHERS = Duration.ofHours(3);

    private final URI testApi;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param sandbox the sandbox's address ({@code http://localhost:8089}) */
    DemoSeed(URI sandbox) {
        this.testApi = URI.create(sandbox + "/_sandbox/");
    }

    /** The seeded run's start, for the log. */
    Instant seed(String healthUser, String fitUser, String stravaUser, Instant now) throws IOException, InterruptedException {
        call("DELETE", "googlefit/users/" + fitUser + "/data", null);
        call("DELETE", "strava/users/" + stravaUser + "/data", null);
        Instant start = quietMorning(healthUser, now);
        call("POST", "googlehealth/users/" + healthUser + "/activities", List.of(run(start, true)));
        call("POST", "strava/users/" + stravaUser + "/activities", List.of(run(start.plusSeconds(40), false)));
        weighingFitAlreadyHolds(healthUser, fitUser, now);
        return start;
    }

    /** A 07:30 UTC start on a recent day with no generated Google Health workout near it. */
    private Instant quietMorning(String healthUser, Instant now) throws IOException, InterruptedException {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        for (int daysBack = 1; daysBack <= MAX_DAYS_BACK; daysBack++) {
            Instant start = today.minus(Duration.ofDays(daysBack)).plus(Duration.ofMinutes(7 * 60 + 30));
            JsonNode near = call("GET", "googlehealth/users/" + healthUser + "/activities?from=" + start.minus(CLEAR_OF_OTHERS)
                    + "&to=" + start.plus(RUN).plus(CLEAR_OF_OTHERS), null);
            if (near.isEmpty()) {
                return start;
            }
        }
        throw new IllegalStateException("no quiet morning for the demo's run in the last " + MAX_DAYS_BACK + " days");
    }

    /**
     * The run as one device recorded it: the watch's heart rate, or the phone's GPS track and distance. Samples every
     * 10 s, a steady pace east from the Amstel, a heart rate rising from 128 to 162 bpm.
     */
    private static Map<String, Object> run(Instant start, boolean watch) {
        List<Map<String, Object>> samples = new ArrayList<>();
        long count = RUN.dividedBy(SAMPLE_EVERY);
        for (long i = 0; i <= count; i++) {
            double done = (double) i / count;
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("time", start.plus(SAMPLE_EVERY.multipliedBy(i)).toString());
            if (watch) {
                sample.put("heartRate", Math.round(128 + 34 * done + 4 * Math.sin(i / 9.0)));
            } else {
                sample.put("latitude", 52.3600 + 0.0120 * Math.sin(done * Math.PI));
                sample.put("longitude", 4.9000 + 0.0900 * done);
                sample.put("distanceMetres", Math.round(RUN_METRES * done));
            }
            samples.add(sample);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("start", start.toString());
        run.put("end", start.plus(RUN).toString());
        run.put("sport", "run");
        run.put("name", "Morning run");
        if (watch) {
            run.put("kilocalories", 540);
        } else {
            run.put("distanceMetres", RUN_METRES);
        }
        run.put("samples", samples);
        return run;
    }

    /** Google Health's newest weighing of the initial window, entered in Google Fit by hand with another value. */
    private void weighingFitAlreadyHolds(String healthUser, String fitUser, Instant now) throws IOException, InterruptedException {
        JsonNode weighings = call("GET", "googlehealth/users/" + healthUser + "/weight?from="
                + now.minus(Duration.ofDays(MAX_DAYS_BACK)) + "&to=" + now, null);
        if (weighings.isEmpty()) {
            throw new IllegalStateException("the demo's Google Health account has no weighing in the last " + MAX_DAYS_BACK
                    + " days");
        }
        JsonNode newest = weighings.get(0);
        for (JsonNode weighing : weighings) {
            if (Instant.parse(weighing.get("time").asText()).isAfter(Instant.parse(newest.get("time").asText()))) {
                newest = weighing;
            }
        }
        double otherValue = Math.round((newest.get("kg").asDouble() + 0.6) * 10) / 10.0;
        call("POST", "googlefit/users/" + fitUser + "/weight",
                List.of(Map.of("time", newest.get("time").asText(), "kg", otherValue)));
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(testApi.resolve(path));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("sandbox " + method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
    }
}
