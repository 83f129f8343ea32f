package api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import deadletters.DeadLetter;
import deadletters.DeadLetterArchive.Stage;
import deadletters.DeadLetterArchive;
import deadletters.DeadLetterReplay;
import failures.TransientSyncException;

/**
 * {@code /v1/admin/dead-letters} (admin only): the dead letters waiting in S3 — and those whose replay was cut
 * short, shown as {@code replaying} — and their replay, one or all, each through the route
 * {@code dead-letter-replay} ({@code direct:dead-letter-replay}).
 */
public class DeadLettersApi {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** The order pages go through the stages in. */
    private static final List<Stage> LISTED = List.of(Stage.REPLAYING, Stage.PENDING);

    /** How many of a stage's dead letters the overview counts at most (it says "1000+" beyond). */
    private static final int COUNTED = 1000;

    private final DeadLetterArchive archive;
    private final ProducerTemplate producer;
    private final Supplier<Map<String, Map<String, Long>>> queueDepths;
    private final String hawtioUrl;

    /**
     * @param queueDepths each job queue and SQS dead-letter queue → its messages by state, read when asked
     * @param hawtioUrl   where an operator finds Hawtio (local mode's); null where the console should not link it
     */
    public DeadLettersApi(DeadLetterArchive archive, ProducerTemplate producer, Supplier<Map<String, Map<String, Long>>> queueDepths,
                          String hawtioUrl) {
        this.archive = archive;
        this.producer = producer;
        this.queueDepths = queueDepths;
        this.hawtioUrl = hawtioUrl;
    }

    /**
     * {@code GET /v1/admin/overview}: the queues' depths and the dead letters waiting and being replayed, at a glance —
     * {@code {queues:{hot:{visible,in_flight,delayed},...}, deadLetters:{pending, replaying, countedUpTo}, hawtioUrl?}}.
     */
    public ApiResponse overview(ApiRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("queues", queueDepths.get());
        Map<String, Object> letters = new LinkedHashMap<>();
        letters.put("pending", counted(Stage.PENDING));
        letters.put("replaying", counted(Stage.REPLAYING));
        letters.put("countedUpTo", COUNTED);
        view.put("deadLetters", letters);
        if (hawtioUrl != null) {
            view.put("hawtioUrl", hawtioUrl);
        }
        return ApiResponse.ok(view);
    }

    /** A stage's dead letters, up to {@value #COUNTED} (one more means "more than that"): one listing call. */
    private int counted(Stage stage) {
        DeadLetterArchive.KeyPage page = archive.page(stage, Optional.empty(), COUNTED);
        return page.more() ? COUNTED + 1 : page.keys().size();
    }

    /**
     * A page of the replays cut short, then of the dead letters waiting, each in key order (by day); the cursor is the
     * last key answered. Only the page's keys are listed and only its envelopes read, however full the bucket is.
     */
    public ApiResponse list(ApiRequest request) {
        PageRequest page = PageRequest.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        Optional<String> after = page.position();
        int from = after.map(key -> Stage.of(key).map(LISTED::indexOf).filter(index -> index >= 0)
                .orElseThrow(() -> ApiProblem.badRequest("cursor is not one this listing gave"))).orElse(0);
        List<Map<String, Object>> views = new ArrayList<>();
        for (int index = from; index < LISTED.size(); index++) {
            DeadLetterArchive.KeyPage keys = archive.page(LISTED.get(index), after, page.limit() - views.size());
            // an envelope moved on since the listing (a replay finished) is left out
            keys.keys().forEach(key -> archive.stored(key).map(DeadLettersApi::view).ifPresent(views::add));
            if (!keys.keys().isEmpty()) {
                after = Optional.of(keys.keys().get(keys.keys().size() - 1));
            }
            boolean lastStage = index == LISTED.size() - 1;
            if (keys.more() || (views.size() >= page.limit() && !lastStage)) {
                return page.answer("/v1/admin/dead-letters", views, after);
            }
        }
        return page.answer("/v1/admin/dead-letters", views, Optional.empty());
    }

    public ApiResponse replay(ApiRequest request) {
        String id = request.param("id");
        DeadLetterReplay outcome = replay(id, null);
        return switch (outcome.result()) {
            case REPLAYED -> ApiResponse.accepted(Map.of("id", id, "jobId", outcome.jobId(), "queue", outcome.queue(),
                    "state", "QUEUED"));
            case NOT_FOUND -> throw ApiProblem.notFound(outcome.detail());
            case ALREADY_REPLAYED, NOT_REPLAYABLE -> throw ApiProblem.conflict(outcome.detail());
        };
    }

    /** Every waiting dead letter, and every replay cut short; answers how many went back on their queues. */
    public ApiResponse replayAll(ApiRequest request) {
        List<String> keys = new ArrayList<>(archive.keys(Stage.REPLAYING));
        keys.addAll(archive.keys(Stage.PENDING));
        int count = 0;
        for (String key : keys) {
            String id = DeadLetterArchive.idOf(key).orElse(null);
            if (id != null && replay(id, key).result() == DeadLetterReplay.Result.REPLAYED) {
                count++;
            }
        }
        return ApiResponse.accepted(Map.of("count", count));
    }

    private DeadLetterReplay replay(String id, String key) {
        Exchange done = producer.send("direct:dead-letter-replay", exchange -> {
            exchange.setProperty(DeadLetter.ID_PROPERTY, id);
            if (key != null) {
                exchange.setProperty(DeadLetter.KEY_PROPERTY, key);
            }
        });
        if (done.getException() != null) {
            // S3 or SQS refused: the envelope stays where it got to, and replaying the same id again finishes the job
            throw new TransientSyncException("the dead-letter archive or the job queue is unavailable", done.getException());
        }
        DeadLetterReplay outcome = done.getMessage().getBody(DeadLetterReplay.class);
        if (outcome == null) {
            throw new IllegalStateException("the route dead-letter-replay answered no outcome");
        }
        return outcome;
    }

    private static Map<String, Object> view(DeadLetterArchive.Stored stored) {
        DeadLetter letter = stored.letter();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("jobId", letter.jobId());
        view.put("queue", letter.queue());
        view.put("reason", letter.reason());
        view.put("failedAt", letter.failedAt());
        view.put("attempts", letter.attempts());
        view.put("failedStep", letter.failedStep());
        view.put("dataType", letter.dataType());
        view.put("state", stored.stage() == Stage.REPLAYING ? "replaying" : "pending");
        return view;
    }
}
