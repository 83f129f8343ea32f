package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import state.ConnectionStore;
import state.Tables;
import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two versions of one provider bound side by side (Withings v2, active, and v3, a preview that reads by lastupdate):
 * what GET /v1/providers shows of them, a connection keeping the version it was made with until an operator moves it
 * (POST /v1/admin/providers/{id}/migrate), its jobs then running through the new version's routes against the sandbox,
 * and the connections that cannot run as they are: pinned to a version no longer served, or stored before pins.
 * Migrations here name their users (a pilot), so connections of other tests on the shared instance stay as they are.
 */
@ExtendWith(SharedSyncWell.class)
class ProviderVersionsTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final ApiClient admin = ApiClient.forAdmin(app.apiUrl(), "operator-" + UUID.randomUUID());

    @Test
    void theProvidersListShowsTheCurrentVersionAndEveryVersionBound() {
        JsonNode withings = row(admin.get("/v1/providers").json(), "withings");
        assertThat(withings.get("version").asText()).as("what new connections pin").isEqualTo("v2");
        assertThat(withings.get("status").asText()).isEqualTo("active");
        assertThat(withings.get("versions")).hasSize(2);
        assertThat(withings.get("versions").get(0).get("version").asText()).isEqualTo("v2");
        assertThat(withings.get("versions").get(0).get("status").asText()).isEqualTo("active");
        assertThat(withings.get("versions").get(1).get("version").asText()).isEqualTo("v3");
        assertThat(withings.get("versions").get(1).get("status").asText()).isEqualTo("preview");
        assertThat(withings.get("versions").get(1).get("notice").asText()).contains("lastupdate");

        JsonNode strava = row(admin.get("/v1/providers").json(), "strava");
        assertThat(strava.get("versions")).singleElement()
                .satisfies(only -> assertThat(only.get("version").asText()).isEqualTo("v3"));
    }

    @Test
    void aConnectionKeepsItsVersionUntilAnOperatorMovesItAndThenSyncsThroughTheNewOne() {
        TestUser user = TestUser.linkedWithNoData(app, "withings", "googlehealth");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seedWeight(user, now.minus(3, ChronoUnit.HOURS), 71.3);
        JsonNode created = user.api.post("/v1/connections", Map.of("source", "withings", "destination", "googlehealth",
                "dataTypes", List.of("weight"))).json();
        String connection = created.get("id").asText();
        assertThat(created.get("sourceVersion").asText()).isEqualTo("v2");
        assertThat(created.get("destinationVersion").asText()).isEqualTo(currentVersion("googlehealth"));

        JsonNode first = syncAndWait(user, connection).get("weight");
        assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(details(first)).anySatisfy(detail -> assertThat(detail).contains("withings v2 -> googlehealth"));

        ApiClient.Answer refused = user.api.post("/v1/admin/providers/withings/migrate", Map.of("from", "v2", "to", "v3"));
        assertThat(refused.status()).as("only an operator moves connections").isEqualTo(403);
        JsonNode moved = migrate(Map.of("from", "v2", "to", "v3", "userIds", List.of(user.id)));
        assertThat(moved.get("moved").asInt()).isEqualTo(1);
        assertThat(moved.get("kept")).isEmpty();
        assertThat(user.api.get("/v1/connections/" + connection).json().get("sourceVersion").asText()).isEqualTo("v3");
        assertThat(migrate(Map.of("from", "v2", "to", "v3", "userIds", List.of(user.id))).get("moved").asInt())
                .as("moving again finds nothing left on v2").isZero();

        seedWeight(user, now.minus(1, ChronoUnit.HOURS), 71.9);
        JsonNode second = syncAndWait(user, connection).get("weight");
        assertThat(second.get("state").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(details(second)).anySatisfy(detail -> assertThat(detail).contains("withings v3 -> googlehealth"));
        assertThat(kilograms(app.sandbox().weight("googlehealth", user.providerUser("googlehealth"))))
                .as("each weight once, whichever version read it").containsExactlyInAnyOrder(71.3, 71.9);
    }

    @Test
    void aConnectionPinnedToAVersionNoLongerServedSaysHowToMoveIt() {
        TestUser user = TestUser.linkedWithNoData(app, "withings", "googlehealth");
        seedWeight(user, Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS), 80.2);
        String connection = user.connect("withings", "googlehealth", List.of("weight"));
        // as if its version had been v1, since removed from the code
        app.dynamo().updateItem(b -> b.tableName(Tables.withPrefix("syncwell-").connections())
                .key(ConnectionStore.key(user.id, connection))
                .updateExpression("SET sourceVersion = :v1")
                .expressionAttributeValues(Map.of(":v1", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("v1"))));
        assertThat(user.api.get("/v1/connections/" + connection).json().get("sourceVersion").asText()).isEqualTo("v1");

        ApiClient.Answer patch = user.api.patch("/v1/connections/" + connection, Map.of("dataTypes", List.of("weight")));
        assertThat(patch.status()).as(patch.body()).isEqualTo(409);
        assertThat(patch.json().get("detail").asText()).contains("withings v1").contains("/v1/admin/providers/withings/migrate");
        JsonNode failed = syncAndWait(user, connection).get("weight");
        assertThat(failed.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        assertThat(failed.get("error").asText()).contains("no longer serves").contains("/v1/admin/providers/withings/migrate");
        assertThat(app.sandbox().weight("googlehealth", user.providerUser("googlehealth"))).isEmpty();

        assertThat(migrate(Map.of("from", "v1", "to", "v2", "userIds", List.of(user.id))).get("moved").asInt()).isEqualTo(1);
        JsonNode after = syncAndWait(user, connection).get("weight");
        assertThat(after.get("state").asText()).as(after.toString()).isEqualTo("SUCCEEDED");
        assertThat(kilograms(app.sandbox().weight("googlehealth", user.providerUser("googlehealth")))).containsExactly(80.2);
    }

    @Test
    void aConnectionStoredBeforeVersionsWerePinnedIsOnTheOldestVersion() {
        TestUser user = TestUser.linkedWithNoData(app, "withings", "googlehealth");
        String connection = user.connect("withings", "googlehealth", List.of("weight"));
        app.dynamo().updateItem(b -> b.tableName(Tables.withPrefix("syncwell-").connections())
                .key(ConnectionStore.key(user.id, connection))
                .updateExpression("REMOVE sourceVersion, destinationVersion"));

        JsonNode shown = user.api.get("/v1/connections/" + connection).json();
        assertThat(shown.get("sourceVersion").asText()).isEqualTo("v2");
        assertThat(shown.get("destinationVersion").asText()).isEqualTo(currentVersion("googlehealth"));
        assertThat(migrate(Map.of("from", "v3", "to", "v2", "userIds", List.of(user.id))).get("moved").asInt())
                .as("it is not on v3").isZero();
        assertThat(migrate(Map.of("from", "v2", "to", "v3", "userIds", List.of(user.id))).get("moved").asInt()).isEqualTo(1);
        assertThat(user.api.get("/v1/connections/" + connection).json().get("sourceVersion").asText()).isEqualTo("v3");
    }

    @Test
    void aMigrationItCannotCarryOutIsRefusedWithTheReason() {
        assertThat(admin.post("/v1/admin/providers/nosuch/migrate", Map.of("from", "v1", "to", "v2")).status()).isEqualTo(404);
        ApiClient.Answer unknownVersion = admin.post("/v1/admin/providers/withings/migrate", Map.of("from", "v2", "to", "v9"));
        assertThat(unknownVersion.status()).isEqualTo(400);
        assertThat(unknownVersion.json().get("detail").asText()).contains("v2, v3");
        for (Object body : List.of(Map.of("from", "v2", "to", "v2"), Map.of("to", "v3"), Map.of("from", "v2", "to", "v3", "userIds", List.of()),
                Map.of("from", "v2", "to", "v3", "everyone", true), "not an object")) {
            ApiClient.Answer refused = admin.post("/v1/admin/providers/withings/migrate", body);
            assertThat(refused.status()).as("%s: %s", body, refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
    }

    private JsonNode migrate(Map<String, Object> body) {
        ApiClient.Answer answer = admin.post("/v1/admin/providers/withings/migrate", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private void seedWeight(TestUser user, Instant time, double kg) {
        app.sandbox().seedWeight("withings", user.providerUser("withings"), List.of(Map.of("time", time.toString(), "kg", kg)));
    }

    private String currentVersion(String provider) {
        return row(admin.get("/v1/providers").json(), provider).get("version").asText();
    }

    private static JsonNode row(JsonNode providers, String id) {
        for (JsonNode provider : providers) {
            if (provider.get("id").asText().equals(id)) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + id + " in " + providers);
    }

    private static List<String> details(JsonNode job) {
        List<String> details = new ArrayList<>();
        job.get("history").forEach(event -> details.add(event.path("detail").asText()));
        return details;
    }

    private static List<Double> kilograms(JsonNode weights) {
        List<Double> kilograms = new ArrayList<>();
        weights.forEach(entry -> kilograms.add(entry.get("kg").asDouble()));
        return kilograms;
    }
}
