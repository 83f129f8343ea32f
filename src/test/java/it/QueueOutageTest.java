package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQS unreachable (ElasticMQ's API stopped; its queues keep their messages): a sync requested meanwhile is refused with
 * a 503 and a Retry-After — nothing promised that cannot be kept — and the same request after the outage runs.
 * The long fault suite (RELIABILITY.md) takes SQS and S3 away mid-round under load.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class QueueOutageTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    @Test
    void aSyncRequestedWhileSqsIsDownIsRefusedForNowAndRunsWhenAskedAgain() throws Exception {
        TestUser user = TestUser.linkedWithNoData(app, "fitbit", "googlefit");
        sandbox.seed("fitbit", user.providerUser("fitbit"), "steps",
                ProviderMatrixTest.samples("steps", Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS)));
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));

        ApiClient.Answer refused;
        app.localStack().stopSqs();
        try {
            refused = user.api.post("/v1/connections/" + connection + "/sync", null);
        } finally {
            app.localStack().startSqs();
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().path("detail").asText()).contains("unavailable").doesNotContain("Exception", "localhost");

        JsonNode job = SyncScenario.awaitFinished(user, SyncScenario.requestSync(user, connection).get(0));
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(ProviderMatrixTest.values("steps", sandbox.read("googlefit", user.providerUser("googlefit"), "steps"), true))
                .isNotEmpty()
                .containsExactlyElementsOf(ProviderMatrixTest.values("steps",
                        sandbox.read("fitbit", user.providerUser("fitbit"), "steps"), true));
    }
}
