package providers.googlefit;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.Provenance;
import model.SleepRecord;
import model.SyncIds;
import model.TimeWindow;
import providers.googlefit.GoogleFitMapper.FitType;
import providers.googlefit.GoogleFitSessionMapper.FitSession;
import providers.googlefit.GoogleFitSessionMapper.FitStream;
import providers.http.HttpHealthProvider;
import providers.http.JsonStreams;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.spi.FetchRequest;
import providers.spi.Overwrite;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * Google Fit REST v1 (docs/providers/googlefit.md), deprecated by Google: step deltas, heart rate and weight, read from the merged
 * ({@code derived:...merge_*}) streams and written into a raw data source of our own. Times are
 * nanoseconds since the epoch; Fit keeps no zone, so records read from it carry UTC. Points cannot be
 * updated, only deleted by range in a source we own: points of other apps are never overwritten.
 * <p>
 * Sleeps and workouts are sessions ({@code GET /sessions}, {@code PUT /sessions/{id}}) whose data are the points in
 * their period: sleep segments; GPS, heart rate, distance deltas and calories. We write sessions under ids derived
 * from the source record (an idempotent upsert) and their points into raw sources of our own, kept apart from the
 * sample types' so replacing a workout never tears out synced heart-rate samples. Our own sessions are updated in
 * place; other apps' sessions are left alone (a recorded skip).
 * <p>
 * Loop safety: what we wrote reads back marked as ours ({@link Provenance#syncId()}). A session of ours has our sync id
 * as its id. A point has no client-settable id, but one from a raw source of ours ({@value #STREAM_NAME},
 * {@value #SESSION_STREAM_NAME}) names it as its {@code originDataSourceId}; which source record it came from is not
 * kept, so such a point carries the stable {@link GoogleFitMapper#OWN_SOURCE_SYNC_ID}.
 */
public class GoogleFitProvider extends HttpHealthProvider {

    public static final String ID = "googlefit";
    /** The stream name of our own data sources; with the data type it identifies them. */
    static final String STREAM_NAME = "SyncWell";
    /** The stream name of our sources holding the points of our sessions (sleep stages, workout streams). */
    static final String SESSION_STREAM_NAME = "SyncWellSessions";
    /** The application name on our sessions and data sources. */
    static final String APPLICATION_NAME = "SyncWell";
    private static final int POINTS_PER_PAGE = 1000;
    /**
     * Google lists the sessions that <em>end</em> between startTime and endTime; a sleep or workout overlapping the
     * window ends at most this long after it.
     */
    private static final Duration LONGEST_SESSION = Duration.ofDays(1);
    private static final List<FitStream> WORKOUT_STREAMS = List.of(FitStream.LOCATION, FitStream.HEART_RATE,
            FitStream.DISTANCE, FitStream.CALORIES);

    public GoogleFitProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Google Fit", "v1", "deprecated",
                        "Google deprecated the Fit REST API (no new sign-ups since 2024-05-01; support ends in 2026).",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.SLEEP, DataType.WEIGHT, DataType.ACTIVITIES),
                        capabilities())
                        .withBackfill(ProviderInfo.dayWeekMonthWindows()),
                "https://www.googleapis.com/auth/fitness.activity.read https://www.googleapis.com/auth/fitness.activity.write "
                        + "https://www.googleapis.com/auth/fitness.body.read https://www.googleapis.com/auth/fitness.body.write "
                        + "https://www.googleapis.com/auth/fitness.location.read https://www.googleapis.com/auth/fitness.location.write "
                        + "https://www.googleapis.com/auth/fitness.sleep.read https://www.googleapis.com/auth/fitness.sleep.write",
                OAuthClient.ClientAuthentication.FORM, context);
    }

    /** Samples are deleted and inserted again; our own sessions are updated in place. */
    private static Map<DataType, Overwrite> capabilities() {
        Map<DataType, Overwrite> writes = new LinkedHashMap<>(
                ProviderInfo.writes(Overwrite.DELETE_AND_CREATE, DataType.STEPS, DataType.HEART_RATE, DataType.WEIGHT));
        writes.putAll(ProviderInfo.writes(Overwrite.UPDATE, DataType.SLEEP, DataType.ACTIVITIES));
        return writes;
    }

    /** Unlinking withdraws our access: RFC 7009: the refresh token posted to revoke-url takes its access tokens with it. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.TOKEN_FORM;
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        return switch (request.type()) {
            case SLEEP -> fetchSleeps(request.call(), request.window());
            case ACTIVITIES -> fetchActivities(request.call(), request.window());
            default -> fetchSamples(request);
        };
    }

    private List<HealthRecord> fetchSamples(FetchRequest request) {
        FitType fit = FitType.of(request.type());
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        for (JsonNode point : points(request.call(), fit.mergedSource, GoogleFitMapper.nanos(window.from()),
                GoogleFitMapper.nanos(window.to()))) {
            HealthRecord record = GoogleFitMapper.toRecord(fit, point);
            if (window.overlaps(record.start(), record.end())) {
                records.add(record);
            }
        }
        return records;
    }

    /** Sleep sessions with their stages: sleep segments, else (older apps) sleep activity segments. */
    private List<HealthRecord> fetchSleeps(ProviderCall call, TimeWindow window) {
        List<HealthRecord> sleeps = new ArrayList<>();
        for (FitSession session : sessions(call, window, GoogleFitSessionMapper.SLEEPING)) {
            if (session.activityType() != GoogleFitSessionMapper.SLEEPING) {
                continue;
            }
            long from = GoogleFitMapper.nanos(session.start());
            long to = GoogleFitMapper.nanos(session.end());
            List<JsonNode> segments = points(call, FitStream.SLEEP_SEGMENT.mergedSource, from, to);
            List<JsonNode> activitySegments = segments.isEmpty()
                    ? points(call, FitStream.ACTIVITY_SEGMENT.mergedSource, from, to) : List.of();
            sleeps.add(GoogleFitSessionMapper.toSleep(session, segments, activitySegments));
        }
        return sleeps;
    }

    /** Every session that is no sleep, with the merged GPS, heart-rate, distance and calorie points of its period. */
    private List<HealthRecord> fetchActivities(ProviderCall call, TimeWindow window) {
        List<HealthRecord> activities = new ArrayList<>();
        for (FitSession session : sessions(call, window, null)) {
            if (session.isSleep()) {
                continue;
            }
            long from = GoogleFitMapper.nanos(session.start());
            long to = GoogleFitMapper.nanos(session.end());
            Map<FitStream, List<JsonNode>> streams = new EnumMap<>(FitStream.class);
            for (FitStream stream : WORKOUT_STREAMS) {
                streams.put(stream, points(call, stream.mergedSource, from, to));
            }
            activities.add(GoogleFitSessionMapper.toActivity(session, streams.get(FitStream.LOCATION), streams.get(FitStream.HEART_RATE),
                    streams.get(FitStream.DISTANCE), streams.get(FitStream.CALORIES)));
        }
        return activities;
    }

    /**
     * The sessions overlapping the window. Google pages sessions only in incremental syncs (no times given), but a
     * nextPageToken is followed should one come; a token that brings nothing new ends the listing, since Google
     * ignores page tokens when times are given and would answer the same page forever.
     */
    private List<FitSession> sessions(ProviderCall call, TimeWindow window, Integer activityType) {
        String query = "?startTime=" + encode(window.from().toString()) + "&endTime="
                + encode(window.to().plus(LONGEST_SESSION).toString())
                + (activityType == null ? "" : "&activityType=" + activityType);
        Map<String, FitSession> byId = new LinkedHashMap<>();
        String pageToken = null;
        while (true) {
            JsonNode answer = http().getJson(call, uri("/sessions" + query
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken))));
            boolean news = false;
            for (FitSession session : GoogleFitSessionMapper.sessions(answer)) {
                news |= byId.putIfAbsent(session.id(), session) == null;
            }
            String next = answer.hasNonNull("nextPageToken") ? answer.get("nextPageToken").asText() : "";
            if (next.isEmpty() || next.equals(pageToken) || !news) {
                break;
            }
            pageToken = next;
        }
        return byId.values().stream().filter(session -> window.overlaps(session.start(), session.end())).toList();
    }

    /** Every point of a data source overlapping [from, to] (nanoseconds), oldest first, all pages. */
    private List<JsonNode> points(ProviderCall call, String dataSourceId, long fromNanos, long toNanos) {
        List<JsonNode> found = new ArrayList<>();
        String pageToken = null;
        do {
            String query = "?limit=" + POINTS_PER_PAGE + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonStreams.Page<JsonNode> dataset = http().getJson(call, uri("/dataSources/" + encode(dataSourceId) + "/datasets/"
                    + fromNanos + "-" + toNanos + query), JsonStreams.page(ID, "point", POINTS_PER_PAGE, point -> point,
                    "nextPageToken"));
            found.addAll(dataset.items());
            pageToken = dataset.kept().hasNonNull("nextPageToken") ? dataset.kept().get("nextPageToken").asText() : null;
        } while (pageToken != null && !pageToken.isEmpty());
        // Google pages from the end of the range backwards: put the points back in time order
        found.sort(Comparator.comparing((JsonNode point) -> point.path("startTimeNanos").asText().length())
                .thenComparing(point -> point.path("startTimeNanos").asText())
                .thenComparing(point -> point.path("endTimeNanos").asText().length())
                .thenComparing(point -> point.path("endTimeNanos").asText()));
        return found;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        SyncPlan plan = request.plan();
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        ProviderCall call = request.call();
        if (request.type() == DataType.SLEEP || request.type() == DataType.ACTIVITIES) {
            return writeSessions(call, plan);
        }
        FitType fit = FitType.of(request.type());
        String dataSourceId = ownDataSource(call, fit.dataTypeName,
                List.of(Map.of("name", fit.field, "format", fit.format)), STREAM_NAME);
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

    /**
     * Each sleep or workout: its session upserted (ours keep their id, new ones get one derived from the source
     * record), then our points in its period — and, for a replacement, in the old period — deleted and its points
     * inserted. Clearing on creates too makes a retried write after a partial failure leave no duplicate points.
     */
    private WriteOutcome writeSessions(ProviderCall call, SyncPlan plan) {
        Map<FitStream, String> ownSources = new EnumMap<>(FitStream.class);
        for (HealthRecord record : plan.creates()) {
            upsertSession(call, sessionId(call, record), record, List.of(record), ownSources);
        }
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            upsertSession(call, replacement.existing().provenance().externalId(), replacement.source(),
                    List.of(replacement.existing(), replacement.source()), ownSources);
        }
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    private void upsertSession(ProviderCall call, String sessionId, HealthRecord record, List<HealthRecord> periodsToClear,
                               Map<FitStream, String> ownSources) {
        // the session first: a retry after a failure below then finds it and replaces it
        http().sendJson(call, "PUT", uri("/sessions/" + encode(sessionId)),
                GoogleFitSessionMapper.sessionBody(sessionId, record, APPLICATION_NAME));
        List<FitStream> streams = record instanceof SleepRecord ? List.of(FitStream.SLEEP_SEGMENT) : WORKOUT_STREAMS;
        for (FitStream stream : streams) {
            String dataSourceId = ownSources.computeIfAbsent(stream,
                    s -> ownDataSource(call, s.dataTypeName, s.fields, SESSION_STREAM_NAME));
            for (HealthRecord period : periodsToClear) {
                // instants on the bounds belong to the session; intervals only by their interior (neighbours touch)
                String range = stream.instantaneous
                        ? GoogleFitMapper.nanos(period.start()) + "-" + GoogleFitMapper.nanos(period.end())
                        : interiorRange(period);
                http().send(call, "DELETE", uri("/dataSources/" + encode(dataSourceId) + "/datasets/" + range),
                        HttpRequest.BodyPublishers.noBody());
            }
            List<Map<String, Object>> points = GoogleFitSessionMapper.points(stream, record);
            for (int from = 0; from < points.size(); from += POINTS_PER_PAGE) {
                Map<String, Object> dataset = GoogleFitSessionMapper.dataset(dataSourceId,
                        points.subList(from, Math.min(points.size(), from + POINTS_PER_PAGE)));
                http().sendJson(call, "PATCH", uri("/dataSources/" + encode(dataSourceId) + "/datasets/"
                        + dataset.get("minStartTimeNs") + "-" + dataset.get("maxEndTimeNs")), dataset);
            }
        }
    }

    /**
     * A session id of ours: the source record's sync id ({@link SyncIds}), so the same source record always gets the same
     * id and writing it again is an update; read back, the id marks the session as ours (loop safety). A source
     * record without an id of its own is named by its type and start.
     */
    static String sessionId(ProviderCall call, HealthRecord record) {
        Provenance source = record.provenance();
        if (source.externalId() == null) {
            source = new Provenance(source.provider(), record.type() + "@" + record.start(), source.device());
        }
        return SyncIds.of(call.userId(), source);
    }

    /** Finds our raw data source for the type and stream, creating it the first time (Google composes its id). */
    private String ownDataSource(ProviderCall call, String dataTypeName, List<Map<String, Object>> fields, String streamName) {
        JsonNode sources = http().getJson(call, uri("/dataSources?dataTypeName=" + encode(dataTypeName))).path("dataSource");
        for (JsonNode source : sources) {
            if (streamName.equals(source.path("dataStreamName").asText()) && "raw".equals(source.path("type").asText())
                    && dataTypeName.equals(source.path("dataType").path("name").asText())) {
                return source.path("dataStreamId").asText();
            }
        }
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("dataStreamName", streamName);
        create.put("type", "raw");
        create.put("application", Map.of("name", APPLICATION_NAME));
        create.put("dataType", Map.of("name", dataTypeName, "field", fields));
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

    /**
     * Only points in our own data sources can be deleted and written again, and only our own sessions updated
     * (Google refuses changes to other applications' sessions).
     */
    @Override
    public boolean canReplace(HealthRecord existing) {
        if (existing.type() == DataType.SLEEP || existing.type() == DataType.ACTIVITIES) {
            String sessionId = existing.provenance().externalId();
            return SyncIds.isSyncId(sessionId);
        }
        String origin = existing.provenance().device();
        return origin != null && origin.startsWith("raw:") && origin.endsWith(":" + STREAM_NAME);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A session has no laps (its activity segments are kinds of activity, not lap presses): a workout is kept without them. */
    @Override
    public HealthRecord storedForm(HealthRecord source) {
        if (source instanceof SleepRecord sleep) {
            return GoogleFitSessionMapper.stored(sleep);
        }
        return source instanceof ActivityRecord activity ? activity.withLaps(List.of()) : source;
    }
}
