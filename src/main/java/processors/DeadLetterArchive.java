package processors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

        static Optional<Stage> of(String key) {
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

    private final S3Client s3;
    private final String bucket;

    public DeadLetterArchive(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The keys of one stage, in key order (by day, then id). */
    public List<String> keys(Stage stage) {
        List<String> keys = new ArrayList<>();
        // S3Proxy's filesystem store lists its day folders as keys too
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(stage.prefix())).contents().stream()
                .map(object -> object.key()).filter(key -> idOf(key).isPresent()).forEach(keys::add);
        return keys;
    }

    /** The envelopes of one stage; one removed while listing is left out. */
    public List<Stored> list(Stage stage) {
        List<Stored> stored = new ArrayList<>();
        for (String key : keys(stage)) {
            read(key).ifPresent(letter -> stored.add(new Stored(key, stage, letter)));
        }
        return stored;
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
