package api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import model.ConflictStrategy;
import model.DataType;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import state.Account;
import state.AccountStore;
import state.Connection;
import state.ConnectionSettings;
import state.ConnectionStore;
import state.DataTypeStatus;
import state.Job;
import state.JobStore;
import state.ScheduleClock;
import state.ScheduleSettings;

/**
 * Connections CRUD and {@code POST /v1/connections/{id}/sync}, which queues one job per data type — or, as a dry
 * run, plans them without writing and answers the plans once the jobs finished.
 */
public class ConnectionsApi {

    /** Connections an answer lists at most (and by default): a user has few, and the rest come by cursor. */
    private static final int LIST_LIMIT = 100;

    /** For error messages: what may be given, from the enums themselves. */
    private static final String STRATEGIES = String.join(", ", Arrays.stream(ConflictStrategy.values()).map(Enum::name).toList());
    private static final String DATA_TYPES = String.join(", ", Arrays.stream(DataType.values()).map(DataType::id).toList());

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final ConnectionStore connections;
    private final JobRequests jobRequests;
    private final JobStore jobs;
    private final Duration dryRunWait;
    private final ScheduleSettings scheduling;

    /**
     * @param dryRunWait how long a dry run's answer waits for its jobs' plans before it answers 202 with the job ids
     * @param scheduling the shortest schedule accepted, and how often connections are reconciled
     */
    public ConnectionsApi(ProviderRegistry providers, AccountStore accounts, ConnectionStore connections,
                          JobRequests jobRequests, JobStore jobs, Duration dryRunWait, ScheduleSettings scheduling) {
        this.providers = providers;
        this.accounts = accounts;
        this.connections = connections;
        this.jobRequests = jobRequests;
        this.jobs = jobs;
        this.dryRunWait = dryRunWait;
        this.scheduling = scheduling;
    }

    /** {@code conflictStrategies} stays a tree so that each wrong entry is refused naming its own field. */
    public record CreateConnection(String source, String destination, List<String> dataTypes, String conflictStrategy,
                                   JsonNode conflictStrategies, String schedule) {
    }

    public record SyncRequest(List<String> dataTypes, Boolean dryRun) {
    }

    public ApiResponse create(ApiRequest request) {
        CreateConnection body = request.bodyAs(CreateConnection.class);
        HealthProvider source = knownProvider(body.source(), "source");
        HealthProvider destination = knownProvider(body.destination(), "destination");
        if (source.id().equals(destination.id())) {
            throw ApiProblem.badRequest("source and destination must be different providers").about("destination");
        }
        List<DataType> types = dataTypes(body.dataTypes());
        checkCapabilities(source, destination, types);
        requireLinked(request.userId(), source.id(), "source");
        requireLinked(request.userId(), destination.id(), "destination");
        Instant now = Instant.now();
        Map<String, DataTypeStatus> status = new LinkedHashMap<>();
        types.forEach(t -> status.put(t.id(), DataTypeStatus.never()));
        String id = UUID.randomUUID().toString();
        String schedule = schedule(body.schedule());
        // the versions current now stay the connection's until an operator moves it (POST /v1/admin/providers/{id}/migrate)
        Connection connection = new Connection(request.userId(), id, source.id(), destination.id(), source.info().version(),
                destination.info().version(), types, strategy(body.conflictStrategy(), "conflictStrategy"),
                strategies(body.conflictStrategies(), types), schedule, true, now, now, 1, status, firstSync(id, schedule, now),
                ScheduleClock.firstReconcile(id, scheduling.reconcileInterval(), now), null);
        connections.create(connection);
        return ApiResponse.created(connection, "/v1/connections/" + connection.id());
    }

    public ApiResponse list(ApiRequest request) {
        PageRequest page = PageRequest.of(request, LIST_LIMIT, LIST_LIMIT);
        ConnectionStore.Page found = connections.page(request.userId(), page.limit(), page.position());
        return page.answer("/v1/connections", found.connections().stream().map(this::withVersions).toList(), found.lastId());
    }

