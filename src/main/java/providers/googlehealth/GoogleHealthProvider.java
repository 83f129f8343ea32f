package providers.googlehealth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import activityfiles.ActivityFileException;
import activityfiles.TcxActivityFile;
import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.SleepRecord;
import model.SyncIds;
import model.TimeWindow;
import model.WeightRecord;
import providers.googlehealth.GoogleHealthMapper.HealthType;
import providers.http.HttpHealthProvider;
import providers.http.JsonStreams;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.http.ProviderSettings;
import providers.spi.FetchRequest;
import providers.spi.Overwrite;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * Google Health API v4 (docs/providers/googlehealth.md), the successor of the Fitbit Web API and Google Fit: data
 * points under {@code users/me/dataTypes/{type}/dataPoints}, listed with an AIP-160 time filter and page tokens.
 * Steps and heart rate are read only (the API keeps device telemetry read-only); weight, sleep and exercise are
 * read and written. Written points are created one by one; one can be replaced (patched) only when our OAuth
 * client wrote it, as the write scopes allow editing only "the data it adds". An exercise's samples come from its
 * TCX export; written exercises carry totals only. Times carry the user's UTC offset, which records keep.
 * Pushes ({@code projects.subscribers}) are checked by the endpoint secret Google sends as the Authorization header.
 * <p>
 * Loop safety: a written weight or exercise carries the source record's sync id in its {@code notes}; every point our
 * OAuth client wrote (its {@code googleWebClientId}) reads back marked as ours, with that sync id where it has one
 * (a sleep has no notes: {@link GoogleHealthMapper#OWN_CLIENT_SYNC_ID}).
 */
public class GoogleHealthProvider extends HttpHealthProvider implements PushReceiver {

    public static final String ID = "googlehealth";
    private static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/googlehealth.";

    public GoogleHealthProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Google Health API", "v4", "active",
                        "Successor of the Fitbit Web API and Google Fit. Google restricts onboarding of new projects and all its "
                                + "scopes are restricted (security review). Steps and heart rate are read-only in the API; written "
                                + "workouts keep their totals but no GPS or heart-rate track.",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.SLEEP, DataType.WEIGHT, DataType.ACTIVITIES),
                        ProviderInfo.writes(Overwrite.UPDATE, DataType.SLEEP, DataType.WEIGHT, DataType.ACTIVITIES))
                        // within its 300 requests a minute per user
                        .withBackfill(ProviderInfo.dayWeekMonthWindows()),
                String.join(" ", SCOPE_PREFIX + "activity_and_fitness.readonly", SCOPE_PREFIX + "activity_and_fitness.writeonly",
                        SCOPE_PREFIX + "health_metrics_and_measurements.readonly",
                        SCOPE_PREFIX + "health_metrics_and_measurements.writeonly",
                        SCOPE_PREFIX + "sleep.readonly", SCOPE_PREFIX + "sleep.writeonly",
                        // the TCX export needs a location scope beside an activity one
                        SCOPE_PREFIX + "location.readonly"),
                OAuthClient.ClientAuthentication.FORM, context);
    }

    /** Unlinking withdraws our access: RFC 7009: the refresh token posted to revoke-url takes its access tokens with it. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.TOKEN_FORM;
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        HealthType type = HealthType.of(request.type());
        TimeWindow window = request.window();
        String filter = GoogleHealthMapper.listFilter(type, window);
        List<HealthRecord> records = new ArrayList<>();
        String pageToken = null;
        do {
            String query = "?pageSize=" + type.maxPageSize + "&filter=" + encode(filter)
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonStreams.Page<HealthRecord> page = http().getJson(request.call(), uri("/dataTypes/" + type.path + "/dataPoints" + query),
                    GoogleHealthMapper.dataPoints(type, settings().clientId()));
            for (HealthRecord record : page.items()) {
                if (window.overlaps(record.start(), record.end())) {
                    records.add(type == HealthType.EXERCISE ? withSamples(request.call(), (ActivityRecord) record) : record);
                }
            }
            String next = GoogleHealthMapper.nextPageToken(page.kept());
            if (next != null && next.equals(pageToken)) {
                throw new PermanentSyncException("googlehealth answered the same page token twice");
            }
            pageToken = next;
        } while (pageToken != null);
        // the API lists newest first; the engine reads oldest first, like every other provider answers
        records.sort(Comparator.comparing(HealthRecord::start).thenComparing(HealthRecord::end));
        return records;
    }

    /**
     * The exercise with the samples and laps of its TCX export ({@code partialData=true}: heart rate is kept even where
     * there is no GPS). The data point stays the authority for start, end, sport and totals.
     */
    private ActivityRecord withSamples(ProviderCall call, ActivityRecord exercise) {
        String id = GoogleHealthMapper.dataPointId(exercise.provenance().externalId()).orElse(null);
        if (id == null) {
            return exercise;
        }
        byte[] tcx = http().getBytes(call, uri("/dataTypes/exercise/dataPoints/" + encode(id) + ":exportExerciseTcx?alt=media&partialData=true"));
        ActivityRecord track;
        try {
            track = TcxActivityFile.read(new String(tcx, StandardCharsets.UTF_8), exercise.zoneOffset(), exercise.provenance());
        } catch (ActivityFileException e) {
            throw new PermanentSyncException("googlehealth sent an exercise TCX export that cannot be read", e);
        }
        return exercise.withTrackOf(track);
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        HealthType type = HealthType.of(request.type());
        if (!info().canWrite(request.type())) {
            throw new PermanentSyncException("googlehealth cannot write " + request.type() + ": the API offers no create for it");
        }
        SyncPlan plan = request.plan();
        ProviderCall call = request.call();
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            String name = replacement.existing().provenance().externalId();
            String id = GoogleHealthMapper.dataPointId(name)
                    .orElseThrow(() -> new PermanentSyncException("googlehealth " + type.path + " to replace has no data point name"));
            JsonNode operation = http().sendJson(call, "PATCH", uri("/dataTypes/" + type.path + "/dataPoints/" + encode(id)),
                    dataPoint(replacement.source(), name, SyncIds.of(call.userId(), replacement.source().provenance())));
            GoogleHealthMapper.checkOperation(operation, "PATCH " + type.path);
        }
        for (HealthRecord record : plan.creates()) {
            JsonNode operation = http().sendJson(call, "POST", uri("/dataTypes/" + type.path + "/dataPoints"),
                    dataPoint(record, null, SyncIds.of(call.userId(), record.provenance())));
            GoogleHealthMapper.checkOperation(operation, "POST " + type.path);
        }
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    /** The data point of a record; weights and exercises keep {@code syncId} in their notes (sleeps have none). */
    private static Map<String, Object> dataPoint(HealthRecord record, String name, String syncId) {
        if (record instanceof WeightRecord weight) {
            return GoogleHealthMapper.weightDataPoint(weight, name, syncId);
        }
        if (record instanceof SleepRecord sleep) {
            return GoogleHealthSessionMapper.sleepDataPoint(sleep, name);
        }
        if (record instanceof ActivityRecord activity) {
            return GoogleHealthSessionMapper.exerciseDataPoint(activity, name, syncId);
        }
        throw new PermanentSyncException("googlehealth cannot write " + record.type());
    }

    /** Only points our own client wrote; anything else becomes a recorded skip. */
    /**
     * Google's token answer does not name the user; {@code users.getIdentity} does, with the {@code healthUserId} its
     * webhooks name users by.
     */
    @Override
    protected OAuthClient.UserIdEndpoint userIdEndpoint(ProviderSettings settings) {
        return new OAuthClient.UserIdEndpoint(java.net.URI.create(settings.baseUrl() + "/identity"), "healthUserId");
    }

    @Override
    public boolean canReplace(HealthRecord existing) {
        return (existing instanceof WeightRecord || existing instanceof SleepRecord || existing instanceof ActivityRecord)
                && GoogleHealthMapper.writtenBy(existing, Objects.requireNonNull(settings().clientId()));
    }

    /** Google sends no GET handshake: a subscriber endpoint is verified by POSTs (see {@link #receive}). */
    @Override
    public int verify(Map<String, String> query) {
        return 404;
    }

    @Override
    public List<PushNotification> receive(String body, Map<String, String> headers) {
        return GoogleHealthSubscriptions.receive(body, headers, setting("webhook-token", ""));
    }

    /** The verification POST must be answered 201 Created; any 2xx acknowledges a notification. */
    @Override
    public int acceptedStatus() {
        return 201;
    }

    /** Query values percent-encoded, a space as %20 as Google's own examples write it. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An exercise written through the API keeps its totals, not laps (they reach the TCX export only from a device): a workout is kept without them. */
    @Override
    public HealthRecord storedForm(HealthRecord source) {
        return source instanceof ActivityRecord activity ? activity.withLaps(List.of()) : source;
    }
}
