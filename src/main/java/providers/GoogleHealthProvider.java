package providers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import conflict.SyncPlan;
import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import model.WeightRecord;
import providers.GoogleHealthMapper.HealthType;

/**
 * Google Health API v4 (docs/google-health-api.md), the successor of the Fitbit Web API and Google Fit:
 * steps (read) and weight (read, write) as data points under {@code users/me/dataTypes/{type}/dataPoints},
 * listed with an AIP-160 time filter and page tokens. Steps offer no create in the API. Weights are created
 * one by one; a weight can be replaced (patched) only when our OAuth client wrote it, as the write scopes
 * allow editing only "the data it adds". Times carry the user's UTC offset, which records keep.
 */
public class GoogleHealthProvider extends HttpHealthProvider {

    public static final String ID = "googlehealth";
    /** The documented maximum; fewer, larger pages spare the 300 requests a minute each user has. */
    static final int PAGE_SIZE = 10_000;
    /**
     * Steps can only be filtered by interval start, so a point that starts shortly before the window and
     * overlaps it would be missed; points are minute intervals (storage resolution one minute), an hour
     * covers longer ones too, and what lies outside the window is dropped after reading.
     */
    static final Duration STEPS_OVERLAP = Duration.ofHours(1);

    public GoogleHealthProvider() {
        super(new ProviderInfo(ID, "Google Health API", "v4", "active",
                        "Successor of the Fitbit Web API and Google Fit. Google restricts onboarding of new projects and all its "
                                + "scopes are restricted (security review). Steps are read-only in the API.",
                        List.of(DataType.STEPS, DataType.WEIGHT), ProviderInfo.writes(Overwrite.UPDATE, DataType.WEIGHT)),
                "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly "
                        + "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly "
                        + "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.writeonly",
                OAuthClient.ClientAuthentication.FORM);
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        HealthType type = HealthType.of(request.type());
        TimeWindow window = request.window();
        Instant from = type == HealthType.STEPS ? window.from().minus(STEPS_OVERLAP) : window.from();
        String filter = GoogleHealthMapper.timeFilter(type, from, window.to());
        List<HealthRecord> records = new ArrayList<>();
        String pageToken = null;
        do {
            String query = "?pageSize=" + PAGE_SIZE + "&filter=" + encode(filter)
                    + (pageToken == null ? "" : "&pageToken=" + encode(pageToken));
            JsonNode answer = http().getJson(request.call(), uri("/dataTypes/" + type.path + "/dataPoints" + query));
            for (JsonNode point : GoogleHealthMapper.dataPoints(answer)) {
                HealthRecord record = GoogleHealthMapper.toRecord(type, point);
                if (record != null && window.overlaps(record.start(), record.end())) {
                    records.add(record);
                }
            }
            String next = GoogleHealthMapper.nextPageToken(answer);
            if (next != null && next.equals(pageToken)) {
                throw new PermanentSyncException("googlehealth answered the same page token twice");
            }
            pageToken = next;
        } while (pageToken != null);
        // the API lists newest first; the engine reads oldest first, like every other provider answers
        records.sort(Comparator.comparing(HealthRecord::start).thenComparing(HealthRecord::end));
        return records;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        if (request.type() != DataType.WEIGHT) {
            throw new PermanentSyncException("googlehealth cannot write " + request.type() + ": the API offers no create for it");
        }
        SyncPlan plan = request.plan();
        ProviderCall call = request.call();
        for (SyncPlan.Replacement replacement : plan.replacements()) {
            String name = replacement.existing().provenance().externalId();
            String id = GoogleHealthMapper.dataPointId(name)
                    .orElseThrow(() -> new PermanentSyncException("googlehealth weight to replace has no data point name"));
            JsonNode operation = http().sendJson(call, "PATCH", uri("/dataTypes/weight/dataPoints/" + encode(id)),
                    GoogleHealthMapper.weightDataPoint((WeightRecord) replacement.source(), name));
            GoogleHealthMapper.checkOperation(operation, "PATCH weight");
        }
        for (HealthRecord record : plan.creates()) {
            JsonNode operation = http().sendJson(call, "POST", uri("/dataTypes/weight/dataPoints"),
                    GoogleHealthMapper.weightDataPoint((WeightRecord) record, null));
            GoogleHealthMapper.checkOperation(operation, "POST weight");
        }
        return new WriteOutcome(plan.creates().size(), plan.replacements().size());
    }

    /** Only weights our own client wrote; anything else becomes a recorded skip. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        return existing instanceof WeightRecord
                && GoogleHealthMapper.writtenBy(existing, Objects.requireNonNull(settings().clientId()));
    }

    /** Query values percent-encoded, a space as %20 as Google's own examples write it. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
