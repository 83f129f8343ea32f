package it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's contract (docs/architecture.md §5): isolation between users and a clear 4xx problem+json for every bad request. */
@Order(2)
@ExtendWith(SharedSyncWell.class)
class ApiContractTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void providersListTheirCapabilities() {
        JsonNode providers = app.api("someone").get("/v1/providers").json();
        assertThat(providers).extracting(p -> p.get("id").asText())
                .contains("fitbit", "garmin", "googlefit", "googlehealth", "withings", "strava").doesNotHaveDuplicates();
        List<String> types = List.of("steps", "heart_rate", "sleep", "weight", "activities");
        for (JsonNode provider : providers) {
            assertThat(provider.get("name").asText()).as("name of %s", provider).isNotBlank();
            assertThat(provider.get("version").asText()).as("version of %s", provider).matches("v\\d+");
            assertThat(provider.get("status").asText()).as("status of %s", provider).isIn("active", "deprecated", "retired");
            assertThat(provider.get("read")).extracting(JsonNode::asText).isSubsetOf(types);
            // every type written says how an existing record is overwritten, and nothing else does
            List<String> written = new java.util.ArrayList<>();
            provider.get("write").forEach(type -> written.add(type.asText()));
            assertThat(written).isSubsetOf(types);
            assertThat(provider.get("overwrite").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(written);
            provider.get("overwrite").forEach(how -> assertThat(how.asText()).isIn("update", "delete+create", "none"));
        }
        JsonNode fitbit = byId(providers, "fitbit");
        assertThat(fitbit.get("version").asText()).isEqualTo("v1");
        assertThat(fitbit.get("read").toString()).isEqualTo("[\"steps\",\"heart_rate\",\"sleep\",\"weight\",\"activities\"]");
        assertThat(fitbit.get("write").toString()).isEqualTo("[\"weight\",\"sleep\",\"activities\"]");
        assertThat(fitbit.get("overwrite").toString())
                .isEqualTo("{\"weight\":\"delete+create\",\"sleep\":\"delete+create\",\"activities\":\"delete+create\"}");
        assertThat(fitbit.get("overwrite").get("weight").asText()).isEqualTo("delete+create");
        assertThat(byId(providers, "googlehealth").get("status").asText()).isEqualTo("active");
        JsonNode withings = byId(providers, "withings");
        assertThat(withings.get("read").toString()).isEqualTo("[\"weight\"]");
        assertThat(withings.get("write")).as("Withings has no write API").isEmpty();
        JsonNode strava = byId(providers, "strava");
        assertThat(strava.get("version").asText()).isEqualTo("v3");
        assertThat(strava.get("read").toString()).isEqualTo("[\"activities\"]");
        assertThat(strava.get("overwrite").get("activities").asText()).as("uploads cannot be replaced").isEqualTo("none");
        JsonNode garmin = byId(providers, "garmin");
        assertThat(garmin.get("read").toString()).isEqualTo("[\"steps\",\"heart_rate\",\"sleep\",\"weight\",\"activities\"]");
        assertThat(garmin.get("write")).as("read-only").isEmpty();
    }

    private static JsonNode byId(JsonNode providers, String id) {
        for (JsonNode provider : providers) {
            if (provider.get("id").asText().equals(id)) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + id + " in " + providers);
    }

    @Test
    void anotherUsersConnectionAndJobsAnswer404() {
        TestUser owner = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = owner.connect("fitbit", "googlefit", List.of("weight"));
        String job = SyncScenario.requestSync(owner, connection).get(0);
        ApiClient stranger = app.api("stranger-" + System.nanoTime());

        for (ApiClient.Answer answer : List.of(
                stranger.get("/v1/connections/" + connection),
                stranger.patch("/v1/connections/" + connection, Map.of("enabled", false)),
                stranger.delete("/v1/connections/" + connection),
                stranger.post("/v1/connections/" + connection + "/sync", null),
                stranger.get("/v1/connections/" + connection + "/jobs"),
                stranger.get("/v1/jobs/" + job))) {
            assertProblem(answer, 404);
        }
        assertThat(stranger.get("/v1/connections").json()).isEmpty();
        assertThat(owner.api.get("/v1/connections/" + connection).status()).isEqualTo(200);
        SyncScenario.awaitFinished(owner, job);
    }

