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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import model.HealthRecord;
import model.Json;
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
 * same JSON type — and its answer, through the same mapping, gives the same records.</li>
 * </ul>
 * The version folder must be the version the provider is bound with ({@code GET /v1/providers}).
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
        assertThat(boundVersion(app, provider)).as("the version %s's contracts are written for", provider).isEqualTo(version);
        ContractMapping mapping = ContractMapping.of(provider);

        // the mapping, on the documented answer
        if (contract.has("httpStatus")) {
            assertThat(mapping.effectiveStatus(200, contract.get("answer"))).isEqualTo(contract.get("httpStatus").asInt());
        } else {
            assertThat(canonical(mapping.records(contract.get("answer"), contract.path("context"))))
                    .isEqualTo(canonical(contract.get("records")));
        }

        // the twin, seeded with the contract's records and asked the contract's request
        TestUser user = TestUser.linkedWithNoData(app, provider);
        seed(app, provider, user.providerUser(provider), contract.path("records"));
        boolean validToken = !"invalid".equals(contract.path("credentials").asText());
        String token = validToken ? accessToken(app, user, provider) : "a-token-" + provider + "-never-issued";
        HttpResponse<String> answered = call(app.sandboxUrl() + "/" + provider, contract.get("request"), token);
        JsonNode twin = Json.MAPPER.readTree(answered.body());
        assertThat(shape(twin)).as("the twin's answer has every member the documented one has, of the same type")
                .containsAll(shape(contract.get("answer")));
        if (contract.has("httpStatus")) {
            assertThat(mapping.effectiveStatus(answered.statusCode(), twin)).isEqualTo(contract.get("httpStatus").asInt());
        } else {
            assertThat(answered.statusCode()).isEqualTo(200);
            JsonNode twinContext = mapping.twinContext(app.sandboxUrl() + "/" + provider, token);
            assertThat(values(canonical(mapping.records(twin, twinContext)))).as("what the twin's answer means")
                    .isEqualTo(values(canonical(contract.get("records"))));
        }
    }

    /** How a provider's own code reads its answers: the same steps its fetch takes. */
    private interface ContractMapping {

        int effectiveStatus(int httpStatus, JsonNode answer);

        /** The records an answer means, given what the fetch knew of the user ({@code context}: the contract's). */
        List<HealthRecord> records(JsonNode answer, JsonNode context);

        /** What the fetch learns of the twin's user before it maps an answer (Fitbit: the profile's zone). */
        default JsonNode twinContext(String base, String token) throws Exception {
            return Json.MAPPER.createObjectNode();
        }

        static ContractMapping of(String provider) {
            return switch (provider) {
                case "withings" -> new Declared(provider, "getmeas.jsonata");
                case "fitbit" -> new Fitbit();
                case "googlefit" -> new PlainHttp(providers.googlefit.GoogleFitContractMapping::weights);
                default -> throw new IllegalStateException("no contract mapping for " + provider + " yet");
            };
        }
    }

    /** A provider answering with plain HTTP statuses, whose mapping needs nothing of the user. */
    private record PlainHttp(java.util.function.Function<JsonNode, List<HealthRecord>> mapping) implements ContractMapping {

        @Override
        public int effectiveStatus(int httpStatus, JsonNode answer) {
            return httpStatus;
        }

        @Override
        public List<HealthRecord> records(JsonNode answer, JsonNode context) {
            return mapping.apply(answer);
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

    /** A declared provider: its provider.yaml's envelope, then its JSONata mapping and the canonical form. */
    private record Declared(String provider, String mappingFile) implements ContractMapping {

        private ResponseEnvelope envelope() {
            try (InputStream yaml = resource("provider.yaml")) {
                return ProviderDescription.read(yaml, provider + "/provider.yaml").responseEnvelope();
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
            try (InputStream source = resource(mappingFile)) {
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

    /** Records as the contracts write them: type, time, value, offset and the provider's id. */
    private static List<Map<String, Object>> canonical(List<HealthRecord> records) {
        return records.stream().map(record -> {
            if (!(record instanceof WeightRecord weight)) {
                throw new IllegalStateException("contracts of " + record.type() + " records are not written yet");
            }
            return Map.<String, Object>of("type", "weight", "time", weight.time().toString(), "kilograms", weight.kilograms(),
                    "utcOffset", weight.zoneOffset().getId().equals("Z") ? "+00:00" : weight.zoneOffset().getId(),
                    "id", weight.provenance().externalId());
        }).toList();
    }

    private static List<Map<String, Object>> canonical(JsonNode records) {
        List<Map<String, Object>> read = new ArrayList<>();
        records.forEach(record -> read.add(Map.of("type", record.get("type").asText(),
                "time", Instant.parse(record.get("time").asText()).toString(), "kilograms", record.get("kilograms").asDouble(),
                "utcOffset", record.get("utcOffset").asText(), "id", record.get("id").asText())));
        return read;
    }

    /** What a record says, without what the twin makes up of its own (its ids, its user's zone). */
    private static List<Map<String, Object>> values(List<Map<String, Object>> records) {
        return records.stream().map(record -> record.entrySet().stream()
                        .filter(entry -> !entry.getKey().equals("id") && !entry.getKey().equals("utcOffset"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .toList();
    }

    private static void seed(SyncWellInstance app, String provider, String providerUser, JsonNode records) {
        List<Map<String, Object>> weights = new ArrayList<>();
        records.forEach(record -> {
            if (!"weight".equals(record.get("type").asText())) {
                throw new IllegalStateException("seeding " + record.get("type") + " records is not written yet");
            }
            weights.add(Map.of("time", record.get("time").asText(), "kg", record.get("kilograms").asDouble()));
        });
        if (!weights.isEmpty()) {
            app.sandbox().seedWeight(provider, providerUser, weights);
        }
    }

    /** The linked account's access token, as the engine holds it (decrypted). */
    private static String accessToken(SyncWellInstance app, TestUser user, String provider) {
        ProviderContext engine = app.context().getRegistry().lookupByNameAndType("providerContext", ProviderContext.class);
        return engine.tokens().current(new ProviderCall(user.id, provider)).accessToken();
    }

    private static HttpResponse<String> call(String base, JsonNode request, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.get("path").asText()))
                .header("Authorization", "Bearer " + token);
        if (request.has("form")) {
            List<String> pairs = new ArrayList<>();
            request.get("form").fields().forEachRemaining(field -> pairs.add(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(field.getValue().asText(), StandardCharsets.UTF_8)));
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(request.get("method").asText(), HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
        } else {
            builder.method(request.get("method").asText(), HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String boundVersion(SyncWellInstance app, String provider) {
        for (JsonNode row : app.api("contract-reader").get("/v1/providers").json()) {
            if (provider.equals(row.path("id").asText())) {
                return row.path("version").asText();
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
