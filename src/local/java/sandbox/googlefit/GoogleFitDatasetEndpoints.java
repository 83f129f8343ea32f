package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** Google Fit {@code users.dataSources.datasets}: get (paged), patch (insert), delete. */
final class GoogleFitDatasetEndpoints {

    private static final Pattern DATASET_ID = Pattern.compile("(\\d{1,19})-(\\d{1,19})");
    private static final Pattern NANOS = Pattern.compile("\\d{1,19}");

    /** A dataset id: nanoseconds since the epoch, both ends inclusive. */
    private record Range(long fromNanos, long toNanos) {
    }

    private final Clock clock;

    GoogleFitDatasetEndpoints(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code GET /dataSources/{id}/datasets/{start}-{end}[?limit&pageToken]}: points overlapping the
     * range, oldest first; with a limit the newest points come first and nextPageToken leads back in time.
     */
    ApiAnswer read(RoutingContext ctx, GoogleFitUser user) {
        GoogleFitDataSource source = GoogleFitDataSourceEndpoints.existing(ctx, user);
        Range range = range(ctx.pathParam("datasetId"));
        List<GoogleFitPoint> matching = new ArrayList<>(user.overlapping(source, range.fromNanos(), range.toNanos()));
        String pageToken = ctx.queryParams().get("pageToken");
        if (pageToken != null && !pageToken.isEmpty()) {
            GoogleFitPageToken token = GoogleFitPageToken.decode(pageToken);
            matching.removeIf(point -> !token.comesAfter(point));
        }
        matching.sort(GoogleFitPageToken.PAGE_ORDER);
        int limit = limit(ctx.queryParams().get("limit"), matching.size());
        List<GoogleFitPoint> page = new ArrayList<>(matching.subList(matching.size() - limit, matching.size()));
        ObjectNode body = dataset(source.id(), range.fromNanos(), range.toNanos(), page);
        if (limit < matching.size()) {
            body.put("nextPageToken", GoogleFitPageToken.at(page.get(0)).encode());
        }
        return ApiAnswer.ok(body);
    }

