package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static it.SyncScenario.awaitFinished;
import static it.SyncScenario.requestSync;
import static it.SyncScenario.states;
import static it.SyncScenario.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every provider, as a source and (when it writes) as a destination, survives what real APIs do to a job: bursts of
 * 5xx, a 429 storm, its access token expiring mid-job (twice, so a rotated refresh token must have been kept), and
 * a malformed answer, an answer past the size cap. Each scenario ends with the destination holding exactly the source's data — nothing lost,
 * nothing written twice. The providers and their pairs come from {@code GET /v1/providers}, so a new provider is
 * covered by itself.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class ProviderFaultTest {

    /** The cheapest type first: a fault scenario needs data, not volume. */
    private static final List<String> TYPE_PREFERENCE = List.of("weight", "heart_rate", "steps", "sleep", "activities");

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    /** One sync under test: which provider the faults hit, and which side of the sync it is. */
    private record Pair(String source, String destination, String type, String faulty) {
        @Override
        public String toString() {
            return source + " -> " + destination + " (" + type + "), faults at " + faulty;
        }
    }

    @TestFactory
    Stream<DynamicNode> everyProviderSurvivesProviderFaults() {
        JsonNode providers = app.api("faults").get("/v1/providers").json();
        List<DynamicNode> containers = new ArrayList<>();
        for (JsonNode provider : providers) {
            String id = provider.get("id").asText();
            pairAsSource(providers, provider).ifPresent(pair -> containers.add(scenarios(pair)));
            pairAsDestination(providers, provider).ifPresent(pair -> containers.add(scenarios(pair)));
            assertThat(pairAsSource(providers, provider).isPresent() || pairAsDestination(providers, provider).isPresent())
                    .as("%s takes part in at least one sync", id).isTrue();
        }
        return containers.stream();
    }

    private DynamicContainer scenarios(Pair pair) {
        return DynamicContainer.dynamicContainer(pair.toString(), Stream.of(
                DynamicTest.dynamicTest("5xx burst is retried", () -> serverErrorBurst(pair)),
                DynamicTest.dynamicTest("a connection dropped mid-answer is retried", () -> droppedConnection(pair)),
                DynamicTest.dynamicTest("429 storm defers the job until the window resets", () -> rateLimitStorm(pair)),
                DynamicTest.dynamicTest("expired tokens are refreshed and rotated ones kept", () -> tokenExpiry(pair)),
                DynamicTest.dynamicTest("a malformed answer is a dead letter; the next sync delivers all", () -> malformed(pair)),
                DynamicTest.dynamicTest("an answer past the size cap is a dead letter; the next sync delivers all",
                        () -> oversized(pair))));
    }

    /** Two 503s in a row, then a 502 after the next call: for providers with several calls a job, mid-job. */
    private void serverErrorBurst(Pair pair) {
        Scenario scenario = new Scenario(pair);
        sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("status", 503, "count", 2));
        sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("status", 502, "count", 1, "after", 1));

        JsonNode job = scenario.sync();

        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(states(job)).contains("RETRYING");
        scenario.assertDestinationHoldsTheSource();
    }

    /**
     * The provider's first answer of the job breaks off halfway (the connection closes before the announced length): a
     * transient failure, retried, and nothing lost or doubled.
     */
    private void droppedConnection(Pair pair) {
        Scenario scenario = new Scenario(pair);
        sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("dropped", true, "count", 1));

        JsonNode job = scenario.sync();

        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(states(job)).contains("RETRYING");
        scenario.assertDestinationHoldsTheSource();
    }

    private void rateLimitStorm(Pair pair) {
        Scenario scenario = new Scenario(pair);
        // a provider's window is minutes to hours; a one-second one keeps the test short, the headers stay the provider's
        sandbox.rateLimit(pair.faulty, Map.of("windowSeconds", 1));
        try {
            sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("status", 429, "count", 3));

            JsonNode job = scenario.sync();

            assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
            assertThat(states(job)).contains("DEFERRED").doesNotContain("FAILED");
            scenario.assertDestinationHoldsTheSource();
        } finally {
            sandbox.rateLimit(pair.faulty, Map.of("windowSeconds", 0));
        }
    }

    /** Expired twice: where refresh tokens rotate, the second refresh only works if the first one's new token was kept. */
    private void tokenExpiry(Pair pair) {
        Scenario scenario = new Scenario(pair);
        sandbox.expireTokens(pair.faulty, scenario.userAt(pair.faulty));
        assertThat(scenario.sync().get("state").asText()).isEqualTo("SUCCEEDED");

        sandbox.expireTokens(pair.faulty, scenario.userAt(pair.faulty));
        JsonNode second = scenario.sync();

        assertThat(second.get("state").asText()).as("job %s", second).isEqualTo("SUCCEEDED");
        assertThat(scenario.user.api.get("/v1/accounts").json()).extracting(a -> a.get("status").asText()).containsOnly("linked");
        scenario.assertDestinationHoldsTheSource();
    }

    private void malformed(Pair pair) {
        Scenario scenario = new Scenario(pair);
        sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("malformed", true, "count", 1));

        JsonNode failed = awaitFinished(scenario.user, requestSync(scenario.user, scenario.connection).get(0));

        assertThat(failed.get("state").asText()).as("job %s", failed).isEqualTo("MOVED_TO_DLQ");
        assertThat(failed.get("error").asText()).contains(pair.faulty);
        JsonNode next = scenario.sync();
        assertThat(next.get("state").asText()).as("job %s", next).isEqualTo("SUCCEEDED");
        scenario.assertDestinationHoldsTheSource();
    }

    /**
     * The provider's first answer of the job grows to 40 MiB (the sandbox repeats its longest list): past what any call
     * takes (32 MiB for answers read element by element, 4 MiB for those read whole), so it is refused once the cap is
     * passed, without reading the rest, and the job is a dead letter naming the cap (or, for a list, the page size asked).
     */
    private void oversized(Pair pair) {
        Scenario scenario = new Scenario(pair);
        sandbox.fault(pair.faulty, scenario.userAt(pair.faulty), Map.of("inflateTo", 40 * 1024 * 1024, "count", 1));

        JsonNode failed = awaitFinished(scenario.user, requestSync(scenario.user, scenario.connection).get(0));

        assertThat(failed.get("state").asText()).as("job %s", failed).isEqualTo("MOVED_TO_DLQ");
        // a list page is refused sooner, once it holds more elements than were asked for
        assertThat(failed.get("error").asText()).contains(pair.faulty)
                .containsPattern("with more than (4|32) MiB|a page of more than \\d+ \\w+ elements");
        JsonNode next = scenario.sync();
        assertThat(next.get("state").asText()).as("job %s", next).isEqualTo("SUCCEEDED");
        scenario.assertDestinationHoldsTheSource();
    }

    /** A fresh user with both accounts linked, empty accounts, the source seeded, and a connection. */
    private final class Scenario {
        final Pair pair;
        final TestUser user;
        final String connection;

        Scenario(Pair pair) {
            this.pair = pair;
            this.user = TestUser.linkedTo(app, pair.source, pair.destination);
            sandbox.wipe(pair.source, userAt(pair.source));
            sandbox.wipe(pair.destination, userAt(pair.destination));
            Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
            sandbox.seed(pair.source, userAt(pair.source), pair.type, ProviderMatrixTest.samples(pair.type, base));
            this.connection = user.connect(pair.source, pair.destination, List.of(pair.type));
        }

        String userAt(String provider) {
            return user.providerUser(provider);
        }

        JsonNode sync() {
            return syncAndWait(user, connection).get(pair.type);
        }

        void assertDestinationHoldsTheSource() {
            boolean keepsStreams = ProviderMatrixTest.keepsDetail(pair.type, pair.destination);
            assertThat(ProviderMatrixTest.values(pair.type, sandbox.read(pair.destination, userAt(pair.destination), pair.type),
                    keepsStreams))
                    .as("%s at %s", pair.type, pair.destination)
                    .containsExactlyElementsOf(ProviderMatrixTest.values(pair.type,
                            sandbox.read(pair.source, userAt(pair.source), pair.type), keepsStreams));
        }
    }

    private static java.util.Optional<Pair> pairAsSource(JsonNode providers, JsonNode source) {
        for (String type : TYPE_PREFERENCE) {
            if (!contains(source.get("read"), type)) {
                continue;
            }
            for (JsonNode destination : providers) {
                if (destination != source && contains(destination.get("write"), type)) {
                    return java.util.Optional.of(new Pair(source.get("id").asText(), destination.get("id").asText(), type,
                            source.get("id").asText()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Pair> pairAsDestination(JsonNode providers, JsonNode destination) {
        for (String type : TYPE_PREFERENCE) {
            if (!contains(destination.get("write"), type)) {
                continue;
            }
            for (JsonNode source : providers) {
                if (source != destination && contains(source.get("read"), type)) {
                    return java.util.Optional.of(new Pair(source.get("id").asText(), destination.get("id").asText(), type,
                            destination.get("id").asText()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
