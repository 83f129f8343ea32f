package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import model.ConflictStrategy;
import model.DataType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import state.Connection;
import state.ConnectionSettings;
import state.ConnectionStore;
import state.DueIndex;
import state.Tables;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's settings and its cursors are written apart: a PATCH never touches cursors or job fields, however
 * long ago it read the connection, and its schedule moves the connection in and out of the scheduler's index.
 */
@ExtendWith(SharedSyncWell.class)
class ConnectionSettingsTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aPatchThatReadTheConnectionBeforeAJobFinishedLeavesTheJobsCursorAlone() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        Instant morning = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        app.sandbox().seedWeight("fitbit", user.providerUser("fitbit"), List.of(Map.of("time", morning.toString(), "kg", 71.2)));
        String id = user.connect("fitbit", "googlefit", List.of("weight"));
        syncAndWait(user, id);
        ConnectionStore store = store();
        // the PATCH reads the connection here ...
        Connection readByPatch = store.find(user.id, id).orElseThrow();
        // ... a sync finishes meanwhile and moves the cursor (cursor updates never bump the version) ...
        JsonNode second = syncAndWait(user, id).get("weight");
        JsonNode afterJob = user.api.get("/v1/connections/" + id).json().at("/status/weight");
        assertThat(afterJob.get("lastJobId").asText()).isEqualTo(second.get("id").asText());

        // ... and then writes what it changed
        assertThat(store.update(readByPatch, new ConnectionSettings(List.of(DataType.WEIGHT),
                ConflictStrategy.PRIORITIZE_DESTINATION, Map.of(), null, true, null, Instant.now().plus(1, ChronoUnit.DAYS))))
                .isPresent();

        JsonNode patched = user.api.get("/v1/connections/" + id).json();
        assertThat(patched.get("conflictStrategy").asText()).isEqualTo("PRIORITIZE_DESTINATION");
        assertThat(patched.at("/status/weight")).as("cursor and last job as the job left them").isEqualTo(afterJob);
        assertThat(patched.get("version").asLong()).isEqualTo(readByPatch.version() + 1);
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndItsScheduleCanBeSetAndCleared() {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        String id = user.connect("fitbit", "googlefit", List.of("weight"));
        syncAndWait(user, id);
        JsonNode before = user.api.get("/v1/connections/" + id).json();
        assertThat(before.get("schedule").isNull()).as("created without a schedule: manual only").isTrue();
        assertThat(before.get("nextSyncAt").isNull()).isTrue();

        JsonNode scheduled = user.api.patch("/v1/connections/" + id, Map.of("schedule", "PT1H")).json();
        assertThat(scheduled.get("schedule").asText()).isEqualTo("PT1H");
        Instant next = Instant.parse(scheduled.get("nextSyncAt").asText());
        assertThat(next).isBetween(Instant.now().plus(55, ChronoUnit.MINUTES), Instant.now().plus(67, ChronoUnit.MINUTES));
        assertThat(scheduled.get("status")).isEqualTo(before.get("status"));
        assertThat(scheduled.get("conflictStrategy")).isEqualTo(before.get("conflictStrategy"));

        // another setting changed: the schedule and its next run stay
        JsonNode restrategised = user.api.patch("/v1/connections/" + id, Map.of("conflictStrategy", "MERGE_INTELLIGENTLY")).json();
        assertThat(restrategised.get("nextSyncAt").asText()).isEqualTo(scheduled.get("nextSyncAt").asText());

        java.util.HashMap<String, Object> clear = new java.util.HashMap<>();
        clear.put("schedule", null);
        JsonNode manual = user.api.patch("/v1/connections/" + id, clear).json();
        assertThat(manual.get("schedule").isNull()).isTrue();
        assertThat(manual.get("nextSyncAt").isNull()).isTrue();
        assertThat(manual.get("status")).isEqualTo(before.get("status"));

        assertThat(user.api.patch("/v1/connections/" + id, Map.of("schedule", "PT1M")).status())
                .as("shorter than the shortest schedule").isEqualTo(400);
    }

    private ConnectionStore store() {
        return new ConnectionStore(app.context().getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class),
                Tables.withPrefix("syncwell-"), new DueIndex(8));
    }
}
