package deadletters;

/**
 * What a replay of one dead letter came to: {@code REPLAYED} (its job message is back on its queue, the
 * envelope under {@code replayed/}), or why not. The body the route {@code dead-letter-replay} answers with.
 */
public record DeadLetterReplay(Result result, String deadLetterId, String jobId, String queue, String detail) {

    public enum Result { REPLAYED, NOT_FOUND, ALREADY_REPLAYED, NOT_REPLAYABLE }

    public static DeadLetterReplay refused(Result result, String deadLetterId, String jobId, String detail) {
        return new DeadLetterReplay(result, deadLetterId, jobId, null, detail);
    }
}
