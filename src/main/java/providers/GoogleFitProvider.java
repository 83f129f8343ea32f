package providers;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.StepsRecord;
import model.TimeWindow;
import model.WeightRecord;

/**
 * Google Fit REST v1 (API-FACTS.md §4), deprecated by Google: step deltas and weight, read from the merged
 * ({@code derived:...merge_*}) streams and written into a raw data source of our own. Times are
 * nanoseconds since the epoch; Fit keeps no zone, so records read from it carry UTC. Points cannot be
 * updated, only deleted by range in a source we own: points of other apps are never overwritten.
 */
public class GoogleFitProvider implements HealthProvider {

    public static final String ID = "googlefit";
    /** The stream name of our own data sources; with the data type it identifies them. */
    static final String STREAM_NAME = "SyncWell";
    private static final int POINTS_PER_PAGE = 1000;

    private final ProviderSettings settings;
    private final OAuthClient oauth;
    private final ProviderHttp http;
    private final ProviderInfo info;

    public GoogleFitProvider(ProviderSettings settings, AccountTokens tokens, java.net.http.HttpClient client) {
        this.settings = settings;
        this.oauth = new OAuthClient(ID, settings, "https://www.googleapis.com/auth/fitness.activity.read "
                + "https://www.googleapis.com/auth/fitness.activity.write https://www.googleapis.com/auth/fitness.body.read "
                + "https://www.googleapis.com/auth/fitness.body.write", OAuthClient.ClientAuthentication.FORM, client);
        this.http = new ProviderHttp(ID, oauth, tokens, client);
        this.info = new ProviderInfo(ID, "Google Fit", "v1", "deprecated",
                "Google deprecated the Fit REST API (no new sign-ups since 2024-05-01; support ends in 2026).",
                List.of(DataType.STEPS, DataType.WEIGHT), List.of(DataType.STEPS, DataType.WEIGHT));
    }

    /** How one of our data types lives in Google Fit. */
    private enum FitType {
        STEPS("com.google.step_count.delta", "derived:com.google.step_count.delta:com.google.android.gms:merge_step_deltas",
                "steps", "integer"),
        WEIGHT("com.google.weight", "derived:com.google.weight:com.google.android.gms:merge_weight", "weight", "floatPoint");

        final String dataTypeName;
        final String mergedSource;
        final String field;
        final String format;

        FitType(String dataTypeName, String mergedSource, String field, String format) {
            this.dataTypeName = dataTypeName;
            this.mergedSource = mergedSource;
            this.field = field;
            this.format = format;
        }

        static FitType of(DataType type) {
            return switch (type) {
                case STEPS -> STEPS;
                case WEIGHT -> WEIGHT;
                default -> throw new PermanentSyncException("google fit cannot carry " + type + " yet");
            };
        }
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public OAuthClient oauth() {
        return oauth;
    }

    @Override
    public List<HealthRecord> fetch(ProviderCall call, DataType type, TimeWindow window) {
        FitType fit = FitType.of(type);
        List<HealthRecord> records = new ArrayList<>();
        String pageToken = null;
        do {
            String query = "?limit=" + POINTS_PER_PAGE + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonNode dataset = http.getJson(call, uri("/dataSources/" + encode(fit.mergedSource) + "/datasets/"
                    + nanos(window.from()) + "-" + nanos(window.to()) + query));
            JsonNode points = dataset.path("point");
            if (!points.isMissingNode() && !points.isArray()) {
                throw new PermanentSyncException("google fit dataset answer has a malformed point list");
            }
            for (JsonNode point : points) {
                HealthRecord record = toRecord(fit, point);
                if (window.overlaps(record.start(), record.end())) {
                    records.add(record);
                }
            }
            pageToken = dataset.hasNonNull("nextPageToken") ? dataset.get("nextPageToken").asText() : null;
        } while (pageToken != null && !pageToken.isEmpty());
        return records;
    }

    private static HealthRecord toRecord(FitType fit, JsonNode point) {
        Instant start = instant(point.path("startTimeNanos"));
        Instant end = instant(point.path("endTimeNanos"));
        JsonNode value = point.path("value").path(0);
        String origin = point.path("originDataSourceId").asText(null);
        Provenance provenance = new Provenance(ID, origin + "@" + point.path("startTimeNanos").asText() + "-"
                + point.path("endTimeNanos").asText(), origin);
        return switch (fit) {
            case STEPS -> {
                if (!value.path("intVal").isIntegralNumber()) {
                    throw new PermanentSyncException("google fit step point has no intVal");
                }
                yield new StepsRecord(start, end, value.get("intVal").asLong(), ZoneOffset.UTC, provenance);
            }
            case WEIGHT -> {
                if (!value.path("fpVal").isNumber()) {
                    throw new PermanentSyncException("google fit weight point has no fpVal");
                }
                yield new WeightRecord(start, value.get("fpVal").asDouble(), ZoneOffset.UTC, provenance);
            }
        };
    }

    @Override
    public WriteOutcome write(ProviderCall call, DataType type, SyncPlan plan) {
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        FitType fit = FitType.of(type);
        String dataSourceId = ownDataSource(call, fit);
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            // no update of points: delete ours for that period, the insert below brings the source's value
            http.send(call, "DELETE", uri("/dataSources/" + encode(dataSourceId) + "/datasets/"
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
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        List<Map<String, Object>> points = new ArrayList<>();
        for (HealthRecord record : records) {
            long start = nanos(record.start());
            long end = nanos(record.end());
            min = Math.min(min, start);
            max = Math.max(max, end);
            Map<String, Object> value = switch (fit) {
                case STEPS -> Map.of("intVal", ((StepsRecord) record).count());
                case WEIGHT -> Map.of("fpVal", ((WeightRecord) record).kilograms());
            };
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("startTimeNanos", Long.toString(start));
            point.put("endTimeNanos", Long.toString(end));
            point.put("dataTypeName", fit.dataTypeName);
            point.put("value", List.of(value));
            points.add(point);
        }
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("dataSourceId", dataSourceId);
        dataset.put("minStartTimeNs", Long.toString(min));
        dataset.put("maxEndTimeNs", Long.toString(max));
        dataset.put("point", points);
        http.sendJson(call, "PATCH", uri("/dataSources/" + encode(dataSourceId) + "/datasets/" + min + "-" + max), dataset);
    }

    /** Finds our raw data source for the type, creating it the first time (Google composes its id). */
    private String ownDataSource(ProviderCall call, FitType fit) {
        JsonNode sources = http.getJson(call, uri("/dataSources?dataTypeName=" + encode(fit.dataTypeName))).path("dataSource");
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
        JsonNode created = http.sendJson(call, "POST", uri("/dataSources"), create);
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
        long start = nanos(record.start());
        long end = nanos(record.end());
        return end - start > 2 ? (start + 1) + "-" + (end - 1) : start + "-" + end;
    }

    /** Only points in our own data sources can be deleted and written again. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        String origin = existing.provenance().device();
        return origin != null && origin.startsWith("raw:") && origin.endsWith(":" + STREAM_NAME);
    }

    private URI uri(String pathAndQuery) {
        return URI.create(settings.baseUrl() + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(JsonNode nanosText) {
        try {
            long nanos = Long.parseLong(nanosText.asText());
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        } catch (NumberFormatException e) {
            throw new PermanentSyncException("google fit sent a time that is not nanoseconds");
        }
    }
}
