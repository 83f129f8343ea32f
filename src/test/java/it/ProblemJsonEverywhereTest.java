package it;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, holes 8 and 9: every answer the API's server gives is {@code application/problem+json}, whoever
 * produces it — an unknown path (was HTML), a method its path does not take (was an empty 405), a body over the
 * endpoint's limit (was plain text, and an "Unhandled exception in router" error in the log); a push over 256 KiB is
 * 413, one that is not JSON 415, one to a provider that does not exist 404, a refused push says why.
 */
@ExtendWith(SharedSyncWell.class)
class ProblemJsonEverywhereTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void theServersOwnRefusalsAreProblemJson() throws Exception {
        ApiClient user = app.api("problem-json-user");

        assertProblem(user.get("/no/such/path"), 404);
        assertProblem(user.get("/"), 404);
        assertProblem(user.get("/v1/no-such-resource"), 404);
        assertProblem(user.get("/v1/connections/c1/no-such-thing"), 404);

        ApiClient.Answer wrongMethod = user.send("PUT", "/v1/connections", "{}", "application/json");
        assertProblem(wrongMethod, 405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("GET, POST");
        ApiClient.Answer wrongMethodOnId = user.send("POST", "/v1/jobs/j-1", "{}", "application/json");
        assertProblem(wrongMethodOnId, 405);
        assertThat(wrongMethodOnId.raw().headers().firstValue("Allow")).hasValue("GET");

        ApiClient.Answer huge = user.send("POST", "/v1/connections", "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}",
                "application/json");
        assertProblem(huge, 413);
        assertThat(huge.json().path("detail").asText()).contains("65536 bytes");
        assertProblem(user.send("PATCH", "/v1/connections/c1", "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}",
                "application/json"), 413);
        assertThat(Files.readString(Path.of("target/it/test-run.log"))).doesNotContain("Unhandled exception in router");
    }

    @Test
    void pushesAreCheckedForSizeTypeAndProvider() {
        ApiClient anonymous = ApiClient.withToken(app.apiUrl(), null);
        String strava = "{\"aspect_type\":\"create\",\"object_type\":\"activity\",\"object_id\":1,\"owner_id\":2,"
                + "\"subscription_id\":1,\"event_time\":1700000000,\"updates\":{},\"pad\":\"%s\"}";

        ApiClient.Answer oversized = anonymous.send("POST", "/v1/webhooks/strava", strava.formatted("x".repeat(257 * 1024)),
                "application/json");
        assertProblem(oversized, 413);
        assertThat(oversized.json().path("detail").asText()).contains("262144 bytes");
        assertThat(anonymous.send("POST", "/v1/webhooks/strava", strava.formatted("x".repeat(100 * 1024)), "application/json")
                .status()).as("a push under the limit, even over the API's 64 KiB").isEqualTo(200);
        assertProblem(anonymous.send("POST", "/v1/webhooks/strava", "aspect_type=create", "application/x-www-form-urlencoded"), 415);
        assertProblem(anonymous.send("POST", "/v1/webhooks/strava", strava.formatted(""), "text/plain"), 415);
        assertProblem(anonymous.send("POST", "/v1/webhooks/no-such-provider", strava.formatted(""), "application/json"), 404);
        assertProblem(anonymous.send("POST", "/v1/webhooks/strava", "not an event", "application/json"), 400);
        assertProblem(anonymous.send("POST", "/v1/webhooks/fitbit", "[]", "application/json"), 404);
        assertProblem(anonymous.send("DELETE", "/v1/webhooks/strava", null, null), 405);
    }

    private static void assertProblem(ApiClient.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type of a %d", status).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("title").asText()).isNotBlank();
        assertThat(answer.json().path("detail").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
    }
}
