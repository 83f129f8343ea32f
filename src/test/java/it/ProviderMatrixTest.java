package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.SandboxClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every provider syncs every data type it can read into every provider that can write it, sandbox to
 * sandbox through the HTTP API; the pairs come from {@code GET /v1/providers}, so a new provider or data type
 * joins the matrix by itself. The destination must then hold exactly the source's values at the same instants.
 */
@Order(5)
@ExtendWith(SharedSyncWell.class)
class ProviderMatrixTest {

    private final SyncWellInstance app = SharedSyncWell.instance();
    private final SandboxClient sandbox = app.sandbox();

    @TestFactory
    Stream<DynamicTest> everyReadableTypeReachesEveryWriter() {
        JsonNode providers = app.api("matrix").get("/v1/providers").json();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode source : providers) {
            for (JsonNode destination : providers) {
                if (source == destination) {
                    continue;
                }
                for (JsonNode type : source.get("read")) {
                    if (contains(destination.get("write"), type.asText())) {
                        String from = source.get("id").asText();
                        String to = destination.get("id").asText();
                        tests.add(DynamicTest.dynamicTest(from + " -> " + to + ": " + type.asText(),
                                () -> syncAndCompare(from, to, type.asText())));
                    }
                }
            }
        }
        assertThat(tests).as("the matrix is not empty").isNotEmpty();
        return tests.stream();
    }

    private void syncAndCompare(String source, String destination, String type) {
        TestUser user = TestUser.linkedTo(app, source, destination);
        String sourceUser = user.providerUser(source);
        String destinationUser = user.providerUser(destination);
        sandbox.wipe(source, sourceUser);
        sandbox.wipe(destination, destinationUser);
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        sandbox.seed(source, sourceUser, type, samples(type, base));
        String connection = user.connect(source, destination, List.of(type));

        JsonNode job = SyncScenario.syncAndWait(user, connection).get(type);

        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(values(type, sandbox.read(destination, destinationUser, type)))
                .as("%s at %s after the sync", type, destination)
                .containsExactlyElementsOf(values(type, sandbox.read(source, sourceUser, type)));
    }

    /** Three realistic samples an hour apart (minute-aligned, as every provider can represent them). */
    private static List<Map<String, Object>> samples(String type, Instant base) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant at = base.plus(i, ChronoUnit.HOURS);
            samples.add(switch (type) {
                case "steps" -> Map.of("start", at.toString(), "end", at.plus(1, ChronoUnit.MINUTES).toString(), "count", 40 + 17 * i);
                case "weight" -> Map.of("time", at.plusSeconds(11).toString(), "kg", 70.5 + i / 10.0);
                case "heart_rate" -> Map.of("time", at.toString(), "bpm", 58 + 9 * i);
                default -> throw new IllegalArgumentException("no samples for " + type + " yet");
            });
        }
        return samples;
    }

    /** What must survive a sync: the instants and the values, in SI units. */
    private static List<String> values(String type, JsonNode entries) {
        List<String> values = new ArrayList<>();
        for (JsonNode e : entries) {
            values.add(switch (type) {
                case "steps" -> e.get("start").asText() + "/" + e.get("end").asText() + "=" + e.get("count").asLong();
                case "weight" -> Instant.parse(e.get("time").asText()) + "=" + Math.round(e.get("kg").asDouble() * 100);
                case "heart_rate" -> Instant.parse(e.get("time").asText()) + "=" + Math.round(e.get("bpm").asDouble());
                default -> throw new IllegalArgumentException(type);
            });
        }
        return values;
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
