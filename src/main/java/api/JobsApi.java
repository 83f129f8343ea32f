package api;

import java.util.LinkedHashMap;
import java.util.Map;

import state.ConnectionStore;
import state.Job;
import state.JobStore;

/** {@code GET /v1/jobs/{id}} and {@code GET /v1/connections/{id}/jobs}: a user sees only their own jobs. */
public class JobsApi {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final JobStore jobs;
    private final ConnectionStore connections;

    public JobsApi(JobStore jobs, ConnectionStore connections) {
        this.jobs = jobs;
        this.connections = connections;
    }

    public ApiResponse get(ApiRequest request) {
        Job job = jobs.find(request.param("id"))
                // an operator follows a replayed dead letter's job, whoever's it is
                .filter(j -> j.userId().equals(request.userId()) || request.caller().isAdmin())
                .orElseThrow(() -> ApiProblem.notFound("no job " + request.param("id")));
        return ApiResponse.ok(view(job));
    }

    public ApiResponse listForConnection(ApiRequest request) {
        String connectionId = request.param("id");
        connections.find(request.userId(), connectionId)
                .orElseThrow(() -> ApiProblem.notFound("no connection " + connectionId));
        int limit = request.optionalParam("limit").map(JobsApi::limit).orElse(DEFAULT_LIMIT);
        return ApiResponse.ok(jobs.listByConnection(connectionId, limit).stream().map(JobsApi::view).toList());
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    static Map<String, Object> view(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("connectionId", job.connectionId());
        view.put("dataType", job.dataType());
        view.put("path", job.path());
        view.put("trigger", job.trigger());
        view.put("dryRun", job.dryRun());
        view.put("window", job.window());
        view.put("state", job.state());
        view.put("attempts", job.attempts());
        view.put("history", job.history());
        view.put("counts", job.counts());
        if (job.plan() != null) {
            view.put("plan", job.plan());
        }
        if (job.backfillId() != null) {
            view.put("backfillId", job.backfillId());
        }
        view.put("createdAt", job.createdAt());
        if (job.error() != null) {
            view.put("error", job.error());
        }
        return view;
    }
}