    public ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(withVersions(owned(request)));
    }

    public ApiResponse update(ApiRequest request) {
        Connection current = owned(request);
        JsonNode body = request.body();
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("a JSON object with conflictStrategy, conflictStrategies, schedule, enabled or dataTypes is required");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!List.of("conflictStrategy", "conflictStrategies", "schedule", "enabled", "dataTypes").contains(field)) {
                throw ApiProblem.badRequest("unknown field '" + field + "'");
            }
        });
        ConflictStrategy strategy = body.has("conflictStrategy") ? strategy(text(body, "conflictStrategy"), "conflictStrategy")
                : current.conflictStrategy();
        String schedule = body.has("schedule") ? schedule(text(body, "schedule")) : current.schedule();
        boolean enabled = current.enabled();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                throw ApiProblem.badRequest("field 'enabled' must be true or false");
            }
            enabled = body.get("enabled").booleanValue();
        }
        List<DataType> types = current.dataTypes();
        if (body.has("dataTypes")) {
            types = dataTypes(textList(body.get("dataTypes")));
            checkCapabilities(pinned(providers, current.source(), current.sourceVersion()),
                    pinned(providers, current.destination(), current.destinationVersion()), types);
            // a removed type keeps its cursor (its status stays), so adding it back later resumes where it stopped
        }
        // given: replaces the overrides; not given: they stay, except for data types no longer synced
        Map<String, ConflictStrategy> overrides = body.has("conflictStrategies")
                ? strategies(body.get("conflictStrategies"), types) : kept(current.conflictStrategies(), types);
        // a schedule set or changed starts its period now; one left as it was keeps its next run
        Instant now = Instant.now();
        boolean scheduleChanged = !Objects.equals(schedule, current.schedule());
        Instant nextSyncAt = scheduleChanged || current.nextSyncAt() == null ? firstSync(current.id(), schedule, now)
                : current.nextSyncAt();
        ConnectionSettings settings = new ConnectionSettings(types, strategy, overrides, schedule, enabled, nextSyncAt,
                ScheduleClock.firstReconcile(current.id(), scheduling.reconcileInterval(), now));
        return ApiResponse.ok(withVersions(connections.update(current, settings).orElseThrow(() ->
                ApiProblem.conflict("the connection changed meanwhile; read it again and retry"))));
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
        boolean dryRun = false;
        if (request.body() != null) {
            SyncRequest body = request.bodyAs(SyncRequest.class);
            dryRun = Boolean.TRUE.equals(body.dryRun());
            if (body.dataTypes() != null) {
                types = dataTypes(body.dataTypes());
                for (DataType type : types) {
                    if (!connection.dataTypes().contains(type)) {
                        throw ApiProblem.badRequest("the connection does not sync " + type);
                    }
                }
            }
        }
        List<Job> queued = dryRun ? jobRequests.requestDryRun(connection, types, "api", "dry run requested through the API")
                : jobRequests.requestHot(connection, types, "api", "requested through the API", Duration.ZERO);
        if (dryRun && !dryRunWait.isZero() && !dryRunWait.isNegative()) {
            List<Job> now = awaitFinished(queued);
            if (now.size() == queued.size() && now.stream().allMatch(job -> job.state().isFinished())) {
                return ApiResponse.ok(Map.of("jobs", now.stream().map(ConnectionsApi::planned).toList()));
            }
            // not finished in time (a deferred or retried job): the plans show on GET /v1/jobs/{id} when they are
            queued = now.size() == queued.size() ? now : queued;
        }
        return ApiResponse.accepted(Map.of("jobs", queued.stream().map(job -> Map.<String, Object>of("id", job.id(),
                "dataType", job.dataType().id(), "state", job.state())).toList()));
    }

    private List<Job> awaitFinished(List<Job> queued) {
        try {
            return jobs.awaitFinished(queued.stream().map(Job::id).toList(), dryRunWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queued;
        }
    }

    /** A finished dry run's job: its plan, or its error when it could not plan. */
    private static Map<String, Object> planned(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("dataType", job.dataType().id());
        view.put("state", job.state());
        view.put("plan", job.plan());
        if (job.error() != null) {
            view.put("error", job.error());
        }
        return view;
    }

    /** The caller's connection, or 404 — also when it exists for another user. */
    Connection owned(ApiRequest request) {
        return connections.find(request.userId(), request.param("id"))
                .orElseThrow(() -> ApiProblem.notFound("no connection " + request.param("id")));
    }

    private HealthProvider knownProvider(String id, String field) {
        if (id == null || id.isBlank()) {
            throw ApiProblem.badRequest("field '" + field + "' is required").about(field);
        }
        return providers.find(id).orElseThrow(() -> ApiProblem.badRequest("unknown " + field + " provider '" + id
                + "'; known: " + String.join(", ", providers.infos().stream().map(i -> i.id()).toList())).about(field));
    }

    /** The provider version a connection pinned; one no longer served is a conflict an operator resolves by moving it. */
    static HealthProvider pinned(ProviderRegistry providers, String id, String version) {
        try {
            return providers.pinned(id, version);
        } catch (failures.PermanentSyncException notServed) {
            throw ApiProblem.conflict(notServed.getMessage());
        }
    }

    /** The connection as the API shows it: one stored before versions were pinned shows the versions it is on. */
    private Connection withVersions(Connection connection) {
        if (connection.sourceVersion() != null && connection.destinationVersion() != null) {
            return connection;
        }
        return connection.withVersions(versionOf(connection.source(), connection.sourceVersion()),
                versionOf(connection.destination(), connection.destinationVersion()));
    }

    private String versionOf(String provider, String pinned) {
        return pinned != null ? pinned : providers.find(provider, null).map(p -> p.info().version()).orElse(null);
    }

    private void requireLinked(String userId, String provider, String field) {
        Account account = accounts.find(userId, provider)
                .orElseThrow(() -> ApiProblem.unprocessable("link your " + provider + " account first").about(field));
        if (!Account.LINKED.equals(account.status())) {
            throw ApiProblem.unprocessable("your " + provider + " account needs to be linked again").about(field);
        }
    }

    private static void checkCapabilities(HealthProvider source, HealthProvider destination, List<DataType> types) {
        for (DataType type : types) {
            Optional<String> gap = capabilityGap(source, true, type).or(() -> capabilityGap(destination, false, type));
            if (gap.isPresent()) {
                throw ApiProblem.unprocessable(gap.get()).about("dataTypes");
            }
        }
    }

    /** Why {@code provider} cannot be this end of a connection syncing {@code type} ({@code source}: read it), if so. */
    static Optional<String> capabilityGap(HealthProvider provider, boolean source, DataType type) {
        if (source && !provider.info().canRead(type)) {
            return Optional.of(provider.id() + " cannot provide " + type);
        }
        if (!source && !provider.info().canWrite(type)) {
            return Optional.of(provider.id() + " cannot receive " + type);
        }
        return Optional.empty();
    }

    static List<DataType> dataTypes(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiProblem.badRequest("dataTypes must name at least one of " + DATA_TYPES).about("dataTypes");
        }
        LinkedHashSet<DataType> types = new LinkedHashSet<>();
        for (String id : ids) {
            types.add(DataType.fromId(id).orElseThrow(() -> ApiProblem.badRequest("unknown data type '" + id
                    + "'; known: " + DATA_TYPES).about("dataTypes")));
        }
        return List.copyOf(types);
    }

    private static ConflictStrategy strategy(String name, String field) {
        if (name == null) {
            return ConflictStrategy.PRIORITIZE_SOURCE;
        }
        try {
            return ConflictStrategy.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field + " must be " + STRATEGIES).about(field);
        }
    }

    /**
     * Per-data-type strategies ({@code {"activities": "MERGE_INTELLIGENTLY"}}), each for a data type the connection
     * syncs; null or {@code {}} for none. Kept in the order of the connection's data types.
     */
    private static Map<String, ConflictStrategy> strategies(JsonNode value, List<DataType> types) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiProblem.badRequest("conflictStrategies must be an object from data type to strategy, such as "
                    + "{\"activities\": \"MERGE_INTELLIGENTLY\"}");
        }
        Map<DataType, ConflictStrategy> byType = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            String field = "conflictStrategies." + entry.getKey();
            DataType type = DataType.fromId(entry.getKey()).orElseThrow(() -> ApiProblem.badRequest(field
                    + ": unknown data type '" + entry.getKey() + "'; known: " + DATA_TYPES));
            if (!types.contains(type)) {
                throw ApiProblem.badRequest(field + ": the connection does not sync " + type);
            }
            if (!entry.getValue().isTextual()) {
                throw ApiProblem.badRequest(field + " must be " + STRATEGIES);
            }
            byType.put(type, strategy(entry.getValue().asText(), field));
        });
        Map<String, ConflictStrategy> ordered = new LinkedHashMap<>();
        byType.keySet().stream().sorted(Comparator.comparingInt(types::indexOf))
                .forEach(type -> ordered.put(type.id(), byType.get(type)));
        return ordered;
    }

    /** The overrides of the data types still synced. */
    private static Map<String, ConflictStrategy> kept(Map<String, ConflictStrategy> overrides, List<DataType> types) {
        Map<String, ConflictStrategy> kept = new LinkedHashMap<>(overrides);
        kept.keySet().removeIf(id -> DataType.fromId(id).filter(types::contains).isEmpty());
        return kept;
    }

    private String schedule(String value) {
        if (value == null) {
            return null;
        }
        Duration every;
        try {
            every = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("schedule must be an ISO-8601 duration such as PT1H, or null").about("schedule");
        }
        if (every.compareTo(scheduling.minInterval()) < 0) {
            throw ApiProblem.badRequest("schedule must be at least " + scheduling.minInterval()).about("schedule");
        }
        return every.toString();
    }

    private static Instant firstSync(String connectionId, String schedule, Instant now) {
        return schedule == null ? null : ScheduleClock.firstSync(connectionId, Duration.parse(schedule), now);
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
