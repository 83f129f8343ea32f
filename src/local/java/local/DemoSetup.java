package local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import security.JwtAuthenticator;

/**
 * Local-mode demo: a user whose Google Health, Google Fit and Strava sandbox accounts are linked through the real OAuth
 * flow of our own API, their data arranged to show each feature ({@link DemoSeed}), a Google Health → Google Fit
 * connection for every data type (the live successor API as the source, each type's richest shape: stages, GPS tracks)
 * and a Strava → Google Fit one for workouts, both synced once before the console's link is printed — with the curl
 * lines and bearer tokens. Accounts are linked again at every start because the sandbox keeps its users in memory only.
 */
final class DemoSetup {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
    static final String DEMO_USER = "demo-user";
    private static final String SOURCE = "googlehealth";
    private static final String DESTINATION = "googlefit";
    /** The phone's app: its copy of the demo's run has the GPS track. */
    private static final String PHONE = "strava";
    /**
     * The demo's account at each provider, named as it signs in (the sandbox takes the login hint as its user): the same
     * generated history at every start.
     */
    private static final Map<String, String> PROVIDER_USERS = orderedOf(SOURCE, "DEMOWATCH1", DESTINATION, "DEMOFIT01",
            PHONE, "DEMOPHONE1");
    private static final List<String> DATA_TYPES = List.of("steps", "heart_rate", "sleep", "weight", "activities");

    private final URI api;
    private final JwtAuthenticator jwt;
    private final DemoSeed seed;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    DemoSetup(URI api, URI sandbox, JwtAuthenticator jwt) {
        this.api = api;
        this.jwt = jwt;
        this.seed = new DemoSeed(sandbox);
    }

    private static final Duration USER_TOKEN_VALIDITY = Duration.ofHours(12);
    private static final Duration ADMIN_TOKEN_VALIDITY = Duration.ofHours(1);
    private static final Duration CONSOLE_TOKEN_VALIDITY = Duration.ofHours(1);
    /** How long start-up waits for the demo's first syncs. */
    private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    /** The sandbox's generated history (syncwell.sandbox.history, P30D) the demo's backfill line asks for. */
    private static final int HISTORY_DAYS = 30;

