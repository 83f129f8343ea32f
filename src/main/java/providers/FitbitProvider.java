package providers;

import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import model.WeightRecord;

/**
 * Fitbit Web API v1 (API-FACTS.md §2): minute steps and heart rate (read) and weight logs (read, write). Times are the
 * user's local time, so the user's zone comes from the profile ({@link FitbitMapper} places them in it).
 * No {@code Accept-Language} is sent, which gives metric units: weights are in kilograms.
 */
public class FitbitProvider extends HttpHealthProvider implements PushReceiver {

    public static final String ID = "fitbit";
    /** The weight log endpoint accepts at most 31 days per call. */
    private static final int WEIGHT_DAYS_PER_CALL = 31;

    public FitbitProvider() {
        super(new ProviderInfo(ID, "Fitbit", "v1", "deprecated",
                        "Fitbit turned the Web API off on 2026-10-30; kept for existing data and replays. Successor: Google Health API.",
                        List.of(DataType.STEPS, DataType.HEART_RATE, DataType.WEIGHT),
                        ProviderInfo.writes(Overwrite.DELETE_AND_CREATE, DataType.WEIGHT)),
                "activity heartrate sleep weight profile location", OAuthClient.ClientAuthentication.BASIC);
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        ZoneId zone = userZone(request.call());
        return switch (request.type()) {
            case STEPS -> fetchIntraday(request.call(), "steps", request.window(), zone, FitbitMapper::intradaySteps);
            case HEART_RATE -> fetchIntraday(request.call(), "heart", request.window(), zone, FitbitMapper::intradayHeartRate);
            case WEIGHT -> fetchWeight(request.call(), request.window(), zone);
            default -> throw new PermanentSyncException("fitbit cannot read " + request.type() + " yet");
        };
    }

    private ZoneId userZone(ProviderCall call) {
        JsonNode user = http().getJson(call, uri("/1/user/-/profile.json")).path("user");
        try {
            return ZoneId.of(user.path("timezone").asText());
        } catch (RuntimeException e) {
            throw new PermanentSyncException("fitbit profile has no valid timezone");
        }
    }

    /** How an intraday answer for one local day becomes records. */
    @FunctionalInterface
    private interface IntradayMapping {
        List<HealthRecord> records(JsonNode answer, LocalDate day, ZoneId zone, TimeWindow window);
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
            JsonNode answer = http().getJson(call, uri("/1/user/-/activities/" + resource + "/date/" + day + "/" + day
                    + "/1min/time/" + from.format(FitbitMapper.HH_MM) + "/" + to.format(FitbitMapper.HH_MM) + ".json"));
            records.addAll(mapping.records(answer, day, zone, window));
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

    @Override
    public WriteOutcome write(WriteRequest request) {
        if (request.type() != DataType.WEIGHT) {
            throw new PermanentSyncException("fitbit cannot write " + request.type());
        }
        SyncPlan plan = request.plan();
        ProviderCall call = request.call();
        if (plan.isEmpty()) {
            return new WriteOutcome(0, 0);
        }
        ZoneId zone = userZone(call);
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            // Fitbit has no update for weight logs: delete the old log, then log the source's value
            http().send(call, "DELETE", uri("/1/user/-/body/log/weight/" + replacement.existing().provenance().externalId() + ".json"),
                    HttpRequest.BodyPublishers.noBody());
            logWeight(call, (WeightRecord) replacement.source(), zone);
        }
        plan.creates().forEach(record -> logWeight(call, (WeightRecord) record, zone));
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
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

    @Override
    public boolean canReplace(HealthRecord existing) {
        return existing instanceof WeightRecord;
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
