package it;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * A second instance beside the shared one (own ports, own data dir) is stopped and started again on the
 * same data dir: connections, cursors and job history are still there (dynalite's files).
 */
@Order(3)
@ExtendWith(SharedSyncWell.class)
class RestartTest {

    @Test
    void restartKeepsConnectionsCursorsAndJobHistory() {
        SharedSyncWell.instance();
        Path dataDir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("restart-" + System.currentTimeMillis());
        String connection;
        String userId;
        JsonNode before;
        JsonNode jobsBefore;
        try (SyncWellInstance second = new SyncWellInstance("syncwell-second", dataDir).start()) {
            TestUser user = TestUser.linkedTo(second, "fitbit", "googlefit");
            userId = user.id;
            second.sandbox().seedWeight("fitbit", user.providerUser("fitbit"), List.of(Map.of("time",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS).toString(), "kg", 68.8)));
            connection = user.connect("fitbit", "googlefit", List.of("weight"));
            SyncScenario.syncAndWait(user, connection);
            before = user.api.get("/v1/connections/" + connection).json();
            jobsBefore = user.api.get("/v1/connections/" + connection + "/jobs").json();
        }

        try (SyncWellInstance restarted = new SyncWellInstance("syncwell-second", dataDir).start()) {
            ApiClient api = restarted.api(userId);
            JsonNode after = api.get("/v1/connections/" + connection).json();
            assertThat(after.get("status")).isEqualTo(before.get("status"));
            assertThat(after.get("status").get("weight").get("lastSyncTime").asText()).isNotBlank();
            assertThat(api.get("/v1/connections/" + connection + "/jobs").json()).isEqualTo(jobsBefore);
            assertThat(api.get("/v1/accounts").json()).hasSize(2);
        }
    }
}