    /**
     * {@code PATCH /dataSources/{id}/datasets/{datasetId}}: inserts the points into a raw source the
     * client created; nothing is replaced. All points are checked before any is stored. The
     * datasetId in the path is unused, as Google documents.
     */
    ApiAnswer patch(RoutingContext ctx, GoogleFitUser user) {
        GoogleFitDataSource source = writable(ctx, user);
        JsonNode body = SandboxJson.body(ctx);
        String bodySourceId = body.path("dataSourceId").asText(source.id());
        if (!bodySourceId.equals(source.id())) {
            throw ApiProblem.invalid("dataSourceId", "dataSourceId in the body does not match the path.");
        }
        long min = nanos(body.get("minStartTimeNs"), "minStartTimeNs");
        long max = nanos(body.get("maxEndTimeNs"), "maxEndTimeNs");
        if (min > max) {
            throw ApiProblem.invalid("minStartTimeNs", "minStartTimeNs must not be after maxEndTimeNs.");
        }
        JsonNode pointsJson = body.path("point");
        if (!pointsJson.isMissingNode() && !pointsJson.isArray()) {
            throw ApiProblem.invalid("point", "point must be an array.");
        }
        List<GoogleFitPoint.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < pointsJson.size(); i++) {
            drafts.add(draft(pointsJson.get(i), "point[" + i + "]", source.dataType(), min, max));
        }
        List<GoogleFitPoint> inserted = user.insert(source, drafts, clock.instant());
        return ApiAnswer.ok(dataset(source.id(), min, max, inserted));
    }

    /** {@code DELETE /dataSources/{id}/datasets/{start}-{end}}: removes every overlapping point of the source. */
    ApiAnswer delete(RoutingContext ctx, GoogleFitUser user) {
        GoogleFitDataSource source = writable(ctx, user);
        Range range = range(ctx.pathParam("datasetId"));
        user.delete(source, range.fromNanos(), range.toNanos());
        return ApiAnswer.ok(SandboxJson.object());
    }

    /**
     * Only raw sources the client created take its writes. Merged streams are computed by Google
     * (400); the phone's sources belong to another application (403, as Google refuses writes to
     * data sources the caller did not create).
     */
    private static GoogleFitDataSource writable(RoutingContext ctx, GoogleFitUser user) {
        GoogleFitDataSource source = GoogleFitDataSourceEndpoints.existing(ctx, user);
        if (GoogleFitDataSource.DERIVED.equals(source.type())) {
            throw ApiProblem.invalid("dataSourceId", "Data source " + source.id() + " is derived and cannot be written to.");
        }
        if (!source.createdByClient()) {
            throw new ApiProblem(403, null, "Data source " + source.id() + " was not created by this application.");
        }
        return source;
    }

    private static GoogleFitPoint.Draft draft(JsonNode json, String path, GoogleFitDataType type, long min, long max) {
        long start = nanos(json.get("startTimeNanos"), path + ".startTimeNanos");
        long end = nanos(json.get("endTimeNanos"), path + ".endTimeNanos");
        if (start > end) {
            throw ApiProblem.invalid(path, path + ": startTimeNanos is after endTimeNanos.");
        }
        if (start < min || end > max) {
            throw ApiProblem.invalid(path, path + " lies outside [minStartTimeNs, maxEndTimeNs] of the dataset.");
        }
        if (type.instantaneous() && start != end) {
            throw ApiProblem.invalid(path, path + ": " + type.name() + " points are instantaneous (start equals end).");
        }
        String dataTypeName = json.path("dataTypeName").asText("");
        if (!type.name().equals(dataTypeName)) {
            throw ApiProblem.invalid(path, path + ": dataTypeName '" + dataTypeName
                    + "' does not match the data source's type " + type.name() + ".");
        }
        JsonNode valuesJson = json.path("value");
        if (!valuesJson.isArray() || valuesJson.size() < type.requiredValues() || valuesJson.size() > type.fields().size()) {
            throw ApiProblem.invalid(path, path + ": value must hold " + (type.requiredValues() == type.fields().size()
                    ? type.fields().size() : type.requiredValues() + " to " + type.fields().size()) + " value(s).");
        }
        List<GoogleFitValue> values = new ArrayList<>();
        for (int i = 0; i < valuesJson.size(); i++) {
            values.add(GoogleFitValue.fromJson(valuesJson.get(i), type.fields().get(i), path + ".value[" + i + "]"));
        }
        return new GoogleFitPoint.Draft(start, end, List.copyOf(values));
    }

    private static ObjectNode dataset(String sourceId, long min, long max, List<GoogleFitPoint> points) {
        ObjectNode body = SandboxJson.object()
                .put("minStartTimeNs", Long.toString(min))
                .put("maxEndTimeNs", Long.toString(max))
                .put("dataSourceId", sourceId);
        ArrayNode pointsJson = body.putArray("point");
        points.stream().sorted(GoogleFitPoint.BY_START).forEach(point -> pointsJson.add(point.toJson()));
        return body;
    }

    /** int64 as Google writes it in JSON: a decimal string; a plain JSON integer is accepted too. */
    private static long nanos(JsonNode json, String field) {
        if (json == null || json.isNull()) {
            throw ApiProblem.invalid(field, field + " is required.");
        }
        String text = json.isIntegralNumber() ? json.asText() : json.isTextual() ? json.textValue() : "";
        return parseNanos(text, field);
    }

    private static long parseNanos(String text, String field) {
        if (!NANOS.matcher(text).matches()) {
            throw ApiProblem.invalid(field, field + " must be nanoseconds since the epoch, e.g. \"1709251200000000000\".");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, field + " is out of range.");
        }
    }

    private static Range range(String datasetId) {
        Matcher matcher = DATASET_ID.matcher(datasetId);
        if (!matcher.matches()) {
            throw ApiProblem.invalid("datasetId", "Dataset id must be \"startNanos-endNanos\".");
        }
        long from = parseNanos(matcher.group(1), "datasetId");
        long to = parseNanos(matcher.group(2), "datasetId");
        if (from > to) {
            throw ApiProblem.invalid("datasetId", "Dataset start must not be after its end.");
        }
        return new Range(from, to);
    }

    private static int limit(String text, int available) {
        if (text == null || text.isEmpty()) {
            return available;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1) {
                throw ApiProblem.invalid("limit", "limit must be positive.");
            }
            return Math.min(limit, available);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("limit", "limit must be a positive integer.");
        }
    }
}
