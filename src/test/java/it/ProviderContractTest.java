package it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import model.ActivityRecord;
import model.HealthRecord;
import model.Json;
import model.StepsRecord;
import model.WeightRecord;
import providers.declared.CanonicalRecords;
import providers.declared.JsonataLanguage;
import providers.declared.ProviderDescription;
import providers.http.ProviderContext;
import providers.http.ResponseEnvelope;
import providers.spi.ProviderCall;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider contracts in {@code src/test/resources/contracts/<id>/<version>/}: a request and the answer the
 * provider's documentation shows for it, with the records that answer means (or the HTTP status its envelope stands
 * for). Each is replayed through both sides that must agree with the documentation, so neither can drift from it
 * unnoticed:
 * <ul>
 * <li>the provider's mapping: the documented answer gives exactly the contract's records (or status);</li>
 * <li>the sandbox twin: seeded with the contract's records, asked the contract's request with a linked account's token
 * (or a token it never issued), it answers in the documented shape — every member the documentation shows, with the
 * same JSON type or null — and its answer, through the same mapping, gives the same records.</li>
 * </ul>
 * The version folder must be a version the provider is bound with ({@code GET /v1/providers}, its {@code versions}).
 */
@ExtendWith(SharedSyncWell.class)
class ProviderContractTest {

