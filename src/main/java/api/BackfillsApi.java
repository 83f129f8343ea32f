package api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import model.DataType;
import model.JobState;
import model.TimeWindow;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import state.Backfill;
import state.BackfillStore;
import state.BackfillWindow;
import state.Connection;
import state.Job;
import state.JobCounts;

/**
 * The cold path's front door: {@code POST /v1/connections/{id}/backfill} splits a period of history into windows each
 * provider serves in one job (the shorter of the source's and the destination's backfill window for the type) and
 * queues them on the cold queue; {@code GET /v1/backfills/{id}} adds up their jobs; {@code DELETE} cancels the windows
 * that have not run. A user sees only their own backfills.
 */
public class BackfillsApi {

    private static final int LIST_LIMIT = 20;

    private final ConnectionsApi connections;
    private final ProviderRegistry providers;
    private final BackfillStore backfills;
    private final state.JobStore jobs;
    private final JobRequests jobRequests;
    private final Duration maxRange;
    private final Duration retention;

    /**
     * @param maxRange  the longest period one backfill may cover
     * @param retention how long a backfill's record is kept (its jobs' retention)
     */
    public BackfillsApi(ConnectionsApi connections, ProviderRegistry providers, BackfillStore backfills, state.JobStore jobs,
                        JobRequests jobRequests, Duration maxRange, Duration retention) {
        this.connections = connections;
        this.providers = providers;
        this.backfills = backfills;
        this.jobs = jobs;
        this.jobRequests = jobRequests;
        this.maxRange = maxRange;
        this.retention = retention;
    }

    public record BackfillRequest(String from, String to, List<String> dataTypes) {
    }

