package api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import failures.TransientSyncException;
import processors.ClaimDeadLetterReplayProcessor;
import processors.DeadLetter;
import processors.DeadLetterArchive;
import processors.DeadLetterArchive.Stage;
import processors.DeadLetterReplay;

/**
 * {@code /v1/admin/dead-letters} (admin only): the dead letters waiting in S3 — and those whose replay was cut
 * short, shown as {@code replaying} — and their replay, one or all, each through the route
 * {@code dead-letter-replay} ({@code direct:dead-letter-replay}).
 */
public class DeadLettersApi {

    private final DeadLetterArchive archive;
    private final ProducerTemplate producer;

    public DeadLettersApi(DeadLetterArchive archive, ProducerTemplate producer) {
        this.archive = archive;
        this.producer = producer;
    }

    public ApiResponse list(ApiRequest request) {
        List<DeadLetterArchive.Stored> stored = new ArrayList<>(archive.list(Stage.PENDING));
        stored.addAll(archive.list(Stage.REPLAYING));
        stored.sort(Comparator.comparing((DeadLetterArchive.Stored s) -> s.letter().failedAt(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return ApiResponse.ok(stored.stream().map(DeadLettersApi::view).toList());
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
            exchange.setProperty(ClaimDeadLetterReplayProcessor.DEAD_LETTER_ID, id);
            if (key != null) {
                exchange.setProperty(ClaimDeadLetterReplayProcessor.DEAD_LETTER_KEY, key);
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
