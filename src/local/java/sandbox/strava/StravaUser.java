package sandbox.strava;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import model.ActivityRecord;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxDataGenerator;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxUser;

/**
 * A Strava athlete: activities (recorded by a watch and uploaded, seeded, or uploaded through the API) and the
 * uploads made through the API. The athlete's id is the sandbox user id. Activities get ids from one counter per
 * athlete, uploads from another, both distinct across athletes.
 */
public final class StravaUser extends SandboxUser implements SandboxActivityUser {

    /** The watch that recorded generated and seeded activities. */
    static final String WATCH = "Garmin Forerunner 255";

    private final ZoneId zone;
    private final long idBase;
    private final List<StravaActivity> activities = new ArrayList<>();
    private final Map<Long, StravaUpload> uploads = new LinkedHashMap<>();
    private long nextId = 1;
    /** How long uploads of this athlete take to process; none by default (ready at the first poll). */
    private volatile Duration uploadProcessing = Duration.ZERO;

    private StravaUser(String id, ZoneId zone) {
        super(id);
        this.zone = zone;
        this.idBase = 10_000_000_000L + Math.floorMod(id.hashCode(), 900_000) * 10_000L;
    }

    /** An athlete as first seen at {@code seenAt}, with generated workouts; null {@code seenAt}: an empty account. */
    public static StravaUser create(String id, Instant seenAt, Duration history) {
        SandboxDataGenerator generator = new SandboxDataGenerator(SandboxProvider.STRAVA, id);
        StravaUser user = new StravaUser(id, generator.zone());
        if (seenAt != null) {
            generator.workouts(user.zone, seenAt.minus(history), seenAt, workout -> user.store(workout, WATCH));
        }
        return user;
    }

    ZoneId zone() {
        return zone;
    }

    Duration uploadProcessing() {
        return uploadProcessing;
    }

    public void setUploadProcessing(Duration delay) {
        this.uploadProcessing = delay;
    }

    /** Activities that started in (after, before), newest first, as the list answers them. */
    synchronized List<StravaActivity> activities(Instant after, Instant before) {
        return activities.stream()
                .filter(a -> (after == null || a.startDate().isAfter(after)) && (before == null || a.startDate().isBefore(before)))
                .sorted(Comparator.comparing(StravaActivity::startDate).reversed().thenComparing(StravaActivity::id))
                .toList();
    }

    synchronized Optional<StravaActivity> activity(long id) {
        return activities.stream().filter(a -> a.id() == id).findFirst();
    }

    synchronized Optional<StravaUpload> upload(long id) {
        return Optional.ofNullable(uploads.get(id));
    }

    /**
     * Takes an uploaded file's activity: a duplicate (same {@code external_id}, or the same start second, as Strava
     * de-duplicates) ends the upload with Strava's duplicate error and stores nothing. {@code utcOffset} is the offset
     * the file carries (a FIT file's local timestamp), null when it carries none: the athlete's zone then gives it.
     */
    synchronized StravaUpload upload(String fileName, String externalId, String name, ActivityRecord record,
                                     ZoneOffset utcOffset, Instant now) {
        long uploadId = idBase + nextId++;
        Instant readyAt = now.plus(uploadProcessing);
        Optional<StravaActivity> duplicate = activities.stream()
                .filter(a -> (externalId != null && externalId.equals(a.externalId()))
                        || a.startDate().getEpochSecond() == record.start().getEpochSecond())
                .findFirst();
        if (duplicate.isPresent()) {
            StravaUpload upload = new StravaUpload(uploadId, externalId, readyAt, null,
                    fileName + " duplicate of activity " + duplicate.get().id());
            uploads.put(uploadId, upload);
            return upload;
        }
        long activityId = idBase + nextId++;
        String sportType = StravaSportType.of(record.sport());
        activities.add(new StravaActivity(activityId, name != null && !name.isBlank() ? name : defaultName(record), sportType,
                record.start(), zoneAt(record.start(), utcOffset), Duration.between(record.start(), record.end()).getSeconds(),
                record.distanceMetres() == null ? 0 : record.distanceMetres(), record.kilocalories() == null ? 0 : record.kilocalories(),
                externalId, uploadId, false, record.provenance() == null ? null : record.provenance().device(),
                StravaStreams.of(record.start(), record.samples()), record.laps().stream().map(StravaLap::of).toList()));
        StravaUpload upload = new StravaUpload(uploadId, externalId, readyAt, activityId, null);
        uploads.put(uploadId, upload);
        return upload;
    }

    /** An upload that failed before any activity could be made (an unreadable file). */
    synchronized StravaUpload failedUpload(String externalId, String error, Instant now) {
        long uploadId = idBase + nextId++;
        StravaUpload upload = new StravaUpload(uploadId, externalId, now.plus(uploadProcessing), null, error);
        uploads.put(uploadId, upload);
        return upload;
    }

    @Override
    public synchronized List<SandboxActivityEntry> activityEntries() {
        return activities.stream().sorted(Comparator.comparing(StravaActivity::startDate).thenComparing(StravaActivity::id))
                .map(a -> new SandboxActivityEntry(a.startDate(), a.end(), StravaSportType.sport(a.sportType()), a.name(),
                        a.distance() == 0 ? null : a.distance(), a.calories() == 0 ? null : a.calories(),
                        a.streams().samples(a.startDate()), a.deviceName(), Long.toString(a.id()), a.offset(),
                        a.laps().stream().map(StravaLap::toLap).toList()))
                .toList();
    }

    /** As if the athlete's watch had recorded them and synced to Strava; entries without samples become manual ones. */
    @Override
    public synchronized void addActivities(List<SandboxActivityEntry> entries) {
        entries.forEach(entry -> store(entry, entry.samples().isEmpty() ? null : WATCH));
    }

    @Override
    public synchronized void wipeData() {
        activities.clear();
        uploads.clear();
    }

    private void store(SandboxActivityEntry entry, String device) {
        long activityId = idBase + nextId++;
        boolean manual = entry.samples().isEmpty();
        activities.add(new StravaActivity(activityId, entry.name() != null ? entry.name() : StravaSportType.of(entry.sport()),
                StravaSportType.of(entry.sport()), entry.start(), zone, Duration.between(entry.start(), entry.end()).getSeconds(),
                entry.distanceMetres() == null ? 0 : entry.distanceMetres(), entry.kilocalories() == null ? 0 : entry.kilocalories(),
                manual ? null : "garmin_push_" + activityId, manual ? null : activityId + 1_000_000, manual, device,
                manual ? StravaStreams.none() : StravaStreams.of(entry.start(), entry.samples()),
                manual ? List.of() : entry.laps().stream().map(StravaLap::of).toList()));
    }

    /**
     * The zone an activity keeps: the athlete's own where it gives {@code utcOffset} at {@code start} (or no offset is
     * known), else that fixed offset, so an activity recorded while travelling keeps the offset it was recorded in.
     */
    private ZoneId zoneAt(Instant start, ZoneOffset utcOffset) {
        return utcOffset == null || zone.getRules().getOffset(start).equals(utcOffset) ? zone : utcOffset;
    }

    private static String defaultName(ActivityRecord record) {
        return StravaSportType.of(record.sport());
    }
}
