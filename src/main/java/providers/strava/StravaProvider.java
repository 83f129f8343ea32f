package providers.strava;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import activityfiles.ActivityFileException;
import activityfiles.FitActivityFile;
import conflict.SyncPlan;
import failures.PermanentSyncException;
import failures.TransientSyncException;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.SyncIds;
import model.TimeWindow;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.Paging;
import providers.http.ProviderContext;
import providers.http.ProviderHttp;
import providers.http.RateBudget;
import providers.spi.AccessCheck;
import providers.spi.FetchRequest;
import providers.spi.Overwrite;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;
import providers.strava.StravaMapper.UploadStatus;

/**
 * Strava API v3 (docs/providers/strava.md §2, §3): activities with their streams (read) and activities as FIT uploads (write).
 *
 * <p>Reads list {@code /athlete/activities} by start time, page by page until a short page, then take each activity's
 * detail (calories, device) and streams. Writes upload a FIT file with the source record's sync id as its
 * {@code external_id} ({@link SyncIds}), which Strava echoes on the activity: read back, it marks the activity as ours
 * (loop safety). Writes then poll the upload until Strava has processed it; a "duplicate of activity" answer
 * means the workout is already there (a retried job, or Strava's own start-time de-duplication) and counts as written. Strava cannot
 * replace the streams of an uploaded activity, so a conflicting activity ends in a recorded skip.
 *
 * <p>Rate limits are per application (docs/providers/strava.md §4): a 429 defers the job until the next quarter hour, or midnight
 * UTC once the daily allowance is used up, read from {@code X-RateLimit-*} and {@code X-ReadRateLimit-*}.
 */
public class StravaProvider extends HttpHealthProvider implements PushReceiver, AccessCheck {

    public static final String ID = "strava";
    /** Strava's default page is 30; larger pages spare the 100 reads per 15 minutes the whole application shares. */
    static final int PER_PAGE = 100;
    /** An activity that started this long before the window can still overlap it; {@code after} filters by start. */
    static final Duration LONGEST_ACTIVITY = Duration.ofHours(24);
    /** Uploads are polled at most this often before the job is retried (the retry's upload is then a duplicate). */
    static final int MAX_UPLOAD_POLLS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(StravaProvider.class);

