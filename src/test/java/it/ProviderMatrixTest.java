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

    /**
     * Destinations whose activity write takes totals only (Fitbit's activity log has no GPS or heart-rate track; the
     * Google Health API keeps workout telemetry read-only).
     */
    /**
     * Destinations that keep each record's own UTC offset. Fitbit renders every time in the account's profile zone,
     * Google Fit keeps none (nanoseconds since the epoch), so a record written there takes theirs.
     */
    static final java.util.Set<String> KEEPS_OFFSETS = java.util.Set.of("googlehealth", "strava", "wahoo");
    /**
     * An offset none of the sandbox's generated zones has: sources that keep an offset per record (Google Health)
     * store it, and it must arrive as it is; the others keep their account's zone.
     */
    static final String SEEDED_OFFSET = "+05:30";
    /** The types whose records carry the offset of the moment they were taken (steps and heart rate are minute samples). */
    static final java.util.Set<String> OFFSET_TYPES = java.util.Set.of("weight", "sleep", "activities");
    static final java.util.Set<String> WRITES_WITHOUT_STREAMS = java.util.Set.of("fitbit", "googlehealth");
    /** Where a workout written by us keeps its laps (Strava's Laps, the laps of Wahoo's FIT files), so they are compared too. */
    static final java.util.Set<String> KEEPS_LAPS = java.util.Set.of("strava", "wahoo");
    /** Sources whose own recordings list laps (Fitbit's and Google Health's in their TCX exports). */
    static final java.util.Set<String> READS_LAPS = java.util.Set.of("strava", "wahoo", "fitbit", "googlehealth");
    /**
     * Destinations whose sleep write takes the period only: Fitbit's sleep log endpoint has no parameter for stages
     * (startTime, duration, date), so a sleep written there keeps its start and end but no stages.
     */
    static final java.util.Set<String> WRITES_SLEEP_WITHOUT_STAGES = java.util.Set.of("fitbit");

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
        TestUser user = TestUser.linkedWithNoData(app, source, destination);
        String sourceUser = user.providerUser(source);
        String destinationUser = user.providerUser(destination);
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        sandbox.seed(source, sourceUser, type, samples(type, base));
        String connection = user.connect(source, destination, List.of(type));

        JsonNode job = SyncScenario.syncAndWait(user, connection).get(type);

        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        boolean keepsDetail = keepsDetail(type, destination);
        JsonNode atSource = sandbox.read(source, sourceUser, type);
        JsonNode atDestination = sandbox.read(destination, destinationUser, type);
        assertThat(values(type, atDestination, keepsDetail))
                .as("%s at %s after the sync", type, destination)
                .containsExactlyElementsOf(values(type, atSource, keepsDetail));
        if (type.equals("activities") && KEEPS_LAPS.contains(destination)) {
            assertThat(laps(atDestination)).as("laps at %s", destination).containsExactlyElementsOf(laps(atSource));
            if (READS_LAPS.contains(source)) {
                assertThat(laps(atSource)).as("the seeded laps at %s", source)
                        .singleElement().satisfies(laps -> assertThat(laps.split(" ")).hasSize(3));
            }
        }
        if (OFFSET_TYPES.contains(type)) {
            assertOffsetsKept(source, destination, atSource, atDestination);
        }
    }

    /**
     * The user's UTC offset at each record travels with it: every source that keeps one lists it, and a destination
     * that keeps each record's own offset holds the source's.
     */
    private static void assertOffsetsKept(String source, String destination, JsonNode atSource, JsonNode atDestination) {
        List<String> sourceOffsets = offsets(atSource);
        if (!source.equals("googlefit")) {
            assertThat(sourceOffsets).as("%s lists the offset it keeps with each record", source).doesNotContainNull();
        }
        if (KEEPS_OFFSETS.contains(destination) && !sourceOffsets.contains(null)) {
            assertThat(offsets(atDestination)).as("UTC offsets at %s", destination).containsExactlyElementsOf(sourceOffsets);
        }
    }

    private static List<String> offsets(JsonNode entries) {
        List<String> offsets = new ArrayList<>();
        entries.forEach(e -> offsets.add(e.hasNonNull("utcOffset") ? e.get("utcOffset").asText() : null));
        return offsets;
    }

    /** Whether the destination keeps a sleep's stages or a workout's streams, so they are compared too. */
    static boolean keepsDetail(String type, String destination) {
        return !(type.equals("sleep") ? WRITES_SLEEP_WITHOUT_STAGES : WRITES_WITHOUT_STREAMS).contains(destination);
    }

    /** Three realistic samples an hour apart (minute-aligned, as every provider can represent them). */
    static List<Map<String, Object>> samples(String type, Instant base) {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant at = base.plus(i, ChronoUnit.HOURS);
            samples.add(switch (type) {
                case "steps" -> Map.of("start", at.toString(), "end", at.plus(1, ChronoUnit.MINUTES).toString(), "count", 40 + 17 * i);
                case "weight" -> Map.of("time", at.plusSeconds(11).toString(), "kg", 70.5 + i / 10.0, "utcOffset", SEEDED_OFFSET);
                case "heart_rate" -> Map.of("time", at.toString(), "bpm", 58 + 9 * i);
                case "sleep" -> i == 0 ? withOffset(Samples.sleep(base)) : null;
                case "activities" -> i == 0 ? withOffset(Samples.run(base.plus(9, ChronoUnit.HOURS), "Matrix Run")) : null;
                default -> throw new IllegalArgumentException("no samples for " + type + " yet");
            });
        }
        samples.removeIf(java.util.Objects::isNull);
        return samples;
    }

    private static Map<String, Object> withOffset(Map<String, Object> entry) {
        entry.put("utcOffset", SEEDED_OFFSET);
        return entry;
    }

    /** What must survive a sync: the instants and the values, in SI units (stages and streams where the destination keeps them). */
    static List<String> values(String type, JsonNode entries, boolean keepsDetail) {
        List<String> values = new ArrayList<>();
        for (JsonNode e : entries) {
            values.add(switch (type) {
                case "steps" -> e.get("start").asText() + "/" + e.get("end").asText() + "=" + e.get("count").asLong();
                case "weight" -> Instant.parse(e.get("time").asText()) + "=" + Math.round(e.get("kg").asDouble() * 100);
                case "heart_rate" -> Instant.parse(e.get("time").asText()) + "=" + Math.round(e.get("bpm").asDouble());
                case "sleep" -> sleepValues(e, keepsDetail);
                case "activities" -> activityValues(e, keepsDetail);
                default -> throw new IllegalArgumentException(type);
            });
        }
        return values;
    }

    private static String sleepValues(JsonNode sleep, boolean keepsStages) {
        StringBuilder text = new StringBuilder(Instant.parse(sleep.get("start").asText()) + "/" + Instant.parse(sleep.get("end").asText()));
        for (JsonNode stage : keepsStages ? sleep.path("stages") : List.<JsonNode>of()) {
            text.append(' ').append(stage.get("level").asText()).append('@').append(Instant.parse(stage.get("start").asText()))
                    .append('/').append(Instant.parse(stage.get("end").asText()));
        }
        return text.toString();
    }

    /**
     * Start, end, sport and distance (to the metre); and, where the destination keeps streams, every sample's time,
     * heart rate, position (to about a metre) and altitude (to the metre).
     */
    private static String activityValues(JsonNode activity, boolean keepsStreams) {
        StringBuilder text = new StringBuilder(Instant.parse(activity.get("start").asText()) + "/"
                + Instant.parse(activity.get("end").asText()) + " " + activity.get("sport").asText()
                + " " + Math.round(activity.path("distanceMetres").asDouble()) + "m");
        if (keepsStreams) {
            for (JsonNode sample : activity.path("samples")) {
                text.append(String.format(java.util.Locale.ROOT, " %s:%d@%.5f,%.5f^%d", Instant.parse(sample.get("time").asText()),
                        Math.round(sample.path("heartRate").asDouble()), sample.path("latitude").asDouble(),
                        sample.path("longitude").asDouble(), Math.round(sample.path("altitudeMetres").asDouble())));
            }
        }
        return text.toString();
    }

    /** Each workout's laps: start, end and distance to the metre. */
    private static List<String> laps(JsonNode activities) {
        List<String> laps = new ArrayList<>();
        for (JsonNode activity : activities) {
            StringBuilder text = new StringBuilder();
            for (JsonNode lap : activity.path("laps")) {
                text.append(Instant.parse(lap.get("start").asText())).append('/').append(Instant.parse(lap.get("end").asText()))
                        .append('=').append(Math.round(lap.path("distanceMetres").asDouble())).append("m ");
            }
            laps.add(text.toString());
        }
        return laps;
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