    void run() {
        try {
            // the demo user's own token for the day; an operator's token (admin) only for the hour
            String token = jwt.issue(DEMO_USER, List.of("user"), USER_TOKEN_VALIDITY);
            String adminToken = jwt.issue("demo-operator", List.of("user", "admin"), ADMIN_TOKEN_VALIDITY);
            // the console's links carry short-lived tokens in the fragment, which browsers never send to a server
            String consoleToken = jwt.issue(DEMO_USER, List.of("user"), CONSOLE_TOKEN_VALIDITY);
            String operatorConsoleToken = jwt.issue("demo-operator", List.of("user", "admin"), CONSOLE_TOKEN_VALIDITY);
            for (Map.Entry<String, String> account : PROVIDER_USERS.entrySet()) {
                link(token, account.getKey(), account.getValue());
            }
            Instant run = seed.seed(PROVIDER_USERS.get(SOURCE), PROVIDER_USERS.get(DESTINATION), PROVIDER_USERS.get(PHONE),
                    Instant.now());
            String phoneConnection = connection(token, PHONE, DESTINATION, List.of("activities"));
            String connectionId = connection(token, SOURCE, DESTINATION, DATA_TYPES);
            // the phone's copy of the run first: the watch's copy then merges with it
            syncAndWait(token, phoneConnection);
            syncAndWait(token, connectionId);
            LOG.info("""

                    ==== SyncWell demo ====
                    Open the console (signed in as the demo user for 1 hour; restart for a new link):
                      {}console/#token={}
                    The operators' console (dead letters, queues; role admin, 1 hour):
                      {}console/#token={}
                    Demo user '{}' has Google Health, Google Fit and Strava sandbox accounts linked and two connections,
                    synced once: {} ({} -> {}: {}) and {} ({} -> {}: activities). Under Records: the run of {}
                    merged (GPS from Strava, heart rate from the watch), and a weighing skipped, with why.
                    Bearer token of the demo user (valid 12 hours; restart for a new one):
                      export TOKEN={}
                    An operator's token (role admin, valid 1 hour), for /v1/admin/... only:
                      export ADMIN_TOKEN={}
                    Sync now:
                      curl -s -X POST -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}/sync
                    Then see the cursors (status.<type>.lastSyncTime), the jobs and what became of each record:
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}/jobs
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}/records?outcome=skipped
                    Bring the history before it (the cold path), then follow the backfill by the backfillId answered:
                      curl -s -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"from":"{}"}' {}/v1/connections/{}/backfill
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/backfills/<backfillId>
                    Let it sync by itself every hour:
                      curl -s -X PATCH -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"schedule":"PT1H"}' {}/v1/connections/{}
                    =======================""", base(), consoleToken, base(), operatorConsoleToken, DEMO_USER,
                    connectionId, SOURCE, DESTINATION, String.join(", ", DATA_TYPES), phoneConnection, PHONE, DESTINATION,
                    LocalDate.ofInstant(run, ZoneOffset.UTC), token, adminToken, api, connectionId, api, connectionId, api, connectionId,
                    api, connectionId, LocalDate.now(ZoneOffset.UTC).minusDays(HISTORY_DAYS), api, connectionId, api, api, connectionId);
        } catch (IOException | RuntimeException e) {
            LOG.error("demo set-up failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Syncs a connection and waits until each of its jobs finished, so that the console opens on their outcome. */
    private void syncAndWait(String token, String connectionId) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(FIRST_SYNC_WAIT);
        for (JsonNode job : call(token, "POST", "/v1/connections/" + connectionId + "/sync", "{}").get("jobs")) {
            String state = job.get("state").asText();
            while (!List.of("SUCCEEDED", "MOVED_TO_DLQ").contains(state)) {
                if (Instant.now().isAfter(deadline)) {
                    LOG.warn("demo: job {} is still {} after {}; the console shows it as it goes on", job.get("id").asText(), state,
                            FIRST_SYNC_WAIT);
                    return;
                }
                Thread.sleep(POLL.toMillis());
                state = call(token, "GET", "/v1/jobs/" + job.get("id").asText(), null).get("state").asText();
            }
        }
    }

    /** The API's address with its trailing slash, where the console's path is resolved. */
    private String base() {
        String address = api.toString();
        return address.endsWith("/") ? address : address + "/";
    }

    /**
     * authorize → the sandbox approves at once and redirects to our callback → the callback links the account. The
     * callback brings the link cookie the authorize answer set, as a browser does (the JDK's CookieManager would send
     * it in the quoted RFC 2965 form, which no browser uses).
     */
    private void link(String token, String provider, String providerUser) throws IOException, InterruptedException {
        HttpResponse<String> authorize = send(token, "POST", "/v1/accounts/" + provider + "/authorize",
                Json.MAPPER.writeValueAsString(Map.of("loginHint", providerUser)));
        String linkCookie = authorize.headers().firstValue("Set-Cookie").map(cookie -> cookie.split(";", 2)[0])
                .orElseThrow(() -> new IllegalStateException(provider + " authorize answer set no link cookie"));
        String authorizeUrl = Json.MAPPER.readTree(authorize.body()).get("authorizeUrl").asText();
        HttpResponse<String> approval = http.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = approval.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException(provider + " sandbox did not redirect (HTTP " + approval.statusCode() + ")"));
        HttpResponse<String> linked = http.send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", linkCookie).build(),
                HttpResponse.BodyHandlers.ofString());
        if (linked.statusCode() != 200) {
            throw new IllegalStateException("linking " + provider + " failed: HTTP " + linked.statusCode());
        }
    }

    /** The demo's connection from source to destination, made the first time; workouts of the same run are merged. */
    private String connection(String token, String source, String destination, List<String> dataTypes)
            throws IOException, InterruptedException {
        for (JsonNode connection : call(token, "GET", "/v1/connections", null)) {
            if (source.equals(connection.path("source").asText()) && destination.equals(connection.path("destination").asText())) {
                return connection.get("id").asText();
            }
        }
        String body = Json.MAPPER.writeValueAsString(Map.of("source", source, "destination", destination, "dataTypes", dataTypes,
                "conflictStrategies", Map.of("activities", "MERGE_INTELLIGENTLY")));
        return call(token, "POST", "/v1/connections", body).get("id").asText();
    }

    private JsonNode call(String token, String method, String path, String body) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(send(token, method, path, body).body());
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
