package api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import model.DataType;
import state.RecordFate;
import state.RecordLedger;

/**
 * {@code GET /v1/connections/{id}/records?dataType&from&to&outcome&limit&cursor}: "where did my run go?" — the fate of
 * each source record the connection saw whose period starts in [from, to) (default: the last 7 days; at most 31),
 * newest first, from its records ledger: written (as what, where), skipped (why, and the destination's record in the
 * way), merged (with which record), failed (the job). Ids, times, types and outcomes only.
 */
public class RecordsApi {

    private static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    /** A ledger read is one Query over the period's days: a month of a busy connection at most. */
    private static final Duration MAX_RANGE = Duration.ofDays(31);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;
    private static final Set<String> OUTCOMES = Set.of(RecordFate.WRITTEN, RecordFate.SKIPPED, RecordFate.MERGED, RecordFate.FAILED);

    private final ConnectionsApi connections;
    private final RecordLedger ledger;

    public RecordsApi(ConnectionsApi connections, RecordLedger ledger) {
        this.connections = connections;
        this.ledger = ledger;
    }

    public ApiResponse list(ApiRequest request) {
        String connectionId = connections.owned(request).id();
        Optional<String> dataType = request.optionalParam("dataType").map(id -> DataType.fromId(id).map(DataType::id)
                .orElseThrow(() -> ApiProblem.badRequest("unknown data type '" + id + "'").about("dataType")));
        Optional<String> outcome = request.optionalParam("outcome").map(value -> {
            if (!OUTCOMES.contains(value)) {
                throw ApiProblem.badRequest("outcome must be one of " + OUTCOMES.stream().sorted().toList()).about("outcome");
            }
            return value;
        });
        Instant to = request.optionalParam("to").map(value -> BackfillsApi.time(value, "to"))
                .orElseGet(() -> Instant.now().plus(1, ChronoUnit.MINUTES));
        Instant from = request.optionalParam("from").map(value -> BackfillsApi.time(value, "from")).orElse(to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw ApiProblem.badRequest("from must be before to").about("from");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.badRequest("from and to span more than " + MAX_RANGE.toDays() + " days; ask for a shorter period")
                    .about("from");
        }
        PageRequest page = PageRequest.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        List<RecordFate> matching = ledger.read(connectionId, from, to, dataType).stream()
                .filter(fate -> outcome.map(fate.outcome()::equals).orElse(true))
                .toList();
        int start = page.position().map(position -> after(matching, position)).orElse(0);
        List<RecordFate> shown = matching.subList(start, Math.min(matching.size(), start + page.limit()));
        boolean more = start + shown.size() < matching.size();
        return page.answer(path(connectionId, request), shown, more ? Optional.of(position(shown.get(shown.size() - 1)))
                : Optional.empty());
    }

    /** Where a page continues: after the record the last one ended with (records are in a fixed order). */
    private static int after(List<RecordFate> fates, String position) {
        for (int i = 0; i < fates.size(); i++) {
            if (position(fates.get(i)).equals(position)) {
                return i + 1;
            }
        }
        throw ApiProblem.badRequest("cursor is not one this listing gave");
    }

    private static String position(RecordFate fate) {
        return fate.start() + "\n" + fate.dataType() + "\n" + fate.sourceId();
    }

    /** The listing's own path with its filters, for the next page's link. */
    private static String path(String connectionId, ApiRequest request) {
        StringBuilder path = new StringBuilder("/v1/connections/" + connectionId + "/records");
        String separator = "?";
        for (String name : List.of("dataType", "from", "to", "outcome")) {
            Optional<String> value = request.optionalParam(name);
            if (value.isPresent()) {
                path.append(separator).append(name).append('=').append(java.net.URLEncoder.encode(value.get(),
                        java.nio.charset.StandardCharsets.UTF_8));
                separator = "&";
            }
        }
        return path.toString();
    }
}
