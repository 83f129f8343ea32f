package providers.fitbit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import activityfiles.ActivityFileException;
import activityfiles.TcxActivityFile;
import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.ActivityRecord;
import model.DataType;
import model.HealthRecord;
import model.SleepRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.http.AnswerReader;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.spi.AccessCheck;
import providers.spi.FetchRequest;
import providers.spi.LinkListener;
import providers.spi.Overwrite;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;
import security.TokenSet;

/**
 * Fitbit Web API v1 (docs/providers/fitbit.md): minute steps and heart rate (read), sleep logs, weight logs and activity logs
 * (read, write; Fitbit has no update, so an overwrite is delete + log again). Sleep and step times are the user's local
 * time, so the user's zone comes from the profile ({@link FitbitMapper} places them in it); activity logs carry their
 * offset. No {@code Accept-Language} is sent, which gives metric units: kilograms and kilometres.
 *
 * <p>What Fitbit's writes cannot keep (see {@link #storedForm}): a logged sleep has no stages, a logged activity no GPS or
 * heart-rate track, and both start on a whole minute ({@code startTime=HH:mm}) — a source start at 07:30:42 lands at
 * 07:30:00 with the same duration. Only {@code manual} logs are ever deleted for an overwrite: sleeps and workouts the
 * user's tracker recorded stay (the conflict is a recorded skip).
 *
 * <p>Loop safety: records we write here carry no sync id, and records read here never say they are ours. Fitbit keeps
 * no client value on a log (no external id, tag or note: docs/providers/fitbit.md §3 finds no client-supplied id), and what it
 * does keep names no app — {@code logType: manual} is also what the user types in, a weight's {@code source: "API"}
 * is any API client — so marking by them would skip the user's own entries. An echo of ours is instead matched with
 * the original at the other end (same period, same value), which writes nothing. Fitbit is retired.
 *
 * <p>After an account is linked, a subscription to all its collections is created, so Fitbit pushes changes to
 * {@code /v1/webhooks/fitbit} (the subscriber endpoint itself is registered in Fitbit's developer console).
 */
public class FitbitProvider extends HttpHealthProvider implements PushReceiver, LinkListener, AccessCheck {

    public static final String ID = "fitbit";
    /** The weight log endpoint accepts at most 31 days per call. */
    private static final int WEIGHT_DAYS_PER_CALL = 31;
    /** The sleep-by-date-range endpoint accepts at most 100 days per call. */
    private static final int SLEEP_DAYS_PER_CALL = 100;
    /** The activity list's largest page. */
    private static final int ACTIVITIES_PER_PAGE = 100;
    /** A bound on pages followed for one window: a list that never ends is a broken answer, not a long history. */
    private static final int MAX_ACTIVITY_PAGES = 1000;
    /** How far before the window an activity may have started and still overlap it. */
    private static final long ACTIVITY_LOOKBACK_DAYS = 1;

    /** How long a user's zone read from the profile is used before it is read again. */
    static final java.time.Duration ZONE_KEPT_FOR = java.time.Duration.ofMinutes(1);

    /** The users' zones, by our user id; a link (perhaps of another Fitbit account) forgets the user's. */
    private final Cache<String, ZoneId> zones = Caffeine.newBuilder().expireAfterWrite(ZONE_KEPT_FOR)
            .maximumSize(100_000).build();