    private static final Path CONTRACTS = Path.of("src/test/resources/contracts");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<Path> contracts() throws IOException {
        try (Stream<Path> files = Files.walk(CONTRACTS)) {
            List<Path> found = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            assertThat(found).as("contract files").isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void theMappingAndTheTwinAgreeWithTheDocumentedAnswer(Path file) throws Exception {
        Path relative = CONTRACTS.relativize(file);
        String provider = relative.getName(0).toString();
        String version = relative.getName(1).toString();
        JsonNode contract = Json.MAPPER.readTree(file.toFile());
        SyncWellInstance app = SharedSyncWell.instance();
        assertThat(boundVersions(app, provider)).as("the versions of %s bound", provider).contains(version);
        ContractMapping mapping = ContractMapping.of(provider, version);

        // the mapping, on the documented answer
        if (contract.has("httpStatus")) {
            assertThat(mapping.effectiveStatus(200, contract.get("answer"))).isEqualTo(contract.get("httpStatus").asInt());
        } else {
            assertThat(canonical(mapping.records(contract.get("answer"), contract.path("context"))))
                    .isEqualTo(canonical(contract.get("records")));
        }

        // the twin, seeded with the contract's records and asked the contract's request
        TestUser user = TestUser.linkedWithNoData(app);
        user.link(provider, providerUserId(provider));
        app.sandbox().wipe(provider, user.providerUser(provider));
        seed(app, provider, user.providerUser(provider), contract.path("records"));
        boolean validToken = !"invalid".equals(contract.path("credentials").asText());
        String token = validToken ? accessToken(app, user, provider) : "a-token-" + provider + "-never-issued";
        HttpResponse<String> answered = call(app.sandboxUrl() + "/" + provider, contract.get("request"), token, Instant.now());
        JsonNode twin = Json.MAPPER.readTree(answered.body());
        TreeSet<String> twinShape = shape(twin);
        // a member the twin sends as null (an upload id of a workout that was not uploaded) is there, of no type
        assertThat(shape(contract.get("answer"))).as("the twin's answer has every member the documented one has, of the same type")
                .allSatisfy(member -> assertThat(twinShape).as("the twin's answer's members")
                        .containsAnyOf(member, member.substring(0, member.lastIndexOf(':')) + ":null"));
        if (contract.has("httpStatus")) {
            assertThat(mapping.effectiveStatus(answered.statusCode(), twin)).isEqualTo(contract.get("httpStatus").asInt());
        } else {
            assertThat(answered.statusCode()).isEqualTo(200);
            ObjectNode twinContext = contract.path("context").isObject() ? contract.get("context").deepCopy() : Json.MAPPER.createObjectNode();
            twinContext.setAll((ObjectNode) mapping.twinContext(app.sandboxUrl() + "/" + provider, token));
            assertThat(values(canonical(mapping.records(twin, twinContext)))).as("what the twin's answer means")
                    .isEqualTo(values(canonical(contract.get("records"))));
        }
    }

    /** How a provider's own code reads its answers: the same steps its fetch takes. */
    private interface ContractMapping {

        int effectiveStatus(int httpStatus, JsonNode answer);

        /** The records an answer means, given what the fetch knew of the user ({@code context}: the contract's). */
        List<HealthRecord> records(JsonNode answer, JsonNode context);

        /**
         * What the fetch learns of the twin's user before it maps an answer (Fitbit: the profile's zone), over what the
         * contract's {@code context} says.
         */
        default JsonNode twinContext(String base, String token) throws Exception {
            return Json.MAPPER.createObjectNode();
        }

        static ContractMapping of(String provider, String version) {
            return switch (provider) {
                case "withings" -> new Declared(provider, version, "getmeas.jsonata");
                case "fitbit" -> new Fitbit();
                case "googlefit" -> new PlainHttp((answer, context) -> providers.googlefit.GoogleFitContractMapping.weights(answer));
                case "googlehealth" -> new PlainHttp((answer, context) -> providers.googlehealth.GoogleHealthContractMapping.records(answer));
                case "strava" -> new PlainHttp((answer, context) -> providers.strava.StravaContractMapping.activities(answer));
                case "wahoo" -> new PlainHttp((answer, context) -> providers.wahoo.WahooContractMapping.activities(answer));
                // a pull answer does not say its summary type: the contract's context does (the request's path segment)
                case "garmin" -> new PlainHttp((answer, context) -> List.copyOf(providers.garmin.GarminContractMapping.records(answer,
                        context.path("summaryType").asText())));
                default -> throw new IllegalStateException("no contract mapping for " + provider + " yet");
            };
        }
    }

    /** A provider answering with plain HTTP statuses, whose mapping needs nothing of the user but the contract's context. */
    private record PlainHttp(java.util.function.BiFunction<JsonNode, JsonNode, List<HealthRecord>> mapping) implements ContractMapping {

        @Override
        public int effectiveStatus(int httpStatus, JsonNode answer) {
            return httpStatus;
        }

        @Override
        public List<HealthRecord> records(JsonNode answer, JsonNode context) {
            return mapping.apply(answer, context);
        }
    }

    /** Fitbit: plain HTTP statuses; local times placed in the user's zone, which its profile names. */
    private record Fitbit() implements ContractMapping {

        @Override
        public int effectiveStatus(int httpStatus, JsonNode answer) {
            return httpStatus;
        }

        @Override
        public List<HealthRecord> records(JsonNode answer, JsonNode context) {
            return providers.fitbit.FitbitContractMapping.weights(answer, java.time.ZoneId.of(context.path("timezone").asText("UTC")));
        }

        @Override
        public JsonNode twinContext(String base, String token) throws Exception {
            HttpResponse<String> profile = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/1/user/-/profile.json"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.createObjectNode().put("timezone", Json.MAPPER.readTree(profile.body()).path("user").path("timezone").asText());
        }
    }

    /**
     * A declared provider: its version's provider.yaml's envelope, then its JSONata mapping (in the version's folder or,
     * shared by the versions, the provider's) and the canonical form.
     */
    private record Declared(String provider, String version, String mappingFile) implements ContractMapping {

        private ResponseEnvelope envelope() {
            try (InputStream yaml = resource(version + "/provider.yaml")) {
                return ProviderDescription.read(yaml, provider + "/" + version + "/provider.yaml").responseEnvelope();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int effectiveStatus(int httpStatus, JsonNode answer) {
            return envelope().effectiveStatus(httpStatus, answer);
        }

        @Override
        public List<HealthRecord> records(JsonNode answer, JsonNode context) {
            try (InputStream source = Objects.requireNonNullElseGet(resource(version + "/" + mappingFile), () -> resource(mappingFile))) {
                JsonataLanguage.Mapping mapping = JsonataLanguage.compile(new String(source.readAllBytes(), StandardCharsets.UTF_8));
                Object payload = Json.MAPPER.convertValue(envelope().payload(answer), Object.class);
                return new CanonicalRecords(provider).page(mapping.map(payload)).records();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private InputStream resource(String name) {
            return ProviderContractTest.class.getClassLoader().getResourceAsStream("camel/providers/" + provider + "/" + name);
        }
    }

    /**
     * Records as the contracts write them: the type, its times and values in SI units, the offset and the provider's id
     * — weight {@code time, kilograms}; steps {@code start, end, count}; activities {@code start, end, sport, name,
     * distanceMetres, kilocalories} (those it has).
     */
    private static List<Map<String, Object>> canonical(List<HealthRecord> records) {
        return records.stream().map(record -> {
            Map<String, Object> canonical = new HashMap<>();
            canonical.put("type", record.type().id());
            if (record instanceof WeightRecord weight) {
                canonical.put("time", weight.time().toString());
                canonical.put("kilograms", weight.kilograms());
            } else if (record instanceof StepsRecord steps) {
                canonical.put("start", steps.start().toString());
                canonical.put("end", steps.end().toString());
                canonical.put("count", (double) steps.count());
            } else if (record instanceof ActivityRecord activity) {
                canonical.put("start", activity.start().toString());
                canonical.put("end", activity.end().toString());
                canonical.put("sport", activity.sport().name());
                putPresent(canonical, "name", activity.name());
                putPresent(canonical, "distanceMetres", activity.distanceMetres());
                putPresent(canonical, "kilocalories", activity.kilocalories());
            } else {
                throw new IllegalStateException("contracts of " + record.type() + " records are not written yet");
            }
            ZoneOffset offset = record.zoneOffset();
            canonical.put("utcOffset", offset.getId().equals("Z") ? "+00:00" : offset.getId());
            canonical.put("id", record.provenance().externalId());
            return canonical;
        }).toList();
    }

    private static void putPresent(Map<String, Object> canonical, String key, Object value) {
        if (value != null) {
            canonical.put(key, value);
        }
    }

    /** A contract's records: times as instants, numbers as doubles, the rest as written. */
    private static List<Map<String, Object>> canonical(JsonNode records) {
        List<Map<String, Object>> read = new ArrayList<>();
        records.forEach(record -> {
            Map<String, Object> canonical = new HashMap<>();
            record.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                canonical.put(field.getKey(), List.of("time", "start", "end").contains(field.getKey())
                        ? Instant.parse(value.asText()).toString() : value.isNumber() ? value.asDouble() : value.asText());
            });
            read.add(canonical);
        });
        return read;
    }

    /** What a record says, without what the twin makes up of its own (its ids, its user's zone). */
    private static List<Map<String, Object>> values(List<Map<String, Object>> records) {
        return records.stream().map(record -> record.entrySet().stream()
                        .filter(entry -> !entry.getKey().equals("id") && !entry.getKey().equals("utcOffset"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .toList();
    }

    /** The contract's records into the twin's account, through its test API, each type as that API takes it. */
    private static void seed(SyncWellInstance app, String provider, String providerUser, JsonNode records) {
        Map<String, List<Map<String, Object>>> byType = new java.util.LinkedHashMap<>();
        records.forEach(record -> {
            String type = record.get("type").asText();
            Map<String, Object> entry = new HashMap<>();
            switch (type) {
                case "weight" -> {
                    entry.put("time", record.get("time").asText());
                    entry.put("kg", record.get("kilograms").asDouble());
                }
                case "steps" -> {
                    entry.put("start", record.get("start").asText());
                    entry.put("end", record.get("end").asText());
                    entry.put("count", record.get("count").asLong());
                }
                // the test API takes a workout as the canonical form writes it
                case "activities" -> record.fields().forEachRemaining(field -> {
                    if (!List.of("type", "id", "utcOffset").contains(field.getKey())) {
                        entry.put(field.getKey(), field.getValue().isNumber() ? field.getValue().asDouble() : field.getValue().asText());
                    }
                });
                default -> throw new IllegalStateException("seeding " + type + " records is not written yet");
            }
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(entry);
        });
        byType.forEach((type, entries) -> app.sandbox().seed(provider, providerUser, type, entries));
    }

    /** The linked account's access token, as the engine holds it (decrypted). */
    private static String accessToken(SyncWellInstance app, TestUser user, String provider) {
        ProviderContext engine = app.context().getRegistry().lookupByNameAndType("providerContext", ProviderContext.class);
        return engine.tokens().current(new ProviderCall(user.id, provider)).accessToken();
    }

    /**
     * The contract's request to the twin. {@code {now}} or {@code {now-PT1H}} in its path or form stands for the unix
     * second of now (moved by that duration): for APIs that select by upload time, which for seeded data is now.
     */
    private static HttpResponse<String> call(String base, JsonNode request, String token, Instant now) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + relativeToNow(request.get("path").asText(), now)))
                .header("Authorization", "Bearer " + token);
        if (request.has("form")) {
            List<String> pairs = new ArrayList<>();
            request.get("form").fields().forEachRemaining(field -> pairs.add(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(relativeToNow(field.getValue().asText(), now), StandardCharsets.UTF_8)));
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(request.get("method").asText(), HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
        } else {
            builder.method(request.get("method").asText(), HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A user id of the provider's own form, so the twin's answers carry it as the provider would: a number where the
     * provider numbers its users (the sandbox otherwise takes readable test ids).
     */
    private static String providerUserId(String provider) {
        long number = 1_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(8_999_999_999L);
        return List.of("strava", "wahoo", "withings").contains(provider) ? Long.toString(number)
                : "T" + Long.toString(number, 36).toUpperCase(java.util.Locale.ROOT);
    }

    private static String relativeToNow(String text, Instant now) {
        return java.util.regex.Pattern.compile("\\{now([+-]P[^}]+)?}").matcher(text).replaceAll(match -> {
            Duration shift = match.group(1) == null ? Duration.ZERO : Duration.parse(match.group(1).substring(1));
            return Long.toString((match.group(1) != null && match.group(1).startsWith("-") ? now.minus(shift) : now.plus(shift))
                    .getEpochSecond());
        });
    }

    private static List<String> boundVersions(SyncWellInstance app, String provider) {
        for (JsonNode row : app.api("contract-reader").get("/v1/providers").json()) {
            if (provider.equals(row.path("id").asText())) {
                List<String> versions = new ArrayList<>();
                row.path("versions").forEach(version -> versions.add(version.path("version").asText()));
                return versions;
            }
        }
        throw new IllegalStateException(provider + " is not bound");
    }

    /** Every member path of a JSON document with its type, array elements as {@code []}: its shape. */
    private static TreeSet<String> shape(JsonNode node) {
        TreeSet<String> paths = new TreeSet<>();
        shape(node, "$", paths);
        return paths;
    }

    private static void shape(JsonNode node, String path, TreeSet<String> paths) {
        paths.add(path + ":" + type(node));
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                shape(field.getValue(), path + "." + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            node.forEach(element -> shape(element, path + "[]", paths));
        }
    }

    private static String type(JsonNode node) {
        if (node.getNodeType() == JsonNodeType.NUMBER) {
            return node.isIntegralNumber() ? "integer" : "number";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
