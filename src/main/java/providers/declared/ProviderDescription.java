package providers.declared;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import model.DataType;
import providers.http.OAuthClient;
import providers.http.ResponseEnvelope;
import providers.spi.Overwrite;
import providers.spi.ProviderInfo;

/**
 * What a declared provider's {@code provider.yaml} says (under {@code camel/providers/<id>/<version>/}, beside its
 * routes; mappings the versions share sit in {@code camel/providers/<id>/}): its version and status (new connections
 * pin the newest {@code active} version; a {@code preview} one is reached by moving connections to it), its capability
 * row, its OAuth client's habits and how it wraps its answers. A field it does not know is a mistake, refused at
 * start-up with the file's name.
 *
 * @param reads    the data types it reads, by their API names ({@code weight}, {@code heart_rate}...)
 * @param writes   per data type it writes, how an existing record is overwritten ({@code update}, {@code delete+create})
 * @param backfill per data type, the longest period one backfill job asks of it (ISO-8601); others: a day
 */
public record ProviderDescription(String id, String name, String version, String status, String notice, List<String> reads,
                                  Map<String, String> writes, Map<String, Duration> backfill, OAuth oauth, Envelope envelope) {

    /**
     * @param scopes             the scopes an authorization asks for, as the provider writes them
     * @param clientAuthentication how the client authenticates at the token endpoint: {@code basic} or {@code form}
     * @param tokenRequestFields fields every token request carries besides RFC 6749's (Withings: {@code action})
     * @param tokensInEnvelope   whether token answers come inside the provider's envelope
     */
    public record OAuth(String scopes, OAuthClient.ClientAuthentication clientAuthentication,
                        Map<String, String> tokenRequestFields, boolean tokensInEnvelope) {
    }

    /**
     * Answers with their status inside the body, over HTTP 200.
     *
     * @param status       the member holding the status
     * @param payload      the member holding the payload
     * @param httpStatuses the HTTP status each of its statuses stands for: keys are a status or a range {@code a-b}
     * @param otherwise    the HTTP status any other of its statuses stands for
     */
    public record Envelope(String status, String payload, Map<String, Integer> httpStatuses, int otherwise) {
    }

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .findAndAddModules()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ProviderDescription {
        reads = reads == null ? List.of() : List.copyOf(reads);
        writes = writes == null ? Map.of() : Map.copyOf(writes);
        backfill = backfill == null ? Map.of() : Map.copyOf(backfill);
        if (id == null || oauth == null) {
            throw new IllegalArgumentException("a provider description needs an id and its oauth habits");
        }
        // the version names the routes (<id>-<version>-fetch) and the bean, and connections pin it
        if (version == null || !version.matches("[A-Za-z0-9][A-Za-z0-9._]*")) {
            throw new IllegalArgumentException("a provider description needs a version of letters, digits, '.' and '_', such as v2");
        }
        if (status == null || !List.of("active", "preview", "deprecated", "retired").contains(status)) {
            throw new IllegalArgumentException("a provider description needs a status: active, preview, deprecated or retired");
        }
    }

    /** Reads a {@code provider.yaml}; {@code source} names it in the reason of a refusal. */
    public static ProviderDescription read(InputStream yaml, String source) {
        try {
            return YAML.readValue(yaml, ProviderDescription.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the provider description " + source + ": " + e.getMessage(), e);
        }
    }

    /** The capability row {@code GET /v1/providers} lists and connections are checked against. */
    public ProviderInfo info() {
        Map<DataType, Overwrite> written = new LinkedHashMap<>();
        writes.forEach((type, how) -> written.put(dataType(type), overwrite(how)));
        Map<DataType, Duration> windows = new LinkedHashMap<>();
        backfill.forEach((type, window) -> windows.put(dataType(type), window));
        return new ProviderInfo(id, name, version, status, notice, reads.stream().map(this::dataType).toList(), written)
                .withBackfill(windows);
    }

    /** How answers are wrapped; plain HTTP statuses without an {@code envelope}. */
    public ResponseEnvelope responseEnvelope() {
        if (envelope == null) {
            return ResponseEnvelope.NONE;
        }
        IntUnaryOperator httpStatusOf = code -> {
            for (Map.Entry<String, Integer> entry : envelope.httpStatuses().entrySet()) {
                String[] range = entry.getKey().split("-", 2);
                int low = Integer.parseInt(range[0].trim());
                int high = range.length == 2 ? Integer.parseInt(range[1].trim()) : low;
                if (code >= low && code <= high) {
                    return entry.getValue();
                }
            }
            return envelope.otherwise();
        };
        return new ResponseEnvelope(envelope.status(), envelope.payload(), httpStatusOf);
    }

    /** How the token endpoint departs from RFC 6749, if at all. */
    public OAuthClient.TokenEndpoint tokenEndpoint() {
        Map<String, String> fields = oauth.tokenRequestFields() == null ? Map.of() : Map.copyOf(oauth.tokenRequestFields());
        return new OAuthClient.TokenEndpoint(fields, oauth.tokensInEnvelope() ? responseEnvelope() : ResponseEnvelope.NONE);
    }

    private DataType dataType(String name) {
        return DataType.fromId(name).orElseThrow(() -> new IllegalStateException(id + "'s provider.yaml names an unknown data type '"
                + name + "'"));
    }

    private Overwrite overwrite(String name) {
        for (Overwrite how : Overwrite.values()) {
            if (how.wire().equals(name)) {
                return how;
            }
        }
        throw new IllegalStateException(id + "'s provider.yaml names an unknown way of overwriting '" + name + "'");
    }
}