    public StravaProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Strava", "v3", "active",
                        "Activities with GPS, heart-rate, altitude, cadence and power streams. Uploaded activities cannot be "
                                + "overwritten (conflicts are skipped). Rate limits are per application: 200 requests per 15 "
                                + "minutes and 2,000 a day, of which 100 and 1,000 for reads.",
                        List.of(DataType.ACTIVITIES), ProviderInfo.writes(Overwrite.NONE, DataType.ACTIVITIES))
                        // the activity list pages by start time; each activity then costs its detail and streams
                        .withBackfill(ProviderInfo.windows(java.time.Duration.ofDays(30), DataType.ACTIVITIES)),
                "read,activity:read_all,activity:write", OAuthClient.ClientAuthentication.FORM, context);
    }

    /** The athlete's own profile: one read call. */
    /** Unlinking withdraws our access: Strava's deauthorize, with the access token. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.ACCESS_TOKEN_FORM;
    }

    @Override
    public void checkAccess(ProviderCall call) {
        http().getJson(call, uri("/athlete"));
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        if (request.type() != DataType.ACTIVITIES) {
            throw new PermanentSyncException("strava cannot read " + request.type());
        }
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        for (JsonNode summary : summaries(request.call(), window.from().minus(LONGEST_ACTIVITY), window.to())) {
            Instant start = StravaMapper.start(summary);
            long elapsed = StravaMapper.elapsedSeconds(summary);
            if (elapsed == 0 || !window.overlaps(start, start.plusSeconds(elapsed))) {
                continue;
            }
            String id = StravaMapper.activityId(summary);
            JsonNode detail = http().getJson(request.call(), uri("/activities/" + id));
            // manual activities have no streams to ask for
            StravaStreams streams = StravaMapper.manual(detail) ? StravaStreams.NONE : http().getJson(request.call(),
                    uri("/activities/" + id + "/streams?keys=" + StravaMapper.STREAM_KEYS + "&key_by_type=true"), StravaStreams.READER);
            ActivityRecord record = StravaMapper.toRecord(detail, streams);
            if (record != null) {
                records.add(record);
            }
        }
        records.sort(Comparator.comparing(HealthRecord::start));
        return records;
    }

    /** Every activity that started in [after, before), page by page until a page is not full. */
    private List<JsonNode> summaries(ProviderCall call, Instant after, Instant before) {
        List<JsonNode> all = new ArrayList<>();
        Paging.follow(ID, 1, page -> {
            List<JsonNode> activities = StravaMapper.activities(http().getJson(call, uri("/athlete/activities?after="
                    + after.getEpochSecond() + "&before=" + TimeWindow.epochSecondRoundedUp(before) + "&page=" + page + "&per_page=" + PER_PAGE)));
            all.addAll(activities);
            return activities.size() < PER_PAGE ? Optional.empty() : Optional.of(page + 1);
        });
        return all;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        if (request.type() != DataType.ACTIVITIES) {
            throw new PermanentSyncException("strava cannot write " + request.type());
        }
        SyncPlan plan = request.plan();
        if (!plan.replacements().isEmpty()) {
            // canReplace never allows one: Strava cannot replace an uploaded activity's streams
            throw new PermanentSyncException("strava cannot overwrite an activity it holds");
        }
        for (HealthRecord record : plan.creates()) {
            upload(request.call(), (ActivityRecord) record);
        }
        return new WriteOutcome(plan.creates().size(), 0);
    }

    /** Uploads one activity as a FIT file and waits, briefly, until Strava has made an activity of it. */
    private void upload(ProviderCall call, ActivityRecord activity) {
        String externalId = SyncIds.of(call.userId(), activity.provenance());
        byte[] fit;
        try {
            fit = FitActivityFile.write(activity);
        } catch (ActivityFileException e) {
            throw new PermanentSyncException("strava upload: the activity cannot be encoded as a FIT file (" + e.getMessage() + ")");
        }
        JsonNode answer = http().sendMultipart(call, "POST", uri("/uploads"),
                StravaMapper.uploadFields(externalId, StravaMapper.activityName(activity)),
                new ProviderHttp.FilePart("file", externalId + ".fit", "application/octet-stream", fit));
        UploadStatus status = StravaMapper.uploadStatus(answer);
        Duration interval = pollInterval();
        for (int poll = 0; status.state() == StravaMapper.UploadState.PROCESSING; poll++) {
            if (poll == MAX_UPLOAD_POLLS) {
                throw new TransientSyncException("strava is still processing upload " + status.uploadId() + " after "
                        + MAX_UPLOAD_POLLS + " polls; the retry's upload will be recognised as a duplicate");
            }
            pause(interval);
            status = StravaMapper.uploadStatus(http().getJson(call, uri("/uploads/" + status.uploadId())));
        }
        switch (status.state()) {
            case READY -> LOG.debug("strava upload {} became activity {}", status.uploadId(), status.activityId());
            case DUPLICATE -> LOG.info("strava upload {} is a duplicate of activity {}: already written", status.uploadId(),
                    status.activityId());
            default -> throw new PermanentSyncException(status.reason());
        }
    }

    /** Strava asks clients to poll an upload at most once a second. */
    private Duration pollInterval() {
        return Duration.parse(setting("upload-poll-interval", "PT1S"));
    }

    /** A short, bounded wait between polls (at most {@value #MAX_UPLOAD_POLLS} of them per upload). */
    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while waiting for a strava upload");
        }
    }

    /** Strava offers no way to replace an uploaded activity's streams: every conflict is a recorded skip. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        return false;
    }

    @Override
    protected Optional<Duration> rateLimitReset(HttpHeaders headers, Instant now) {
        return StravaRateLimits.resetAfter(headers, now, shortWindow());
    }

    /** Per application, from {@code X-RateLimit-*} and {@code X-ReadRateLimit-*} (limits and usage, not what is left). */
    @Override
    protected Optional<RateBudget> rateBudget(HttpHeaders headers, Instant now) {
        return StravaRateLimits.budget(headers, now, shortWindow());
    }

    private Duration shortWindow() {
        return Duration.parse(setting("rate-limit-window", "PT15M"));
    }

    @Override
    public int verify(Map<String, String> query) {
        return StravaPushEvents.verify(query, setting("verify-token", ""));
    }

    @Override
    public Object verificationBody(Map<String, String> query) {
        return StravaPushEvents.verificationBody(query);
    }

    @Override
    public List<PushNotification> receive(String body, Map<String, String> headers) {
        return StravaPushEvents.receive(body);
    }

    /** Strava wants a 200 within 2 s; the jobs are only queued. */
    @Override
    public int acceptedStatus() {
        return 200;
    }
}
