package providers.withings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.Paging;
import providers.http.ProviderContext;
import providers.http.ResponseEnvelope;
import providers.spi.FetchRequest;
import providers.spi.ProviderInfo;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * Withings Public API (docs/providers/withings.md): weight read from {@code getmeas}, paged with {@code more} and
 * {@code offset}. Read-only: the public API has no endpoint to create health data. Errors come as statuses
 * inside HTTP 200 envelopes ({@link WithingsMapper#ENVELOPE}), which the shared HTTP layer reads, so an expired
 * token refreshes and status 601 defers the job like any 401 or 429. Refresh tokens rotate.
 */
public class WithingsProvider extends HttpHealthProvider {

    public static final String ID = "withings";
    public WithingsProvider(ProviderContext context) {
        super(new ProviderInfo(ID, "Withings", "v2", "active",
                        "Read-only: the public API offers no endpoint to create health data.",
                        List.of(DataType.WEIGHT), Map.of())
                        // getmeas takes any startdate/enddate and pages with more/offset; a scale weighs once or twice a day
                        .withBackfill(ProviderInfo.windows(java.time.Duration.ofDays(90), DataType.WEIGHT)),
                "user.metrics", OAuthClient.ClientAuthentication.FORM, context);
    }

    @Override
    public List<HealthRecord> fetch(FetchRequest request) {
        if (request.type() != DataType.WEIGHT) {
            throw new PermanentSyncException("withings does not read " + request.type());
        }
        TimeWindow window = request.window();
        List<HealthRecord> records = new ArrayList<>();
        Paging.follow(ID, 0, offset -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("action", "getmeas");
            form.put("meastypes", Integer.toString(WithingsMapper.WEIGHT_TYPE));
            form.put("category", Integer.toString(WithingsMapper.REAL_MEASUREMENT));
            form.put("startdate", Long.toString(window.from().getEpochSecond()));
            // enddate is an inclusive whole second; the window's end is exclusive and may fall inside a second
            form.put("enddate", Long.toString(TimeWindow.epochSecondRoundedUp(window.to()) - 1));
            if (offset > 0) {
                form.put("offset", Integer.toString(offset));
            }
            JsonNode body = http().sendForm(request.call(), "POST", uri("/measure"), form);
            WithingsMapper.weights(body).stream().filter(r -> window.overlaps(r.start(), r.end())).forEach(records::add);
            return WithingsMapper.more(body) ? Optional.of(WithingsMapper.offset(body)) : Optional.<Integer>empty();
        });
        return records;
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        throw new PermanentSyncException("withings is read-only: its API cannot create " + request.type());
    }

    @Override
    public boolean canReplace(HealthRecord existing) {
        return false;
    }

    @Override
    protected ResponseEnvelope envelope() {
        return WithingsMapper.ENVELOPE;
    }

    /** Token requests name their action, and tokens come back inside the envelope. */
    @Override
    protected OAuthClient.TokenEndpoint tokenEndpoint() {
        return new OAuthClient.TokenEndpoint(Map.of("action", "requesttoken"), WithingsMapper.ENVELOPE);
    }
}
