package sandbox.wahoo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import model.ActivityRecord;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxUser;

/**
 * A Wahoo account: workouts recorded by the user's ELEMNT/KICKR (generated history and seeded entries, each with its
 * summary and streams) and what API clients created and uploaded. Ids are global per user, increasing.
 */
public final class WahooUser extends SandboxUser implements SandboxActivityUser {

    /** An upload that was accepted: processed at once, reported "queued" until its first poll. */
    record Upload(String token, Long workoutId, String error, boolean polled) {
    }

    private final ZoneId zone;
    private final List<WahooWorkout> workouts = new ArrayList<>();
    private final Map<String, Upload> uploads = new HashMap<>();
    private long nextId;

    private WahooUser(String id, ZoneId zone) {
        super(id);
        this.zone = zone;
        this.nextId = 1_000_000L + Math.floorMod(id.hashCode(), 1_000_000) * 1_000L;
    }

    public static WahooUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.WAHOO, id);
        WahooUser user = new WahooUser(id, generator.zone());
        if (seenAt != null) {
            generator.workouts(user.zone, seenAt.minus(history), seenAt, user::storeRecorded);
        }
        return user;
    }

    ZoneOffset offsetAt(Instant instant) {
        return zone.getRules().getOffset(instant);
    }

    /** Newest first, as the list answers. */
    synchronized List<WahooWorkout> workouts() {
        List<WahooWorkout> sorted = new ArrayList<>(workouts);
        sorted.sort(Comparator.comparing((WahooWorkout w) -> w.starts).thenComparingLong(w -> w.id).reversed());
        return sorted;
    }

    synchronized Optional<WahooWorkout> find(long id) {
        return workouts.stream().filter(w -> w.id == id).findFirst();
    }

    synchronized Optional<WahooWorkout.Summary> summaryByFileKey(String key) {
        return workouts.stream().map(w -> w.summary).filter(s -> s != null && key.equals(s.fileKey())).findFirst();
    }

    synchronized WahooWorkout createWorkout(Instant starts, int minutes, String name, int typeId, String token, Instant now) {
        WahooWorkout workout = new WahooWorkout(nextId++, starts, minutes, name, typeId, token, now);
        workouts.add(workout);
        return workout;
    }

    synchronized boolean delete(long id) {
        return workouts.removeIf(w -> w.id == id);
    }

    /**
     * Takes in an uploaded FIT file, read as {@code record}: its summary goes to the workout starting in the same
     * second that has none yet (the header a client created first), else to a new workout. A second file for a
     * workout that has one fails as a duplicate. Answers the upload token.
     */
    synchronized String upload(ActivityRecord record, byte[] fit, Instant now) {
        String token = UUID.randomUUID().toString().replace("-", "");
        long second = record.start().getEpochSecond();
        List<WahooWorkout> sameStart = workouts.stream().filter(w -> w.starts.getEpochSecond() == second).toList();
        Optional<WahooWorkout> open = sameStart.stream().filter(w -> w.summary == null).findFirst();
        if (open.isEmpty() && !sameStart.isEmpty()) {
            uploads.put(token, new Upload(token, null, "duplicate", false));
            return token;
        }
        WahooWorkout workout = open.orElseGet(() -> createWorkout(record.start(), (int) Math.max(1, Math.round(record.elapsed().toSeconds() / 60.0)),
                record.name() == null ? "Workout" : record.name(), WahooWorkoutType.of(record.sport()), null, now));
        workout.summary = new WahooWorkout.Summary(nextId++, record.distanceMetres(), record.kilocalories(), record.elapsed(),
                record.samples(), record.zoneOffset() == null ? offsetAt(record.start()) : record.zoneOffset(), newFileKey(), fit, now,
                record.laps());
        workout.updatedAt = now;
        uploads.put(token, new Upload(token, workout.id, null, false));
        return token;
    }

    /** A file that could not be read: the upload fails with this error code. */
    synchronized String failedUpload(String error) {
        String token = UUID.randomUUID().toString().replace("-", "");
        uploads.put(token, new Upload(token, null, error, false));
        return token;
    }

    /** The upload's state as of this poll; the first poll sees it finished. */
    synchronized Optional<Upload> poll(String token) {
        Upload upload = uploads.get(token);
        if (upload == null) {
            return Optional.empty();
        }
        uploads.put(token, new Upload(token, upload.workoutId(), upload.error(), true));
        return Optional.of(upload);
    }

    /**
     * The offset listed is the one the workout's FIT file carries (its summary's): {@code starts} is kept as a UTC
     * instant, as Wahoo answers it, so a workout without a file yet keeps none.
     */
    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        return workouts.stream().sorted(Comparator.comparing((WahooWorkout w) -> w.starts).thenComparingLong(w -> w.id))
                .map(w -> new SandboxActivityEntry(w.starts, w.end(), WahooWorkoutType.sport(w.typeId), w.name,
                        w.summary == null ? null : w.summary.distanceMetres(), w.summary == null ? null : w.summary.kilocalories(),
                        w.summary == null ? List.of() : w.summary.samples(), w.workoutToken == null ? null : "api",
                        Long.toString(w.id), w.summary == null ? null : w.summary.offset(),
                        w.summary == null ? List.of() : w.summary.laps()))
                .toList();
    }

    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        entries.forEach(this::storeRecorded);
    }

    /** As if the user's device had recorded the workout and synced it with its file (in the user's zone then). */
    private synchronized void storeRecorded(SandboxActivityEntry entry) {
        Duration elapsed = Duration.between(entry.start(), entry.end());
        Instant uploaded = entry.end().plusSeconds(120);
        WahooWorkout workout = createWorkout(entry.start(), (int) Math.max(1, Math.round(elapsed.toSeconds() / 60.0)),
                entry.name() == null ? "Workout" : entry.name(), WahooWorkoutType.of(entry.sport()), null, uploaded);
        workout.summary = new WahooWorkout.Summary(nextId++, entry.distanceMetres(), entry.kilocalories(), elapsed,
                entry.samples(), offsetAt(entry.start()), newFileKey(), null, uploaded, entry.laps());
    }

    private static String newFileKey() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public synchronized void wipeData() {
        workouts.clear();
        uploads.clear();
    }
}