    public FitbitProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Fitbit", "v1", "retired",
                        "Fitbit turned the Web API off on 2026-10-30; kept for existing data and replays. Successor: Google Health API.",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.SLEEP, DataType.WEIGHT, DataType.ACTIVITIES),
                        ProviderInfo.writes(Overwrite.DELETE_AND_CREATE, DataType.WEIGHT, DataType.SLEEP, DataType.ACTIVITIES))
                        .withBackfill(backfillWindows()),
                "activity heartrate sleep weight profile location", OAuthClient.ClientAuthentication.BASIC, context);
    }

    /**
     * A backfill job's period per type: the intraday endpoints serve 24 h a call; weight logs come 31 days a call,
     * sleep logs up to 100 (a month keeps a job short); the activity list pages 100 logs at a time.
     */
    private static Map<DataType, java.time.Duration> backfillWindows() {
        Map<DataType, java.time.Duration> windows = ProviderInfo.windows(java.time.Duration.ofDays(1), DataType.STEPS,
                DataType.HEART_RATE);
        windows.putAll(ProviderInfo.windows(java.time.Duration.ofDays(WEIGHT_DAYS_PER_CALL), DataType.WEIGHT));
        windows.putAll(ProviderInfo.windows(java.time.Duration.ofDays(30), DataType.SLEEP, DataType.ACTIVITIES));
        return windows;
    }

    /** Unlinking withdraws our access: RFC 7009: the refresh token posted to revoke-url takes its access tokens with it. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.TOKEN_FORM;
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        ZoneId zone = userZone(request.call());
        return switch (request.type()) {
            case STEPS -> fetchIntraday(request.call(), "steps", request.window(), zone, FitbitMapper::intradaySteps);
            case HEART_RATE -> fetchIntraday(request.call(), "heart", request.window(), zone, FitbitMapper::intradayHeartRate);
            case WEIGHT -> fetchWeight(request.call(), request.window(), zone);
            case SLEEP -> fetchSleep(request.call(), request.window(), zone);
            case ACTIVITIES -> fetchActivities(request.call(), request.window(), zone);
        };
    }

    /** The user's profile: one read call. */
    @Override
    public void checkAccess(ProviderCall call) {
        http().getJson(call, uri("/1/user/-/profile.json"));
    }

    /**
     * The zone the user's Fitbit renders local times in, as its profile names it, kept for {@link #ZONE_KEPT_FOR}: the
     * jobs of one sync (a job per data type) and the windows of a backfill come together, and each would otherwise spend a
     * call of the user's 150 an hour on it. A user who changes zone is seen within that time.
     */
    private ZoneId userZone(ProviderCall call) {
        return zones.get(call.userId(), user -> profileZone(call));
    }

    private ZoneId profileZone(ProviderCall call) {
        JsonNode user = http().getJson(call, uri("/1/user/-/profile.json")).path("user");
        try {
            return ZoneId.of(user.path("timezone").asText());
        } catch (RuntimeException e) {
            throw new PermanentSyncException("fitbit profile has no valid timezone");
        }
    }

    /** How an intraday answer for one local day is read into records. */
    @FunctionalInterface
    private interface IntradayMapping {
        AnswerReader<List<HealthRecord>> reader(LocalDate day, ZoneId zone, TimeWindow window);
    }

    /** One intraday call per local day of the window (the endpoints serve at most 24 h), by the minute. */
    private List<HealthRecord> fetchIntraday(ProviderCall call, String resource, TimeWindow window, ZoneId zone,
                                             IntradayMapping mapping) {
        List<HealthRecord> records = new ArrayList<>();
        LocalDateTime first = LocalDateTime.ofInstant(window.from(), zone).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime last = LocalDateTime.ofInstant(window.to().minusNanos(1), zone).truncatedTo(ChronoUnit.MINUTES);
        for (LocalDate day = first.toLocalDate(); !day.isAfter(last.toLocalDate()); day = day.plusDays(1)) {
            LocalTime from = day.equals(first.toLocalDate()) ? first.toLocalTime() : LocalTime.MIDNIGHT;
            LocalTime to = day.equals(last.toLocalDate()) ? last.toLocalTime() : LocalTime.of(23, 59);
            records.addAll(http().getJson(call, uri("/1/user/-/activities/" + resource + "/date/" + day + "/" + day
                    + "/1min/time/" + from.format(FitbitMapper.HH_MM) + "/" + to.format(FitbitMapper.HH_MM) + ".json"),
                    mapping.reader(day, zone, window)));
        }
        return records;
    }

    /** Weight logs in chunks of at most 31 days, the endpoint's limit. */
    private List<HealthRecord> fetchWeight(ProviderCall call, TimeWindow window, ZoneId zone) {
        List<HealthRecord> records = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(window.from(), zone);
        LocalDate last = LocalDate.ofInstant(window.to(), zone);
        for (LocalDate start = first; !start.isAfter(last); start = start.plusDays(WEIGHT_DAYS_PER_CALL)) {
            LocalDate end = start.plusDays(WEIGHT_DAYS_PER_CALL - 1L).isAfter(last) ? last : start.plusDays(WEIGHT_DAYS_PER_CALL - 1L);
            JsonNode answer = http().getJson(call, uri("/1/user/-/body/log/weight/date/" + start + "/" + end + ".json"));
            records.addAll(FitbitMapper.weightLogs(answer, zone, window));
        }
        return records;
    }

    /**
     * Sleep logs by date in chunks of at most 100 days. A log is filed under the date it ended, so the day after the
     * window is asked too (a sleep that began inside the window may end the next day).
     */
    private List<HealthRecord> fetchSleep(ProviderCall call, TimeWindow window, ZoneId zone) {
        Map<String, HealthRecord> records = new LinkedHashMap<>();
        LocalDate first = LocalDate.ofInstant(window.from(), zone);
        LocalDate last = LocalDate.ofInstant(window.to(), zone).plusDays(1);
        for (LocalDate start = first; !start.isAfter(last); start = start.plusDays(SLEEP_DAYS_PER_CALL)) {
            LocalDate end = start.plusDays(SLEEP_DAYS_PER_CALL - 1L).isAfter(last) ? last : start.plusDays(SLEEP_DAYS_PER_CALL - 1L);
            JsonNode answer = http().getJson(call, uri("/1.2/user/-/sleep/date/" + start + "/" + end + ".json"));
            FitbitSleepMapper.sleepLogs(answer, zone, window).forEach(r -> records.putIfAbsent(r.provenance().externalId(), r));
        }
        return List.copyOf(records.values());
    }

    /**
     * The activity list oldest first from the day before the window, following {@code pagination.next} (never building
     * offsets ourselves, as Fitbit asks) until a log starts at or after the window's end. Logs with a GPS track get
     * their samples from the log's TCX.
     */
    private List<HealthRecord> fetchActivities(ProviderCall call, TimeWindow window, ZoneId zone) {
        List<HealthRecord> records = new ArrayList<>();
        LocalDate after = LocalDate.ofInstant(window.from(), zone).minusDays(ACTIVITY_LOOKBACK_DAYS);
        URI page = uri("/1/user/-/activities/list.json?afterDate=" + after + "&sort=asc&limit=" + ACTIVITIES_PER_PAGE + "&offset=0");
        for (int pages = 0; page != null; pages++) {
            if (pages == MAX_ACTIVITY_PAGES) {
                throw new PermanentSyncException("fitbit activity list did not end after " + MAX_ACTIVITY_PAGES + " pages");
            }
            FitbitActivityMapper.Page answer = FitbitActivityMapper.page(http().getJson(call, page), zone);
            boolean pastWindow = false;
            for (FitbitActivityMapper.ActivityLog log : answer.logs()) {
                ActivityRecord totals = log.totals();
                if (!totals.start().isBefore(window.to())) {
                    pastWindow = true;
                    break;
                }
                if (window.overlaps(totals.start(), totals.end())) {
                    records.add(log.hasTrack() ? withTrack(call, log) : totals);
                }
            }
            page = pastWindow || answer.next() == null ? null : nextPage(answer.next(), page);
        }
        return records;
    }

    /** The next-page link, followed only while it stays under our configured API base: it will carry the user's token. */
    private URI nextPage(String link, URI current) {
        if (!FitbitActivityMapper.isUnder(link, settings().baseUrl())) {
            throw new PermanentSyncException("fitbit activity list links its next page outside the configured base URL");
        }
        URI next = URI.create(link);
        if (next.equals(current)) {
            throw new PermanentSyncException("fitbit activity list links a page to itself");
        }
        return next;
    }

    /** The log's samples and laps from its TCX ({@code GET /1/user/-/activities/{logId}.tcx}); totals stay the list's. */
    private ActivityRecord withTrack(ProviderCall call, FitbitActivityMapper.ActivityLog log) {
        ActivityRecord totals = log.totals();
        byte[] tcx = http().getBytes(call, uri("/1/user/-/activities/" + log.logId() + ".tcx"));
        ActivityRecord track;
        try {
            track = TcxActivityFile.read(new String(tcx, StandardCharsets.UTF_8), totals.zoneOffset(), totals.provenance());
        } catch (ActivityFileException e) {
            throw new PermanentSyncException("fitbit TCX of an activity log is unreadable: " + e.getMessage());
        }
        return totals.withTrackOf(track);
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        SyncPlan plan = request.plan();
        ProviderCall call = request.call();
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        ZoneId zone = userZone(call);
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            // Fitbit has no update for its logs: delete the old log, then log the source's value
            http().send(call, "DELETE", uri(logPath(request.type()) + "/" + replacement.existing().provenance().externalId() + ".json"),
                    HttpRequest.BodyPublishers.noBody());
            log(call, replacement.source(), zone);
        }
        plan.creates().forEach(record -> log(call, record, zone));
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    private static String logPath(DataType type) {
        return switch (type) {
            case WEIGHT -> "/1/user/-/body/log/weight";
            case SLEEP -> "/1.2/user/-/sleep";
            case ACTIVITIES -> "/1/user/-/activities";
            default -> throw new PermanentSyncException("fitbit cannot write " + type);
        };
    }

    private void log(ProviderCall call, HealthRecord record, ZoneId zone) {
        if (record instanceof WeightRecord weight) {
            logWeight(call, weight, zone);
        } else if (record instanceof SleepRecord sleep) {
            http().sendForm(call, "POST", uri("/1.2/user/-/sleep.json"), FitbitSleepMapper.sleepLogForm(sleep, zone));
        } else if (record instanceof ActivityRecord activity) {
            http().sendForm(call, "POST", uri("/1/user/-/activities.json"), FitbitActivityMapper.activityLogForm(activity, zone));
        } else {
            throw new PermanentSyncException("fitbit cannot write " + record.type());
        }
    }

    /**
     * The log's parameters go as a form body: Fitbit requires a Content-Length, and Java's HTTP client sends
     * none for an empty body (found by the provider matrix test against the sandbox).
     */
    private void logWeight(ProviderCall call, WeightRecord weight, ZoneId zone) {
        http().send(call, "POST", uri("/1/user/-/body/log/weight.json"),
                HttpRequest.BodyPublishers.ofString(FitbitMapper.weightLogQuery(weight, zone)),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    /**
     * Weight logs, and sleep and activity logs of type {@code manual} — logged by hand or by an app through the API.
     * Fitbit does not say which app logged a manual entry, so a user's own typed-in log can be overwritten too; it holds
     * no device data. What a tracker recorded (logType tracker, auto_detected, mobile_run) is never deleted by us.
     */
    @Override
    public boolean canReplace(HealthRecord existing) {
        if (existing instanceof SleepRecord || existing instanceof ActivityRecord) {
            return FitbitActivityMapper.MANUAL.equals(existing.provenance().device());
        }
        return existing instanceof WeightRecord;
    }

    @Override
    public HealthRecord storedForm(HealthRecord source) {
        if (source instanceof SleepRecord sleep) {
            return FitbitSleepMapper.stored(sleep);
        }
        if (source instanceof ActivityRecord activity) {
            return FitbitActivityMapper.stored(activity);
        }
        return source;
    }

    /**
     * Subscribes to every collection of the user ({@code POST /1/user/-/apiSubscriptions/{id}.json}); the id is ours to
     * choose and must be unique among our subscriptions, so it derives from our user id (hashed: it is not Fitbit's
     * business). Creating it again answers 200, which makes a re-link harmless.
     */
    @Override
    public void onLinked(ProviderCall call) {
        zones.invalidate(call.userId());
        http().send(call, "POST", uri("/1/user/-/apiSubscriptions/" + subscriptionId(call.userId()) + ".json"),
                HttpRequest.BodyPublishers.ofString(""), "Content-Type", "application/x-www-form-urlencoded");
    }

    /** The push subscription linking created goes first, made with the access token while it still works. */
    @Override
    protected void beforeRevoking(ProviderCall call, TokenSet tokens) {
        int status = oauth().callWithToken("DELETE", uri("/1/user/-/apiSubscriptions/" + subscriptionId(call.userId()) + ".json"),
                tokens.accessToken());
        if (status >= 500 || status == 429) {
            throw new failures.TransientSyncException("fitbit answered " + status + " when asked to delete the push subscription");
        }
    }

    static String subscriptionId(String userId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return "syncwell-" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    @Override
    public int verify(Map<String, String> query) {
        return FitbitSubscriptions.verify(query, setting("subscriber-verification-code", ""));
    }

    @Override
    public List<PushNotification> receive(String body, Map<String, String> headers) {
        return FitbitSubscriptions.receive(body, headers, settings().clientSecret());
    }

    /** Fitbit expects 204 within 5 s. */
    @Override
    public int acceptedStatus() {
        return 204;
    }
}
