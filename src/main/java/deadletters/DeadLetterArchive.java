package deadletters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import model.Json;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The dead letters in the S3 bucket, by stage: {@code dead-letters/<day>/<id>.json} waiting,
 * {@code replaying/<day>/<id>.json} while a replay is under way (or was cut short by a crash), and
 * {@code replayed/<day>/<id>.json} once its message is back on its queue. An envelope is moved between
 * stages by copy, then delete: a crash in between leaves two copies, never none.
 */
public class DeadLetterArchive {

    public enum Stage {
        PENDING("dead-letters/"), REPLAYING("replaying/"), REPLAYED("replayed/");

        private final String prefix;

        Stage(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** The stage a key lies in. */
        public static Optional<Stage> of(String key) {
            for (Stage stage : values()) {
                if (key.startsWith(stage.prefix)) {
                    return Optional.of(stage);
                }
            }
            return Optional.empty();
        }
    }

    /** One archived envelope and where it lies. */
    public record Stored(String key, Stage stage, DeadLetter letter) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern ID_WITH_DAY = Pattern.compile("\\d{8}-[0-9a-f-]{36}");

    private final S3Client s3;
    private final String bucket;

    public DeadLetterArchive(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * A new dead letter's id: its day ({@code yyyyMMdd}, UTC) and a random part. The day is the folder its envelope
     * lies in at every stage, so an id leads straight to its key — no listing, least of all of {@code replayed/}.
     */
    public static String newId(Instant failedAt) {
        return DAY.format(failedAt.atOffset(ZoneOffset.UTC)) + "-" + UUID.randomUUID();
    }

    /** Where the envelope {@code id} lies at {@code stage}. */
    public static String key(Stage stage, Instant failedAt, String id) {
        return stage.prefix() + LocalDate.ofInstant(failedAt, ZoneOffset.UTC) + "/" + id + ".json";
    }

    /** The day an id names, for ids made by {@link #newId}; empty for older ones (a random UUID only). */
    public static Optional<LocalDate> dayOf(String id) {
        if (id == null || !ID_WITH_DAY.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(id.substring(0, 8), DAY));
        } catch (java.time.format.DateTimeParseException notADay) {
            return Optional.empty();
        }
    }

    /** The keys of one stage, in key order (by day, then id). */
    public List<String> keys(Stage stage) {
        List<String> keys = new ArrayList<>();
        // S3Proxy's filesystem store lists its day folders as keys too
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(stage.prefix())).contents().stream()
                .map(object -> object.key()).filter(key -> idOf(key).isPresent()).forEach(keys::add);
        return keys;
    }

    /** Up to {@code limit} keys of one stage after {@code startAfter}, in key order; {@code more} when others follow. */
    public record KeyPage(List<String> keys, boolean more) {
    }

    /** One page of a stage's keys: S3 is asked for no more than the page needs, never for the whole stage. */
    public KeyPage page(Stage stage, Optional<String> startAfter, int limit) {
        List<String> keys = new ArrayList<>();
        String token = null;
        boolean truncated;
        do {
            String continuation = token;
            var answer = s3.listObjectsV2(b -> {
                b.bucket(bucket).prefix(stage.prefix()).maxKeys(limit - keys.size() + 1);
                if (continuation != null) {
                    b.continuationToken(continuation);
                } else {
                    startAfter.filter(key -> key.startsWith(stage.prefix())).ifPresent(b::startAfter);
                }
            });
            for (var object : answer.contents()) {
                // S3Proxy's filesystem store lists its day folders as keys too
                if (idOf(object.key()).isPresent()) {
                    keys.add(object.key());
                }
            }
            truncated = Boolean.TRUE.equals(answer.isTruncated());
            token = answer.nextContinuationToken();
        } while (truncated && keys.size() <= limit);
        boolean more = keys.size() > limit || truncated;
        return new KeyPage(keys.size() > limit ? keys.subList(0, limit) : keys, more);
    }

    /** The envelope at {@code key} with its stage, unless it was moved or removed meanwhile. */
    public Optional<Stored> stored(String key) {
        Optional<Stage> stage = Stage.of(key);
        return stage.flatMap(s -> read(key).map(letter -> new Stored(key, s, letter)));
    }

    /**
     * The envelope {@code id}, at {@code keyHint} when it is still there (a listing just gave it), else wherever
     * it lies now. Waiting and in-flight stages are looked at before the replayed one.
     */
    public Optional<Stored> locate(String id, String keyHint) {
        if (keyHint != null && idOf(keyHint).filter(id::equals).isPresent()) {
            Optional<Stage> stage = Stage.of(keyHint);
            Optional<DeadLetter> letter = stage.isPresent() ? read(keyHint) : Optional.empty();
            if (letter.isPresent()) {
                return Optional.of(new Stored(keyHint, stage.get(), letter.get()));
            }
        }
        Optional<LocalDate> day = dayOf(id);
        if (day.isPresent()) {
            // one read a stage at most: the id says the folder
            for (Stage stage : Stage.values()) {
                String key = stage.prefix() + day.get() + "/" + id + ".json";
                Optional<DeadLetter> letter = read(key);
                if (letter.isPresent()) {
                    return Optional.of(new Stored(key, stage, letter.get()));
                }
            }
            return Optional.empty();
        }
        // an id from before ids named their day: looked for by listing
        for (Stage stage : Stage.values()) {
            for (String key : keys(stage)) {
                if (idOf(key).filter(id::equals).isPresent()) {
                    Optional<DeadLetter> letter = read(key);
                    if (letter.isPresent()) {
                        return Optional.of(new Stored(key, stage, letter.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Copies the envelope to the same day and id under {@code to}, then deletes it where it was; answers the new key. */
    public String move(String key, Stage to) {
        Stage from = Stage.of(key).orElseThrow(() -> new IllegalArgumentException("not a dead-letter key: " + key));
        if (from == to) {
            return key;
        }
        String target = to.prefix() + key.substring(from.prefix().length());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target));
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        return target;
    }

    /** The id a key names: {@code <stage>/<day>/<id>.json}. */
    public static Optional<String> idOf(String key) {
        if (key == null || !key.endsWith(".json")) {
            return Optional.empty();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        return Optional.of(name.substring(0, name.length() - ".json".length())).filter(id -> !id.isEmpty());
    }

    private Optional<DeadLetter> read(String key) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            return Optional.of(Json.MAPPER.readValue(bytes, DeadLetter.class));
        } catch (NoSuchKeyException movedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("dead letter " + key + " is not a readable envelope", e);
        }
    }
}
