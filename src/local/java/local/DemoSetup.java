package local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import security.JwtAuthenticator;

/**
 * Local-mode demo: a user whose Google Health and Google Fit sandbox accounts are linked through the real OAuth
 * flow of our own API, and a Google Health → Google Fit connection for every data type (the live successor API as
 * the source, each type's richest shape: stages, GPS tracks). Prints a bearer token
 * for that user and the curl line that syncs. Accounts are linked again at every start because the
 * sandbox keeps its users in memory only.
 */
final class DemoSetup {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
    static final String DEMO_USER = "demo-user";
    private static final String SOURCE = "googlehealth";
    private static final String DESTINATION = "googlefit";
    private static final List<String> DATA_TYPES = List.of("steps", "heart_rate", "sleep", "weight", "activities");

    private final URI api;
    private final JwtAuthenticator jwt;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    DemoSetup(URI api, JwtAuthenticator jwt) {
        this.api = api;
        this.jwt = jwt;
    }

    private static final Duration USER_TOKEN_VALIDITY = Duration.ofHours(12);
    private static final Duration ADMIN_TOKEN_VALIDITY = Duration.ofHours(1);
    private static final Duration CONSOLE_TOKEN_VALIDITY = Duration.ofHours(1);

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
            link(token, SOURCE);
            link(token, DESTINATION);
            String connectionId = demoConnection(token);
            LOG.info("""

                    ==== SyncWell demo ====
                    Open the console (signed in as the demo user for 1 hour; restart for a new link):
                      {}console/#token={}
                    The operators' console (dead letters, queues; role admin, 1 hour):
                      {}console/#token={}
                    Demo user '{}' has Google Health and Google Fit sandbox accounts linked and connection {} ({} -> {}: {}).
                    Bearer token of the demo user (valid 12 hours; restart for a new one):
                      export TOKEN={}
                    An operator's token (role admin, valid 1 hour), for /v1/admin/... only:
                      export ADMIN_TOKEN={}
                    Sync now:
                      curl -s -X POST -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}/sync
                    Then see the cursors (status.<type>.lastSyncTime) and the jobs:
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/connections/{}/jobs
                    Bring the history before it (the cold path), then follow the backfill by the backfillId answered:
                      curl -s -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"from":"{}"}' {}/v1/connections/{}/backfill
                      curl -s -H "Authorization: Bearer $TOKEN" {}/v1/backfills/<backfillId>
                    Let it sync by itself every hour:
                      curl -s -X PATCH -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"schedule":"PT1H"}' {}/v1/connections/{}
                    =======================""", base(), consoleToken, base(), operatorConsoleToken, DEMO_USER, connectionId, SOURCE, DESTINATION, String.join(", ", DATA_TYPES), token,
                    adminToken, api, connectionId, api, connectionId, api, connectionId,
                    LocalDate.now(ZoneOffset.UTC).minusDays(HISTORY_DAYS), api, connectionId, api, api, connectionId);
        } catch (IOException | RuntimeException e) {
            LOG.error("demo set-up failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
    private void link(String token, String provider) throws IOException, InterruptedException {
        HttpResponse<String> authorize = send(token, "POST", "/v1/accounts/" + provider + "/authorize", "{}");
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

    private String demoConnection(String token) throws IOException, InterruptedException {
        for (JsonNode connection : call(token, "GET", "/v1/connections", null)) {
            if (SOURCE.equals(connection.path("source").asText()) && DESTINATION.equals(connection.path("destination").asText())) {
                return connection.get("id").asText();
            }
        }
        String body = Json.MAPPER.writeValueAsString(Map.of("source", SOURCE, "destination", DESTINATION, "dataTypes", DATA_TYPES));
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
