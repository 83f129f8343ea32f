package providers.garmin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.garmin.GarminMapper.LatestSummaries;
import providers.garmin.GarminMapper.SummaryType;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.http.ProviderSettings;
import providers.spi.FetchRequest;
import providers.spi.ProviderCall;
import providers.spi.ProviderInfo;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * Garmin Health / Activity API (docs/providers/garmin.md §2.1), the partner REST API with OAuth 2.0 PKCE: read-only (no health or
 * activity writes exist, docs/providers/garmin.md §3). Garmin pushes; the engine reads by pull from the summary endpoints
 * {@code GET /wellness-api/rest/{summaryType}?uploadStartTimeInSeconds&uploadEndTimeInSeconds} — the URLs its pings
 * hand out — which select summaries by when they were <em>uploaded</em>, at most 24 h per call. A window's data was
 * uploaded after it happened, so the uploads from the window's start until now are pulled, day by day, and the
 * summaries whose data overlaps the window kept; a summary sent again (updated) replaces the earlier one.
 *
 * <p>Types: steps from 15-minute {@code epochs} (intraday, unlike the daily total of {@code dailies}), heart rate from
 * the dailies' {@code timeOffsetHeartRateSamples}, {@code sleeps} with their levels, weight from {@code bodyComps},
 * {@code activities} with the samples of their {@code activityDetails}.
 */
public class GarminProvider extends HttpHealthProvider implements PushReceiver {

    public static final String ID = "garmin";
    private static final Logger LOG = LoggerFactory.getLogger(GarminProvider.class);
    /** The longest upload range one pull may ask for (the 24 h of Garmin's ping callback URLs). */
    static final Duration PULL_RANGE = Duration.ofHours(24);
    static final String REST = "/wellness-api/rest/";

    public GarminProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Garmin Health API", "v1", "active",
                        "Garmin Connect Developer Program partner REST API (Health and Activity API), OAuth 2.0 with PKCE; "
                                + "partner approval required, documentation confidential. Read-only: Garmin offers no health "
                                + "or activity writes.",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.SLEEP, DataType.WEIGHT, DataType.ACTIVITIES),
                        Map.of())
                        // Garmin serves summaries by upload time, at most 24 h of it per call
                        .withBackfill(ProviderInfo.windows(java.time.Duration.ofDays(1), DataType.values())),
                // scopes are granted per client in Garmin's developer portal; none are named in docs/providers/garmin.md §1
                "", OAuthClient.ClientAuthentication.FORM, context);
    }

    /** Unlinking withdraws our access: a DELETE made with the access token. */
    @Override
    protected OAuthClient.Revocation revocation() {
        return OAuthClient.Revocation.BEARER_DELETE;
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        TimeWindow window = request.window();
        ProviderCall call = request.call();
        return switch (request.type()) {
            case STEPS -> List.copyOf(GarminMapper.epochSteps(pull(call, SummaryType.EPOCHS, window), window));
            case HEART_RATE -> List.copyOf(GarminMapper.dailyHeartRates(pull(call, SummaryType.DAILIES, window), window));
            case SLEEP -> List.copyOf(GarminMapper.sleeps(pull(call, SummaryType.SLEEPS, window), window));
            case WEIGHT -> List.copyOf(GarminMapper.bodyComps(pull(call, SummaryType.BODY_COMPS, window), window));
            case ACTIVITIES -> List.copyOf(GarminActivityMapper.activities(pull(call, SummaryType.ACTIVITIES, window),
                    pull(call, SummaryType.ACTIVITY_DETAILS, window), window));
        };
    }

    /**
     * The summaries of a type uploaded from the window's start until now, latest upload per summaryId. Upload ranges
     * are read as [start, end) and the last one ends a second after now, so nothing uploaded at this second is
     * missed; should Garmin include the end, the one summary seen twice is de-duplicated. How far back uploads can be
     * pulled is not documented (docs/providers/garmin.md §2.1); beyond {@code max-pull} (default 90 days) we do not ask, and say so in the log.
     */
    private List<com.fasterxml.jackson.databind.JsonNode> pull(ProviderCall call, SummaryType type, TimeWindow window) {
        long now = Instant.now().getEpochSecond() + 1;
        long earliest = now - Duration.parse(setting("max-pull", "P90D")).getSeconds();
        long from = window.from().getEpochSecond();
        if (from < earliest) {
            LOG.warn("garmin {} pull for a window from {} starts at {}: older uploads are beyond max-pull", type.key,
                    window.from(), Instant.ofEpochSecond(earliest));
            from = earliest;
        }
        LatestSummaries latest = new LatestSummaries(type);
        for (long start = from; start < now; start += PULL_RANGE.getSeconds()) {
            long end = Math.min(start + PULL_RANGE.getSeconds(), now);
            URI uri = uri(REST + type.key + "?uploadStartTimeInSeconds=" + start + "&uploadEndTimeInSeconds=" + end);
            latest.add(GarminMapper.summaries(http().getJson(call, uri), type));
        }
        return latest.values();
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        throw new PermanentSyncException("garmin cannot write " + request.type() + ": the partner API offers no health or activity writes");
    }

    @Override
    public boolean canReplace(HealthRecord existing) {
        return false;
    }

    /** Garmin's token answer does not name the user; its user id endpoint does (the id its notifications carry). */
    @Override
    protected OAuthClient.UserIdEndpoint userIdEndpoint(ProviderSettings settings) {
        return new OAuthClient.UserIdEndpoint(URI.create(settings.baseUrl() + REST + "user/id"), "userId");
    }

    /** Garmin makes no verification request (none found: docs/providers/garmin.md §6): a GET here is answered like an unknown page. */
    @Override
    public int verify(Map<String, String> query) {
        return 404;
    }

    @Override
    public List<PushNotification> receive(String body, Map<String, String> headers) {
        return GarminNotifications.receive(body);
    }

    /** Garmin expects a quick 200 (the engine only queues jobs before answering). */
    @Override
    public int acceptedStatus() {
        return 200;
    }
}
