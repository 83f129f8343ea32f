package providers.wahoo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import activityfiles.ActivityFileException;
import activityfiles.FitActivityFile;
import conflict.SyncPlan;
import failures.PermanentSyncException;
import failures.TransientSyncException;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.http.ProviderHttp;
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
 * Wahoo Cloud API v1 (docs/providers/wahoo.md): workouts read and written, with their streams as FIT files.
 *
 * <p>Read: {@code GET /v1/workouts?page&per_page} (until {@code page * per_page >= total}); for each workout in the
 * window its {@code workout_summary} (embedded in the list when the API embeds it, else
 * {@code GET /v1/workouts/{id}/workout_summary}) and the FIT file at {@code workout_summary.file.url}, fetched only from
 * the configured file host ({@link WahooMapper#fileUri}).
 *
 * <p>Write: {@code POST /v1/workouts} with our deterministic {@code workout_token}, then the FIT file through
 * {@code POST /v1/workout_file_uploads}, polled a few times. Whether Wahoo de-duplicates by workout_token was not
 * found, so every write reads first: a workout with our token that has its summary is already there (an earlier
 * attempt); one without a summary only needs its file.
 *
 * <p>Overwrite: delete + create, and only for workouts we wrote ourselves (our token prefix). {@code PUT
 * /v1/workouts/{id}} changes only the header (start, minutes, name, type) and would leave the old streams and totals
 * under a new header, which is not an honest overwrite; a device-recorded workout is never deleted (its original FIT
 * file would be lost), so conflicts with those end in a recorded skip.
 */
public class WahooProvider extends HttpHealthProvider implements PushReceiver {

    public static final String ID = "wahoo";
    /** The documented maximum page size (derived spec): fewer calls against 200 per 5 minutes. */
    static final int PER_PAGE = 100;
    /** A workout starting this long before a window cannot overlap it; bounds paging when the list is newest first. */
    static final Duration LONGEST_WORKOUT = Duration.ofDays(2);
    /** A guard against a list that never ends (a total that grows with every page). */
    private static final int MAX_PAGES = 1000;

    public WahooProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Wahoo Cloud API", "v1", "active",
                        "Workouts with GPS, heart-rate, cadence and power streams (FIT files). Overwrites only workouts SyncWell "
                                + "wrote (delete + create); field lists come from a derived spec, not vendor text.",
                        List.of(DataType.ACTIVITIES), ProviderInfo.writes(Overwrite.DELETE_AND_CREATE, DataType.ACTIVITIES))
                        // the workout list pages newest first; each workout in the window then costs its FIT file
                        .withBackfill(ProviderInfo.windows(java.time.Duration.ofDays(30), DataType.ACTIVITIES)),
                "user_read workouts_read workouts_write offline_data", OAuthClient.ClientAuthentication.FORM, context);
    }

    /** The token answer of Wahoo's OAuth server does not name the user; webhooks do, by this id. */
    /** Unlinking withdraws our access: a DELETE made with the access token. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.BEARER_DELETE;
    }

    @Override
    protected OAuthClient.UserIdEndpoint userIdEndpoint(ProviderSettings settings) {
        return new OAuthClient.UserIdEndpoint(java.net.URI.create(settings.baseUrl() + "/v1/user"), "id");
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        requireActivities(request.type(), "read");
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        for (WahooMapper.Workout workout : workouts(request.call(), window.from().minus(LONGEST_WORKOUT))) {
            if (!workout.start().isBefore(window.to()) || workout.start().isBefore(window.from().minus(LONGEST_WORKOUT))) {
                continue;
            }
            ActivityRecord record = read(request.call(), workout);
            if (record != null && window.overlaps(record.start(), record.end())) {
                records.add(record);
            }
        }
        records.sort(Comparator.comparing(HealthRecord::start));
        return records;
    }

    /**
     * Every listed workout, page by page, until the documented end; when the list says it is newest first, also
     * stop after a page that reaches back before {@code notBefore}.
     */
    private List<WahooMapper.Workout> workouts(ProviderCall call, Instant notBefore) {
        List<WahooMapper.Workout> workouts = new ArrayList<>();
        for (int page = 1; ; page++) {
            if (page > MAX_PAGES) {
                throw new PermanentSyncException("wahoo workout list did not end after " + MAX_PAGES + " pages");
            }
            WahooMapper.WorkoutPage answer = WahooMapper.page(
                    http().getJson(call, uri("/v1/workouts?page=" + page + "&per_page=" + PER_PAGE)));
            List<WahooMapper.Workout> onPage = answer.workouts().stream().map(WahooMapper::workout).toList();
            workouts.addAll(onPage);
            boolean reachedBack = answer.newestFirst() && !onPage.isEmpty()
                    && onPage.get(onPage.size() - 1).start().isBefore(notBefore);
            if (answer.isLast() || reachedBack) {
                return workouts;
            }
        }
    }

    /** The workout with its totals and streams; null when it has no duration at all. */
    private ActivityRecord read(ProviderCall call, WahooMapper.Workout workout) {
        JsonNode summaryNode = switch (workout.summaryPresence()) {
            case EMBEDDED -> workout.embeddedSummary();
            case NONE -> null;
            case NOT_LISTED -> http().getJson(call, uri("/v1/workouts/" + workout.id() + "/workout_summary"));
        };
        WahooMapper.Summary summary = summaryNode == null ? null : WahooMapper.summary(summaryNode, workout.id());
        ActivityRecord fromFile = null;
        if (summary != null && summary.fileUrl() != null) {
            URI file = WahooMapper.fileUri(summary.fileUrl(), fileBaseUrl(), settings().baseUrl());
            byte[] fit = http().getBytes(call, file, "Accept", "application/octet-stream");
            try {
                fromFile = FitActivityFile.read(fit, WahooMapper.provenance(workout));
            } catch (ActivityFileException e) {
                throw new PermanentSyncException("wahoo workout " + workout.id() + " has a file that is not a readable FIT file");
            }
        }
        return WahooMapper.toRecord(workout, summary, fromFile);
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        requireActivities(request.type(), "write");
        SyncPlan plan = request.plan();
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        ProviderCall call = request.call();
        Instant earliest = plan.creates().stream().map(HealthRecord::start).min(Comparator.naturalOrder())
                .orElse(Instant.MAX);
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            earliest = replacement.source().start().isBefore(earliest) ? replacement.source().start() : earliest;
        }
        Map<String, WahooMapper.Workout> ours = ourWorkouts(call, earliest.minus(LONGEST_WORKOUT));
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            String id = replacement.existing().provenance().externalId();
            if (id == null || !id.matches("\\d{1,18}")) {
                throw new PermanentSyncException("wahoo workout to replace has no workout id");
            }
            http().send(call, "DELETE", uri("/v1/workouts/" + id), HttpRequest.BodyPublishers.noBody());
            ours.values().removeIf(workout -> Long.toString(workout.id()).equals(id));
            create(call, (ActivityRecord) replacement.source(), ours);
        }
        for (HealthRecord record : plan.creates()) {
            create(call, (ActivityRecord) record, ours);
        }
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    /** Our workouts by workout_token, from the list (read-before-write). */
    private Map<String, WahooMapper.Workout> ourWorkouts(ProviderCall call, Instant notBefore) {
        Map<String, WahooMapper.Workout> byToken = new HashMap<>();
        for (WahooMapper.Workout workout : workouts(call, notBefore)) {
            if (workout.ours()) {
                byToken.put(workout.workoutToken(), workout);
            }
        }
        return byToken;
    }

    private void create(ProviderCall call, ActivityRecord record, Map<String, WahooMapper.Workout> ours) {
        String token = WahooMapper.workoutToken(call.userId(), record.provenance());
        WahooMapper.Workout existing = ours.get(token);
        if (existing != null && existing.summaryPresence() == WahooMapper.SummaryPresence.EMBEDDED) {
            return;
        }
        if (existing == null) {
            WahooMapper.createdWorkoutId(http().sendJson(call, "POST", uri("/v1/workouts"), WahooMapper.workoutBody(record, token)));
        }
        upload(call, record, token);
    }

    /** Uploads the FIT file and waits, a bounded number of polls, until Wahoo has processed it. */
    private void upload(ProviderCall call, ActivityRecord record, String workoutToken) {
        byte[] fit;
        try {
            fit = FitActivityFile.write(record);
        } catch (ActivityFileException e) {
            throw new PermanentSyncException("wahoo: the workout cannot be written as a FIT file (" + e.getClass().getSimpleName() + ")");
        }
        WahooMapper.Upload upload = WahooMapper.upload(http().sendMultipart(call, "POST", uri("/v1/workout_file_uploads"), Map.of(),
                new ProviderHttp.FilePart("file", workoutToken + ".fit", "application/octet-stream", fit)));
        int polls = Integer.parseInt(setting("upload-polls", "5"));
        Duration interval = Duration.parse(setting("upload-poll-interval", "PT1S"));
        for (int poll = 0; !upload.finished(); poll++) {
            if (poll >= polls) {
                throw new TransientSyncException("wahoo had not processed the workout file after " + polls + " polls");
            }
            pause(interval);
            upload = WahooMapper.upload(http().getJson(call, uri("/v1/workout_file_uploads/" + encode(upload.token()))));
        }
        if (upload.failed()) {
            throw new PermanentSyncException("wahoo refused the workout file" + Optional.ofNullable(upload.error())
                    .filter(error -> error.matches("[a-z_]{1,40}")).map(error -> " (" + error + ")").orElse(""));
        }
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientSyncException("interrupted while waiting for wahoo to process a workout file");
        }
    }

    /** Only workouts we wrote (our workout_token): a device's own recording is never deleted. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        return existing instanceof ActivityRecord
                && WahooMapper.OWN_DEVICE.equals(existing.provenance().device());
    }

    /** Where Wahoo serves workout files (a CDN in production); a file URL elsewhere is refused. */
    private URI fileBaseUrl() {
        return URI.create(setting("file-base-url", settings().baseUrl().toString()));
    }

    @Override
    public int verify(Map<String, String> query) {
        return WahooWebhooks.verify();
    }

    @Override
    public List<PushNotification> receive(String body, Map<String, String> headers) {
        return WahooWebhooks.receive(body, setting("webhook-token", ""));
    }

    /** Answered at once; the sync runs from the queue. */
    @Override
    public int acceptedStatus() {
        return 200;
    }

    private static void requireActivities(DataType type, String what) {
        if (type != DataType.ACTIVITIES) {
            throw new PermanentSyncException("wahoo cannot " + what + " " + type + ": it keeps workouts only");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
