package it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import state.ConnectionStore;
import state.Tables;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, hole 5: one user calling the API in a loop. Calls per user and per client address are limited (429
 * problem+json with Retry-After; pushes count against a bucket of their own); a sync request for a type whose job still
 * waits to start answers that job instead of queuing another (and never one that already ran); lists come a page at a time with a link to the next.
 */
@ExtendWith(SharedSyncWell.class)
class ApiAbuseTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void callsPerUserAndPerAddressAreLimited() {
        int apiPort = SyncWellProcess.freePort();
        try (SyncWellProcess api = SyncWellProcess.start(app, "limited-api", Path.of("target/it/api-abuse"), Map.of(
                "syncwell.roles", "api", "camel.server.port", Integer.toString(apiPort),
                "syncwell.api.rate-limit.user-per-minute", "20", "syncwell.api.rate-limit.address-per-minute", "50",
                "syncwell.api.rate-limit.push-address-per-minute", "1000"))) {
            api.awaitStarted();
            String url = "http://localhost:" + apiPort;
            ApiClient looping = ApiClient.forUser(url, "looping-" + UUID.randomUUID());
            for (int i = 0; i < 20; i++) {
                assertThat(looping.get("/v1/connections").status()).isEqualTo(200);
            }
            ApiClient.Answer limited = looping.get("/v1/connections");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.json().path("detail").asText()).contains("20 calls a minute by this user");
            assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);

            // other users from the same address go on (ten calls each), until the address has made its 50 (give or take
            // what the bucket refilled meanwhile: 50 a minute)
            int calls = 21;
            ApiClient.Answer addressLimited = null;
            while (addressLimited == null && calls < 100) {
                ApiClient other = ApiClient.forUser(url, "other-" + UUID.randomUUID());
                for (int i = 0; i < 10 && addressLimited == null; i++) {
                    ApiClient.Answer answer = other.get("/v1/providers");
                    calls++;
                    if (answer.status() != 200) {
                        addressLimited = answer;
                    }
                }
            }
            assertThat(addressLimited).isNotNull();
            assertThat(calls).as("the call refused").isBetween(51, 60);
            assertThat(addressLimited.status()).isEqualTo(429);
            assertThat(addressLimited.contentType()).startsWith("application/problem+json");
            assertThat(addressLimited.json().path("detail").asText()).contains("50 calls a minute from this address");
            assertThat(addressLimited.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(ApiClient.withToken(url, null).get("/v1/providers").status()).as("nor anonymously").isEqualTo(429);
            // provider pushes from the same address have a bucket of their own
            assertThat(ApiClient.withToken(url, null).send("POST", "/v1/webhooks/strava", "not an event", "application/json")
                    .status()).isEqualTo(400);
        }
    }

    @Test
    void aSyncRequestWhileOneWaitsAnswersThatJob() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));
        // the first job takes a while at Fitbit; the next one waits for it, and so joins whatever asks meanwhile
        app.sandbox().fault("fitbit", user.providerUser("fitbit"), Map.of("delayMillis", 4000, "count", 1));
        String running = jobId(user.api.post("/v1/connections/" + connection + "/sync", null));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.api.get("/v1/jobs/" + running).json().path("state").asText(), "IN_PROGRESS"::equals);

        String waiting = jobId(user.api.post("/v1/connections/" + connection + "/sync", null));
        assertThat(waiting).isNotEqualTo(running);
        for (int i = 0; i < 10; i++) {
            assertThat(jobId(user.api.post("/v1/connections/" + connection + "/sync", null))).as("request %d", i).isEqualTo(waiting);
        }
        JsonNode jobs = user.api.get("/v1/connections/" + connection + "/jobs?limit=100").json();
        assertThat(jobs).as("twelve requests, two jobs").hasSize(2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api.get("/v1/jobs/" + waiting).json().path("state").asText(), "SUCCEEDED"::equals);
        assertThat(jobId(user.api.post("/v1/connections/" + connection + "/sync", null))).as("once it ran, a new job")
                .isNotIn(running, waiting);
    }

    @Test
    void aSlotStillNamingAJobThatRanIsTakenOverNotJoined() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));
        String ran = jobId(user.api.post("/v1/connections/" + connection + "/sync", null));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api.get("/v1/jobs/" + ran).json().path("state").asText(), "SUCCEEDED"::equals);
        // the slot as it was once found under load: naming the job after it had run, for longer than a moment
        Instant since = Instant.now().minus(Duration.ofSeconds(11));
        app.dynamo().updateItem(b -> b.tableName(Tables.withPrefix("syncwell-").connections())
                .key(ConnectionStore.key(user.id, connection))
                .updateExpression("SET #st.#dt.waitingJobId = :j, #st.#dt.waitingSince = :since")
                .expressionAttributeNames(Map.of("#st", "status", "#dt", "steps"))
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(ran),
                        ":since", AttributeValue.fromN(Long.toString(since.toEpochMilli())))));

        String next = jobId(user.api.post("/v1/connections/" + connection + "/sync", null));
        assertThat(next).as("a new job, not the one that ran").isNotEqualTo(ran);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api.get("/v1/jobs/" + next).json().path("state").asText(), "SUCCEEDED"::equals);
    }

    @Test
    void connectionsComeAPageAtATime() {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        Set<String> created = new HashSet<>();
        for (String type : List.of("steps", "weight", "heart_rate", "sleep", "activities")) {
            created.add(user.connect("fitbit", "googlefit", List.of(type)));
        }
        List<String> listed = new ArrayList<>();
        String next = "/v1/connections?limit=2";
        int pages = 0;
        while (next != null) {
            ApiClient.Answer page = user.api.get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(2);
            page.json().forEach(connection -> listed.add(connection.path("id").asText()));
            next = page.raw().headers().firstValue("Link").map(ApiAbuseTest::nextLink).orElse(null);
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(listed).hasSize(5).containsExactlyInAnyOrderElementsOf(created);
        assertThat(user.api.get("/v1/connections?limit=0").status()).isEqualTo(400);
        assertThat(user.api.get("/v1/connections?limit=5000").status()).isEqualTo(400);
        assertThat(user.api.get("/v1/connections?cursor=not*a!cursor").status()).isEqualTo(400);
    }

    private static String nextLink(String header) {
        Matcher link = NEXT.matcher(header);
        return link.find() ? link.group(1) : null;
    }

    private static String jobId(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("jobs").get(0).path("id").asText();
    }
}
