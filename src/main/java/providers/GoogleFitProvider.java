package providers;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import providers.GoogleFitMapper.FitType;
import model.TimeWindow;

/**
 * Google Fit REST v1 (API-FACTS.md §4), deprecated by Google: step deltas, heart rate and weight, read from the merged
 * ({@code derived:...merge_*}) streams and written into a raw data source of our own. Times are
 * nanoseconds since the epoch; Fit keeps no zone, so records read from it carry UTC. Points cannot be
 * updated, only deleted by range in a source we own: points of other apps are never overwritten.
 */
public class GoogleFitProvider extends HttpHealthProvider {

    public static final String ID = "googlefit";
    /** The stream name of our own data sources; with the data type it identifies them. */
    static final String STREAM_NAME = "SyncWell";
    private static final int POINTS_PER_PAGE = 1000;

    public GoogleFitProvider() {
        super(new ProviderInfo(ID, "Google Fit", "v1", "deprecated",
                        "Google deprecated the Fit REST API (no new sign-ups since 2024-05-01; support ends in 2026).",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.WEIGHT),
                        ProviderInfo.writes(Overwrite.DELETE_AND_CREATE, DataType.STEPS, DataType.HEART_RATE, DataType.WEIGHT)),
                "https://www.googleapis.com/auth/fitness.activity.read https://www.googleapis.com/auth/fitness.activity.write "
                        + "https://www.googleapis.com/auth/fitness.body.read https://www.googleapis.com/auth/fitness.body.write",
                OAuthClient.ClientAuthentication.FORM);
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        FitType fit = FitType.of(request.type());
        ProviderCall call = request.call();
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        String pageToken = null;
        do {
            String query = "?limit=" + POINTS_PER_PAGE + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonNode dataset = http().getJson(call, uri("/dataSources/" + encode(fit.mergedSource) + "/datasets/"
                    + GoogleFitMapper.nanos(window.from()) + "-" + GoogleFitMapper.nanos(window.to()) + query));
            JsonNode points = dataset.path("point");
            if (!points.isMissingNode() && !points.isArray()) {
                throw new PermanentSyncException("google fit dataset answer has a malformed point list");
            }
            for (JsonNode point : points) {
                HealthRecord record = GoogleFitMapper.toRecord(fit, point);
                if (window.overlaps(record.start(), record.end())) {
                    records.add(record);
                }
            }
            pageToken = dataset.hasNonNull("nextPageToken") ? dataset.get("nextPageToken").asText() : null;
        } while (pageToken != null && !pageToken.isEmpty());
        return records;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        SyncPlan plan = request.plan();
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        ProviderCall call = request.call();
        FitType fit = FitType.of(request.type());
        String dataSourceId = ownDataSource(call, fit);
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            // no update of points: delete ours for that period, the insert below brings the source's value
            http().send(call, "DELETE", uri("/dataSources/" + encode(dataSourceId) + "/datasets/"
                    + interiorRange(replacement.existing())), HttpRequest.BodyPublishers.noBody());
        }
        List<HealthRecord> toInsert = new ArrayList<>(plan.creates());
        plan.replacements().forEach(r -> toInsert.add(r.source()));
        for (int from = 0; from < toInsert.size(); from += POINTS_PER_PAGE) {
            insertPoints(call, fit, dataSourceId, toInsert.subList(from, Math.min(toInsert.size(), from + POINTS_PER_PAGE)));
        }
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    private void insertPoints(ProviderCall call, FitType fit, String dataSourceId, List<HealthRecord> records) {
        Map<String, Object> dataset = GoogleFitMapper.dataset(fit, dataSourceId, records);
        http().sendJson(call, "PATCH", uri("/dataSources/" + encode(dataSourceId) + "/datasets/" + dataset.get("minStartTimeNs")
                + "-" + dataset.get("maxEndTimeNs")), dataset);
    }

    /** Finds our raw data source for the type, creating it the first time (Google composes its id). */
    private String ownDataSource(ProviderCall call, FitType fit) {
        JsonNode sources = http().getJson(call, uri("/dataSources?dataTypeName=" + encode(fit.dataTypeName))).path("dataSource");
        for (JsonNode source : sources) {
            if (STREAM_NAME.equals(source.path("dataStreamName").asText()) && "raw".equals(source.path("type").asText())
                    && fit.dataTypeName.equals(source.path("dataType").path("name").asText())) {
                return source.path("dataStreamId").asText();
            }
        }
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("dataStreamName", STREAM_NAME);
        create.put("type", "raw");
        create.put("application", Map.of("name", "SyncWell"));
        create.put("dataType", Map.of("name", fit.dataTypeName, "field", List.of(Map.of("name", fit.field, "format", fit.format))));
        JsonNode created = http().sendJson(call, "POST", uri("/dataSources"), create);
        String id = created.path("dataStreamId").asText("");
        if (id.isEmpty()) {
            throw new PermanentSyncException("google fit created a data source without a dataStreamId");
        }
        return id;
    }

    /**
     * Google deletes every point that overlaps the range, bounds included, so the neighbours of a minute
     * touch it; the range inside the record's own bounds hits only points that really overlap it.
     */
    private static String interiorRange(HealthRecord record) {
        long start = GoogleFitMapper.nanos(record.start());
        long end = GoogleFitMapper.nanos(record.end());
        return end - start > 2 ? (start + 1) + "-" + (end - 1) : start + "-" + end;
    }

    /** Only points in our own data sources can be deleted and written again. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        String origin = existing.provenance().device();
        return origin != null && origin.startsWith("raw:") && origin.endsWith(":" + STREAM_NAME);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
