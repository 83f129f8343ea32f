package api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import model.ConflictStrategy;
import model.DataType;
import providers.HealthProvider;
import providers.ProviderRegistry;
import state.Account;
import state.AccountStore;
import state.Connection;
import state.ConnectionStore;
import state.DataTypeStatus;

/** Connections CRUD and {@code POST /v1/connections/{id}/sync}, which queues one job per data type. */
public class ConnectionsApi {

    private static final Duration SHORTEST_SCHEDULE = Duration.ofMinutes(5);

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final ConnectionStore connections;
    private final JobRequests jobRequests;

    public ConnectionsApi(ProviderRegistry providers, AccountStore accounts, ConnectionStore connections,
                          JobRequests jobRequests) {
        this.providers = providers;
        this.accounts = accounts;
        this.connections = connections;
        this.jobRequests = jobRequests;
    }

    public record CreateConnection(String source, String destination, List<String> dataTypes, String conflictStrategy,
                                   String schedule) {
    }

    public record SyncRequest(List<String> dataTypes) {
    }

    public ApiResponse create(ApiRequest request) {
        CreateConnection body = request.bodyAs(CreateConnection.class);
        HealthProvider source = knownProvider(body.source(), "source");
        HealthProvider destination = knownProvider(body.destination(), "destination");
        if (source.id().equals(destination.id())) {
            throw ApiProblem.badRequest("source and destination must be different providers");
        }
        List<DataType> types = dataTypes(body.dataTypes());
        checkCapabilities(source, destination, types);
        requireLinked(request.userId(), source.id());
        requireLinked(request.userId(), destination.id());
        Instant now = Instant.now();
        Map<String, DataTypeStatus> status = new LinkedHashMap<>();
        types.forEach(t -> status.put(t.id(), DataTypeStatus.never()));
        Connection connection = new Connection(request.userId(), UUID.randomUUID().toString(), source.id(), destination.id(),
                types, strategy(body.conflictStrategy()), schedule(body.schedule()), true, now, now, 1, status);
        connections.create(connection);
        return ApiResponse.created(connection, "/v1/connections/" + connection.id());
    }