    public ApiResponse request(ApiRequest request) {
        Connection connection = connections.owned(request);
        if (!connection.enabled()) {
            throw ApiProblem.conflict("the connection is disabled; enable it first");
        }
        BackfillRequest body = request.bodyAs(BackfillRequest.class);
        List<DataType> types = body.dataTypes() == null ? connection.dataTypes()
                : ConnectionsApi.dataTypes(body.dataTypes());
        for (DataType type : types) {
            if (!connection.dataTypes().contains(type)) {
                throw ApiProblem.badRequest("field 'dataTypes': the connection does not sync " + type).about("dataTypes");
            }
        }
        Instant now = Instant.now();
        if (body.from() == null) {
            throw ApiProblem.badRequest("field 'from' is required: an ISO instant or date").about("from");
        }
        Instant from = time(body.from(), "from");
        Instant to = body.to() == null ? earliestCursor(connection, types, now) : time(body.to(), "to");
        // history ends now: a period reaching into the future is the same backfill
        to = to.isAfter(now) ? now : to;
        if (!from.isBefore(to)) {
            throw ApiProblem.badRequest("field 'from' must be before 'to' (" + to + ")").about("from");
        }
        if (Duration.between(from, to).compareTo(maxRange) > 0) {
            throw ApiProblem.badRequest("fields 'from' and 'to' span more than " + inDays(maxRange) + ", the longest backfill")
                    .about("from");
        }
        String id = UUID.randomUUID().toString();
        List<JobRequests.Window> windows = windows(connection, types, new TimeWindow(from, to));
        Backfill backfill = new Backfill(id, connection.userId(), connection.id(), from, to, types, Backfill.RUNNING,
                windows.size(), now, null, now.plus(retention).getEpochSecond());
        backfills.create(backfill);
        List<Job> queued;
        try {
            queued = jobRequests.requestBackfill(connection, id, windows);
        } catch (RuntimeException notAllQueued) {
            // windows without a job or a message would keep the backfill running forever: it is called off
            backfills.cancel(id, Instant.now());
            throw notAllQueued;
        }
        return ApiResponse.accepted(Map.of("backfillId", id, "jobs", queued.stream().map(job -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", job.id());
            view.put("dataType", job.dataType().id());
            view.put("window", job.window());
            view.put("state", job.state());
            return view;
        }).toList()));
    }

    public ApiResponse get(ApiRequest request) {
        Backfill backfill = owned(request);
        return ApiResponse.ok(view(backfill, jobs.listByBackfill(backfill.id())));
    }

    public ApiResponse listForConnection(ApiRequest request) {
        Connection connection = connections.owned(request);
        return ApiResponse.ok(backfills.listByConnection(connection.id(), LIST_LIMIT).stream()
                .map(backfill -> view(backfill, jobs.listByBackfill(backfill.id()))).toList());
    }

    /** Cancels the windows that have not run; those running finish. Cancelling a cancelled backfill changes nothing. */
    public ApiResponse cancel(ApiRequest request) {
        Backfill backfill = owned(request);
        List<BackfillWindow> windows = jobs.listByBackfill(backfill.id());
        if (!backfill.cancelled()) {
            Object state = view(backfill, windows).get("state");
            if (!Backfill.RUNNING.equals(state)) {
                throw ApiProblem.conflict("backfill " + backfill.id() + " has finished (" + state + ")");
            }
            backfills.cancel(backfill.id(), Instant.now());
            backfill = backfills.find(backfill.id()).orElse(backfill);
        }
        // windows not started yet are cancelled by the workers as they come to them; the view counts them so already
        return ApiResponse.ok(view(backfill, windows));
    }

    private Backfill owned(ApiRequest request) {
        return backfills.find(request.param("id")).filter(b -> b.userId().equals(request.userId()))
                .orElseThrow(() -> ApiProblem.notFound("no backfill " + request.param("id")));
    }

    /**
     * The period split into windows, per data type, oldest first: each at most as long as both providers serve in one
     * job for the type.
     */
    List<JobRequests.Window> windows(Connection connection, List<DataType> types, TimeWindow period) {
        HealthProvider source = ConnectionsApi.pinned(providers, connection.source(), connection.sourceVersion());
        HealthProvider destination = ConnectionsApi.pinned(providers, connection.destination(), connection.destinationVersion());
        List<JobRequests.Window> windows = new ArrayList<>();
        for (DataType type : types) {
            Duration size = shorter(source.info().backfillWindow(type), destination.info().backfillWindow(type));
            for (Instant start = period.from(); start.isBefore(period.to()); start = start.plus(size)) {
                Instant end = start.plus(size).isAfter(period.to()) ? period.to() : start.plus(size);
                windows.add(new JobRequests.Window(type, new TimeWindow(start, end)));
            }
        }
        return windows;
    }

    /** P730D rather than PT17520H, as the setting is written. */
    private static String inDays(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Where the types' synced history begins: the earliest of their cursors; now if one has never synced. */
    private static Instant earliestCursor(Connection connection, List<DataType> types, Instant now) {
        return types.stream().map(type -> connection.statusOf(type).lastSyncTime())
                .map(cursor -> cursor == null ? now : cursor).min(Comparator.naturalOrder()).orElse(now);
    }

    /** An ISO instant ({@code 2026-01-01T00:00:00Z}, offsets allowed) or date ({@code 2026-01-01}: its start, UTC). */
    static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.badRequest("field '" + field + "' must be an ISO instant such as 2026-01-01T00:00:00Z or a"
                        + " date such as 2026-01-01").about(field);
            }
        }
    }

    /**
     * {@code {id, connectionId, from, to, dataTypes, state, windows:{total, succeeded, failed, queued, cancelled},
     * counts:{fetched, written, skipped}, startedAt, finishedAt?}}. Windows of a cancelled backfill that had not started
     * count as cancelled even before a worker has come to them.
     */
    static Map<String, Object> view(Backfill backfill, List<BackfillWindow> windows) {
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        int running = 0;
        long fetched = 0;
        long written = 0;
        long skipped = 0;
        Instant lastChange = null;
        for (BackfillWindow window : windows) {
            JobState state = window.state();
            if (state == JobState.SUCCEEDED) {
                succeeded++;
                JobCounts counts = Objects.requireNonNullElse(window.counts(), JobCounts.none());
                fetched += counts.fetched();
                written += counts.written();
                skipped += counts.skipped();
            } else if (state == JobState.MOVED_TO_DLQ || state == JobState.FAILED) {
                failed++;
            } else if (state == JobState.CANCELLED || (backfill.cancelled() && state != JobState.IN_PROGRESS)) {
                cancelled++;
            } else if (state == JobState.IN_PROGRESS) {
                running++;
            }
            if (window.updatedAt() != null && (lastChange == null || window.updatedAt().isAfter(lastChange))) {
                lastChange = window.updatedAt();
            }
        }
        int queued = Math.max(0, backfill.windows() - succeeded - failed - cancelled);
        String state;
        Instant finishedAt = null;
        if (backfill.cancelled()) {
            state = Backfill.CANCELLED;
            finishedAt = running == 0 ? backfill.cancelledAt() : null;
        } else if (queued > 0) {
            state = Backfill.RUNNING;
        } else {
            state = failed > 0 ? "failed" : "succeeded";
            finishedAt = lastChange;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", backfill.id());
        view.put("connectionId", backfill.connectionId());
        view.put("from", backfill.from());
        view.put("to", backfill.to());
        view.put("dataTypes", backfill.dataTypes());
        view.put("state", state);
        Map<String, Integer> windowCounts = new LinkedHashMap<>();
        windowCounts.put("total", backfill.windows());
        windowCounts.put("succeeded", succeeded);
        windowCounts.put("failed", failed);
        windowCounts.put("queued", queued);
        windowCounts.put("cancelled", cancelled);
        view.put("windows", windowCounts);
        Map<String, Long> recordCounts = new LinkedHashMap<>();
        recordCounts.put("fetched", fetched);
        recordCounts.put("written", written);
        recordCounts.put("skipped", skipped);
        view.put("counts", recordCounts);
        view.put("startedAt", backfill.createdAt());
        if (finishedAt != null) {
            view.put("finishedAt", finishedAt);
        }
        return view;
    }
}