    @Test
    void badRequestsAnswerProblemJson() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        ApiClient api = user.api;
        assertProblem(api.send("POST", "/v1/connections", "{\"source\": \"fitbit\",", "application/json"), 400);
        assertProblem(api.send("POST", "/v1/connections", "source=fitbit", "application/x-www-form-urlencoded"), 415);
        assertProblem(api.post("/v1/connections", Map.of("source", "nokia", "destination", "googlefit",
                "dataTypes", List.of("steps"))), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("calories"))), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "fitbit",
                "dataTypes", List.of("weight"))), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit")), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("weight"), "colour", "blue")), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("weight"), "conflictStrategy", "NEWEST_WINS")), 400);
        assertProblem(api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("weight"), "schedule", "every hour")), 400);
        // Fitbit cannot take steps: the capability table refuses the connection
        assertProblem(api.post("/v1/connections", Map.of("source", "googlefit", "destination", "fitbit",
                "dataTypes", List.of("steps"))), 422);
        assertProblem(api.get("/v1/jobs/does-not-exist"), 404);
        assertProblem(api.post("/v1/accounts/nokia/authorize", Map.of()), 404);
        assertProblem(api.get("/v1/oauth/callback/fitbit?code=abc&state=forged"), 400);

        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        assertProblem(api.get("/v1/connections/" + connection + "/jobs?limit=0"), 400);
        assertProblem(api.post("/v1/connections/" + connection + "/sync", Map.of("dataTypes", List.of("steps"))), 400);
        assertProblem(api.patch("/v1/connections/" + connection, Map.of("enabled", "yes")), 400);
        // refused by the HTTP server before any route runs: a plain 413, nothing read beyond the limit
        assertThat(api.send("POST", "/v1/connections", "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}", "application/json")
                .status()).isEqualTo(413);

        TestUser unlinked = TestUser.linkedTo(app, "fitbit");
        assertProblem(unlinked.api.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("weight"))), 422);
    }

    @Test
    void callsWithoutAValidTokenAnswer401() {
        assertProblem(ApiClient.withToken(app.apiUrl(), null).get("/v1/connections"), 401);
        assertProblem(ApiClient.withToken(app.apiUrl(), "not-a-jwt").get("/v1/connections"), 401);
        String otherKey = new security.JwtAuthenticator("another-secret-another-secret-0123456".getBytes())
                .issue("mallory", List.of("admin"), java.time.Duration.ofMinutes(5));
        assertProblem(ApiClient.withToken(app.apiUrl(), otherKey).get("/v1/connections"), 401);
    }

    @Test
    void connectionsCanBeChangedAndDeleted() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("weight"));
        JsonNode changed = user.api.patch("/v1/connections/" + connection, Map.of("conflictStrategy", "PRIORITIZE_DESTINATION",
                "schedule", "PT1H", "dataTypes", List.of("weight", "steps"))).json();
        assertThat(changed.get("conflictStrategy").asText()).isEqualTo("PRIORITIZE_DESTINATION");
        assertThat(changed.get("schedule").asText()).isEqualTo("PT1H");
        assertThat(changed.get("status").has("steps")).isTrue();
        assertThat(user.api.get("/v1/accounts").json()).extracting(a -> a.get("status").asText()).containsOnly("linked");
        assertThat(user.api.get("/v1/accounts").body()).doesNotContainIgnoringCase("token");
        assertThat(user.api.delete("/v1/connections/" + connection).status()).isEqualTo(204);
        assertProblem(user.api.get("/v1/connections/" + connection), 404);
    }

    private static void assertProblem(ApiClient.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }
}