    public ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(connections.list(request.userId()));
    }

    public ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(owned(request));
    }

    public ApiResponse update(ApiRequest request) {
        Connection current = owned(request);
        JsonNode body = request.body();
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("a JSON object with conflictStrategy, schedule, enabled or dataTypes is required");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!List.of("conflictStrategy", "schedule", "enabled", "dataTypes").contains(field)) {
                throw ApiProblem.badRequest("unknown field '" + field + "'");
            }
        });
        ConflictStrategy strategy = body.has("conflictStrategy") ? strategy(text(body, "conflictStrategy")) : current.conflictStrategy();
        String schedule = body.has("schedule") ? schedule(text(body, "schedule")) : current.schedule();
        boolean enabled = current.enabled();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                throw ApiProblem.badRequest("field 'enabled' must be true or false");
            }
            enabled = body.get("enabled").booleanValue();
        }
        List<DataType> types = current.dataTypes();
        Map<String, DataTypeStatus> status = new LinkedHashMap<>(current.status());
        if (body.has("dataTypes")) {
            types = dataTypes(textList(body.get("dataTypes")));
            checkCapabilities(providers.get(current.source()), providers.get(current.destination()), types);
            // a removed type keeps its cursor, so adding it back later resumes where it stopped
            types.forEach(t -> status.putIfAbsent(t.id(), DataTypeStatus.never()));
        }
        Connection updated = new Connection(current.userId(), current.id(), current.source(), current.destination(), types,
                strategy, schedule, enabled, current.createdAt(), Instant.now(), current.version() + 1, status);
        if (!connections.replace(updated, current.version())) {
            throw ApiProblem.conflict("the connection changed meanwhile; read it again and retry");
        }
        return ApiResponse.ok(updated);
    }

    public ApiResponse delete(ApiRequest request) {
        if (!connections.delete(request.userId(), request.param("id"))) {
            throw ApiProblem.notFound("no connection " + request.param("id"));
        }
        return ApiResponse.noContent();
    }

    public ApiResponse sync(ApiRequest request) {
        Connection connection = owned(request);
        if (!connection.enabled()) {
            throw ApiProblem.conflict("the connection is disabled; enable it first");
        }
        List<DataType> types = connection.dataTypes();
        if (request.body() != null) {
            SyncRequest body = request.bodyAs(SyncRequest.class);
            if (body.dataTypes() != null) {
                types = dataTypes(body.dataTypes());
                for (DataType type : types) {
                    if (!connection.dataTypes().contains(type)) {
                        throw ApiProblem.badRequest("the connection does not sync " + type);
                    }
                }
            }
        }
        List<Map<String, Object>> queued = jobRequests.requestHot(connection, types, "api", "requested through the API")
                .stream().map(job -> Map.<String, Object>of("id", job.id(), "dataType", job.dataType().id(), "state", job.state()))
                .toList();
        return ApiResponse.accepted(Map.of("jobs", queued));
    }

    /** The caller's connection, or 404 — also when it exists for another user. */
    Connection owned(ApiRequest request) {
        return connections.find(request.userId(), request.param("id"))
                .orElseThrow(() -> ApiProblem.notFound("no connection " + request.param("id")));
    }

    private HealthProvider knownProvider(String id, String field) {
        if (id == null || id.isBlank()) {
            throw ApiProblem.badRequest("field '" + field + "' is required");
        }
        return providers.find(id).orElseThrow(() -> ApiProblem.badRequest("unknown " + field + " provider '" + id
                + "'; known: " + String.join(", ", providers.infos().stream().map(i -> i.id()).toList())));
    }

    private void requireLinked(String userId, String provider) {
        Account account = accounts.find(userId, provider)
                .orElseThrow(() -> ApiProblem.unprocessable("link your " + provider + " account first"));
        if (!Account.LINKED.equals(account.status())) {
            throw ApiProblem.unprocessable("your " + provider + " account needs to be linked again");
        }
    }

    private static void checkCapabilities(HealthProvider source, HealthProvider destination, List<DataType> types) {
        for (DataType type : types) {
            if (!source.info().canRead(type)) {
                throw ApiProblem.unprocessable(source.id() + " cannot provide " + type);
            }
            if (!destination.info().canWrite(type)) {
                throw ApiProblem.unprocessable(destination.id() + " cannot receive " + type);
            }
        }
    }

    private static List<DataType> dataTypes(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiProblem.badRequest("dataTypes must name at least one of steps, heart_rate, sleep, weight, activities");
        }
        LinkedHashSet<DataType> types = new LinkedHashSet<>();
        for (String id : ids) {
            types.add(DataType.fromId(id).orElseThrow(() -> ApiProblem.badRequest("unknown data type '" + id
                    + "'; known: steps, heart_rate, sleep, weight, activities")));
        }
        return List.copyOf(types);
    }

    private static ConflictStrategy strategy(String name) {
        if (name == null) {
            return ConflictStrategy.PRIORITIZE_SOURCE;
        }
        try {
            return ConflictStrategy.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("conflictStrategy must be PRIORITIZE_SOURCE, PRIORITIZE_DESTINATION or MERGE_INTELLIGENTLY");
        }
    }

    private static String schedule(String value) {
        if (value == null) {
            return null;
        }
        try {
            Duration every = Duration.parse(value);
            if (every.compareTo(SHORTEST_SCHEDULE) < 0) {
                throw ApiProblem.badRequest("schedule must be at least PT5M");
            }
            return every.toString();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("schedule must be an ISO-8601 duration such as PT1H, or null");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static List<String> textList(JsonNode value) {
        if (!value.isArray()) {
            throw ApiProblem.badRequest("field 'dataTypes' must be a list");
        }
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        return items;
    }
}
