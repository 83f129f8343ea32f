package it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.PrometheusText;
import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.awaitFinished;
import static it.SyncScenario.requestSync;
import static it.SyncScenario.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /observe/metrics} on the management port after real syncs: a job that succeeds, one Fitbit defers on a 429,
 * one that garbage from Fitbit sends to the dead letters. SyncWell's meters count them, with labels that name
 * providers, types and outcomes — never a user — beside Camel's and the JVM's meters and the queue depths.
 */
@ExtendWith(SharedSyncWell.class)
class MetricsTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    @Test
    void syncsShowInThePrometheusMetrics() throws Exception {
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));

        JsonNode succeeded = awaitFinished(user, requestSync(user, connection).get(0));
        assertThat(succeeded.get("state").asText()).isEqualTo("SUCCEEDED");

        sandbox.rateLimit("fitbit", Map.of("windowSeconds", 1));
        try {
            sandbox.fault("fitbit", user.providerUser("fitbit"), Map.of("status", 429, "count", 1));
            JsonNode deferred = awaitFinished(user, requestSync(user, connection).get(0));
            assertThat(states(deferred)).contains("DEFERRED");
        } finally {
            sandbox.rateLimit("fitbit", Map.of("windowSeconds", 0));
        }

        sandbox.fault("fitbit", user.providerUser("fitbit"), Map.of("malformed", true, "count", 1));
        JsonNode failed = awaitFinished(user, requestSync(user, connection).get(0));
        assertThat(failed.get("state").asText()).isEqualTo("MOVED_TO_DLQ");

        PrometheusText metrics = await("queue depths read").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(app::metrics, text -> !text.named("syncwell_queue_messages").isEmpty());

        assertThat(metrics.sum("syncwell_jobs_seconds_count", l -> l.get("outcome").equals("succeeded")
                && l.get("source").equals("fitbit") && l.get("destination").equals("googlefit")
                && l.get("data_type").equals("steps") && l.get("path").equals("hot"))).isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("syncwell_jobs_seconds_count", l -> l.get("outcome").equals("deferred"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("syncwell_jobs_seconds_count", l -> l.get("outcome").equals("dead_lettered"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics.named("syncwell_jobs_seconds_bucket")).as("a histogram: P95 can be computed").isNotEmpty();
        assertThat(metrics.sum("syncwell_jobs_queue_wait_seconds_count", l -> l.get("path").equals("hot"))).isGreaterThanOrEqualTo(3);
        assertThat(metrics.sum("syncwell_provider_calls_seconds_count", l -> l.get("provider").equals("fitbit")
                && l.get("status").equals("200") && l.get("operation").startsWith("GET /"))).isGreaterThan(0);
        assertThat(metrics.sum("syncwell_provider_calls_seconds_count", l -> l.get("provider").equals("googlefit"))).isGreaterThan(0);
        assertThat(metrics.sum("syncwell_rate_limited_total", l -> l.get("provider").equals("fitbit"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("syncwell_dead_letters_total", l -> l.get("queue").equals("hot")
                && l.get("reason_kind").equals("permanent"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics.named("syncwell_queue_messages")).extracting(s -> s.labels().get("queue") + "/" + s.labels().get("state"))
                .contains("hot/visible", "hot/in_flight", "hot/delayed", "cold/visible", "hot-dlq/visible", "cold-dlq/visible");
        assertThat(metrics.sum("syncwell_aws_calls_total", l -> l.get("service").equals("dynamodb")
                && l.get("operation").equals("UpdateItem") && l.get("outcome").equals("ok"))).isGreaterThan(0);
        assertThat(metrics.named("syncwell_aws_calls_total")).as("queues are found by name, never by listing them all")
                .noneMatch(s -> s.labels().get("operation").equals("ListQueues"));
        assertThat(metrics.samples()).as("Camel's route meters and the JVM's").anyMatch(s -> s.name().startsWith("camel_exchanges"))
                .anyMatch(s -> s.name().startsWith("jvm_memory_used_bytes"));

        // the Grafana dashboard in k8s/ is built on these: every series it asks for exists
        JsonNode dashboard = model.Json.MAPPER.readTree(java.nio.file.Path.of("k8s/grafana/syncwell-dashboard.json").toFile());
        java.util.regex.Matcher series = java.util.regex.Pattern.compile("syncwell_[a-z_]+").matcher(dashboard.toString());
        while (series.find()) {
            String name = series.group();
            assertThat(metrics.named(name)).as("dashboard series " + name).isNotEmpty();
        }

        assertThat(metrics.samples()).as("no user in any label").noneMatch(s -> s.labels().values().stream()
                .anyMatch(value -> value.contains(user.id) || value.contains(user.providerUser("fitbit"))
                        || value.contains(user.providerUser("googlefit"))));
    }
}
