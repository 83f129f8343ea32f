package activityfiles;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.garmin.fit.Activity;
import com.garmin.fit.ActivityMesg;
import com.garmin.fit.BufferEncoder;
import com.garmin.fit.DateTime;
import com.garmin.fit.Decode;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.EventType;
import com.garmin.fit.File;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.FitDecoder;
import com.garmin.fit.FitMessages;
import com.garmin.fit.LapMesg;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.SportMesg;
import com.garmin.fit.SubSport;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.Sport;

/**
 * Garmin FIT activity files, encoded and decoded by Garmin's FIT SDK.
 * <p>
 * Conventions (FIT has no title field on a session):
 * <ul>
 * <li>the workout's name travels in {@code session.sport_profile_name} (and in a {@code sport} message's name);
 * reading prefers the session's, then the sport message's. Garmin devices put their profile name ("Trail Run")
 * there, which then becomes the name.</li>
 * <li>the sport travels as FIT sport/sub-sport ({@link #fitSport}); STRENGTH and YOGA are training with the
 * strength-training / yoga sub-sport, WORKOUT is training/generic, OTHER is generic.</li>
 * <li>the zone offset is {@code activity.local_timestamp − activity.timestamp}, rounded to 15 minutes; UTC when
 * the file has none (and written as UTC when the record has none).</li>
 * <li>FIT keeps whole seconds, whole kcal, whole bpm and watts, cadence in 1/128 rpm; cadence is passed through
 * as the model holds it (no strides/steps conversion). Values FIT cannot hold (negative heart rate…) are left
 * out of the file.</li>
 * </ul>
 * The output is deterministic (no "now", fixed serial number): the same workout gives the same bytes, which
 * destinations that de-duplicate uploads by file hash rely on.
 */
public final class FitActivityFile {

    /** Seconds between the Unix epoch and the FIT epoch 1989-12-31T00:00:00Z. */
    private static final long FIT_EPOCH_SECONDS = DateTime.OFFSET / 1000;
    private static final double SEMICIRCLES_PER_DEGREE = Math.pow(2, 31) / 180.0;
    private static final int FIT_STRING_MAX_BYTES = 254;
    private static final long SERIAL_NUMBER = 1;
    private static final int QUARTER_HOUR = 15 * 60;

    private FitActivityFile() {
    }

    /**
     * A FIT activity file of the workout: file_id (type activity), one record per sample, its laps (one spanning the
     * workout when it has none), one session, the activity message (with local_timestamp from the record's zone offset).
     */
    public static byte[] write(ActivityRecord activity) {
        Objects.requireNonNull(activity, "activity");
        try {
            return encode(activity);
        } catch (RuntimeException e) {
            throw new ActivityFileException("could not encode the workout as FIT: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads a FIT activity file into the canonical model; throws ActivityFileException when it is not a valid FIT activity (bad CRC, no session, no records and no session totals…). */
    public static ActivityRecord read(byte[] fit, Provenance provenance) {
        if (fit == null || fit.length == 0) {
            throw new ActivityFileException("empty FIT file");
        }
        FitMessages messages;
        try {
            Decode decode = new Decode();
            if (!decode.checkFileIntegrity(new ByteArrayInputStream(fit))) {
                throw new ActivityFileException("not a FIT file or its CRC does not match");
            }
            messages = new FitDecoder().decode(new ByteArrayInputStream(fit));
        } catch (ActivityFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // the SDK throws FitRuntimeException, and on hostile input occasionally other runtime exceptions
            throw new ActivityFileException("unreadable FIT file: " + e.getClass().getSimpleName(), e);
        }
        try {
            return toActivity(messages, provenance);
        } catch (ActivityFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ActivityFileException("FIT file is not a usable activity: " + e.getClass().getSimpleName(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static byte[] encode(ActivityRecord activity) {
        Instant start = activity.start().truncatedTo(ChronoUnit.SECONDS);
        // elapsed from the whole-second start keeps the end to the millisecond after the round trip
        double elapsedSeconds = Duration.between(start, activity.end()).toMillis() / 1000.0;
        DateTime startTime = fitTime(start);
        DateTime endTime = fitTime(activity.end());
        FitSport sport = fitSport(activity.sport());
        String name = fitString(activity.name());

        // protocol 1.0: nothing here needs 2.0's 64-bit or developer fields, and every reader takes 1.0
        BufferEncoder encoder = new BufferEncoder(Fit.ProtocolVersion.V1_0);
        encoder.open();

        FileIdMesg fileId = new FileIdMesg();
        fileId.setType(File.ACTIVITY);
        fileId.setManufacturer(Manufacturer.DEVELOPMENT);
        fileId.setProduct(0);
        fileId.setSerialNumber(SERIAL_NUMBER);
        fileId.setTimeCreated(startTime);
        encoder.write(fileId);

        SportMesg sportMesg = new SportMesg();
        sportMesg.setSport(sport.sport());
        sportMesg.setSubSport(sport.subSport());
        if (name != null) {
            sportMesg.setName(name);
        }
        encoder.write(sportMesg);

        encoder.write(timerEvent(startTime, EventType.START));
        for (ActivitySample sample : activity.samples()) {
            encoder.write(record(sample));
        }
        encoder.write(timerEvent(endTime, EventType.STOP_ALL));

        int lapCount;
        if (activity.laps().isEmpty()) {
            LapMesg lap = lap(0, startTime, endTime, sport);
            setTotals(lap, LapMesg.TotalElapsedTimeFieldNum, LapMesg.TotalTimerTimeFieldNum, LapMesg.TotalDistanceFieldNum,
                    LapMesg.TotalCaloriesFieldNum, elapsedSeconds, activity);
            encoder.write(lap);
            lapCount = 1;
        } else {
            for (int index = 0; index < activity.laps().size(); index++) {
                encoder.write(lap(index, activity.laps().get(index), sport));
            }
            lapCount = activity.laps().size();
        }

        SessionMesg session = new SessionMesg();
        session.setMessageIndex(0);
        session.setTimestamp(endTime);
        session.setStartTime(startTime);
        session.setEvent(Event.SESSION);
        session.setEventType(EventType.STOP);
        session.setSport(sport.sport());
        session.setSubSport(sport.subSport());
        session.setFirstLapIndex(0);
        session.setNumLaps(lapCount);
        if (name != null) {
            session.setSportProfileName(name);
        }
        setTotals(session, SessionMesg.TotalElapsedTimeFieldNum, SessionMesg.TotalTimerTimeFieldNum,
                SessionMesg.TotalDistanceFieldNum, SessionMesg.TotalCaloriesFieldNum, elapsedSeconds, activity);
        encoder.write(session);

        ActivityMesg activityMesg = new ActivityMesg();
        activityMesg.setTimestamp(endTime);
        activityMesg.setFieldValue(ActivityMesg.TotalTimerTimeFieldNum, elapsedSeconds);
        activityMesg.setNumSessions(1);
        activityMesg.setType(Activity.MANUAL);
        activityMesg.setEvent(Event.ACTIVITY);
        activityMesg.setEventType(EventType.STOP);
        ZoneOffset offset = activity.zoneOffset() == null ? ZoneOffset.UTC : activity.zoneOffset();
        activityMesg.setLocalTimestamp(endTime.getTimestamp() + offset.getTotalSeconds());
        encoder.write(activityMesg);

        return encoder.close();
    }

    private static LapMesg lap(int index, DateTime startTime, DateTime endTime, FitSport sport) {
        LapMesg lap = new LapMesg();
        lap.setMessageIndex(index);
        lap.setTimestamp(endTime);
        lap.setStartTime(startTime);
        lap.setEvent(Event.LAP);
        lap.setEventType(EventType.STOP);
        lap.setSport(sport.sport());
        lap.setSubSport(sport.subSport());
        return lap;
    }

    /** One lap of several: its span and distance (laps carry no calories in the canonical model). */
    private static LapMesg lap(int index, ActivityLap activityLap, FitSport sport) {
        Instant start = activityLap.start().truncatedTo(ChronoUnit.SECONDS);
        LapMesg lap = lap(index, fitTime(start), fitTime(activityLap.end()), sport);
        double elapsedSeconds = Duration.between(start, activityLap.end()).toMillis() / 1000.0;
        lap.setFieldValue(LapMesg.TotalElapsedTimeFieldNum, elapsedSeconds);
        lap.setFieldValue(LapMesg.TotalTimerTimeFieldNum, elapsedSeconds);
        Double distance = activityLap.distanceMetres();
        if (distance != null && distance >= 0 && distance < 42_000_000) {
            lap.setFieldValue(LapMesg.TotalDistanceFieldNum, distance);
        }
        return lap;
    }

    private static EventMesg timerEvent(DateTime time, EventType type) {
        EventMesg event = new EventMesg();
        event.setTimestamp(time);
        event.setEvent(Event.TIMER);
        event.setEventType(type);
        return event;
    }

    private static void setTotals(Mesg mesg, int elapsedField, int timerField, int distanceField, int caloriesField,
                                  double elapsedSeconds, ActivityRecord activity) {
        // doubles, not the SDK's float setters: a float loses centimetres beyond ~100 km
        mesg.setFieldValue(elapsedField, elapsedSeconds);
        mesg.setFieldValue(timerField, elapsedSeconds);
        Double distance = activity.distanceMetres();
        if (distance != null && distance >= 0 && distance < 42_000_000) {
            mesg.setFieldValue(distanceField, distance);
        }
        Double kcal = activity.kilocalories();
        if (kcal != null && kcal >= 0 && kcal < 65_535) {
            mesg.setFieldValue(caloriesField, Math.round(kcal));
        }
    }

    private static RecordMesg record(ActivitySample sample) {
        RecordMesg record = new RecordMesg();
        record.setTimestamp(fitTime(sample.time()));
        if (sample.hasPosition() && Math.abs(sample.latitude()) <= 90 && Math.abs(sample.longitude()) <= 180) {
            record.setPositionLat(semicircles(sample.latitude()));
            record.setPositionLong(semicircles(sample.longitude()));
        }
        Double altitude = sample.altitudeMetres();
        if (altitude != null && altitude >= -500 && altitude < 850_000) {
            record.setFieldValue(RecordMesg.EnhancedAltitudeFieldNum, altitude);
        }
        Double heartRate = sample.heartRate();
        if (heartRate != null && heartRate >= 0 && heartRate < 254.5) {
            record.setHeartRate((short) Math.round(heartRate));
        }
        Double distance = sample.distanceMetres();
        if (distance != null && distance >= 0 && distance < 42_000_000) {
            record.setFieldValue(RecordMesg.DistanceFieldNum, distance);
        }
        Double cadence = sample.cadence();
        if (cadence != null && cadence >= 0 && cadence < 255) {
            double whole = Math.floor(cadence);
            record.setCadence((short) whole);
            if (cadence > whole) {
                record.setFieldValue(RecordMesg.FractionalCadenceFieldNum, cadence - whole);
            }
        }
        Double power = sample.powerWatts();
        if (power != null && power >= 0 && power < 65_534.5) {
            record.setPower((int) Math.round(power));
        }
        return record;
    }

    private static int semicircles(double degrees) {
        long value = Math.round(degrees * SEMICIRCLES_PER_DEGREE);
        return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE - 1, value));
    }

    private static DateTime fitTime(Instant instant) {
        return new DateTime(instant.getEpochSecond() - FIT_EPOCH_SECONDS);
    }

    /** FIT strings are null-terminated UTF-8 in a field of at most 255 bytes. */
    private static String fitString(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text;
        while (value.getBytes(StandardCharsets.UTF_8).length > FIT_STRING_MAX_BYTES) {
            value = value.substring(0, value.offsetByCodePoints(value.length(), -1));
        }
        return value;
    }

    // ---------------------------------------------------------------- reading

    /** A session (or lap) of the file: its span and totals. */
    private record Span(Instant start, Instant end, Double distanceMetres, Double kilocalories) {
    }

    private static ActivityRecord toActivity(FitMessages messages, Provenance provenance) {
        for (FileIdMesg fileId : messages.getFileIdMesgs()) {
            if (fileId.getType() != null && fileId.getType() != File.ACTIVITY) {
                throw new ActivityFileException("FIT file is not an activity but " + fileId.getType());
            }
        }
        List<ActivitySample> samples = new ArrayList<>();
        for (RecordMesg record : messages.getRecordMesgs()) {
            // records before the file's first timestamp cannot be placed in time
            if (record.getTimestamp() != null) {
                samples.add(sample(record));
            }
        }
        samples.sort(Comparator.comparing(ActivitySample::time));

        List<Span> spans = new ArrayList<>();
        for (SessionMesg session : messages.getSessionMesgs()) {
            span(session.getStartTime(), session.getTimestamp(),
                    session.getFieldDoubleValue(SessionMesg.TotalElapsedTimeFieldNum),
                    session.getFieldDoubleValue(SessionMesg.TotalDistanceFieldNum),
                    session.getFieldDoubleValue(SessionMesg.TotalCaloriesFieldNum), spans);
        }
        List<Span> lapSpans = new ArrayList<>();
        for (LapMesg lap : messages.getLapMesgs()) {
            span(lap.getStartTime(), lap.getTimestamp(), lap.getFieldDoubleValue(LapMesg.TotalElapsedTimeFieldNum),
                    lap.getFieldDoubleValue(LapMesg.TotalDistanceFieldNum),
                    lap.getFieldDoubleValue(LapMesg.TotalCaloriesFieldNum), lapSpans);
        }
        lapSpans.sort(Comparator.comparing(Span::start));
        if (spans.isEmpty()) {
            // a file cut before its session message still has its laps
            spans.addAll(lapSpans);
        }
        Instant start;
        Instant end;
        Double distance;
        Double kcal;
        if (!spans.isEmpty()) {
            start = spans.stream().map(Span::start).min(Comparator.naturalOrder()).orElseThrow();
            end = spans.stream().map(Span::end).max(Comparator.naturalOrder()).orElseThrow();
            distance = sum(spans.stream().map(Span::distanceMetres).toList());
            kcal = sum(spans.stream().map(Span::kilocalories).toList());
        } else if (!samples.isEmpty()) {
            start = samples.get(0).time();
            end = samples.get(samples.size() - 1).time();
            distance = samples.stream().map(ActivitySample::distanceMetres).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            kcal = null;
        } else {
            throw new ActivityFileException("FIT file has neither a session nor records");
        }
        if (!start.isBefore(end)) {
            throw new ActivityFileException("FIT activity has no duration");
        }
        // a lap pressed twice within a second has no duration: nothing to keep
        List<ActivityLap> laps = lapSpans.stream().filter(lap -> lap.start().isBefore(lap.end()))
                .map(lap -> new ActivityLap(lap.start(), lap.end(), lap.distanceMetres())).toList();
        return new ActivityRecord(start, end, sport(messages), name(messages), distance, kcal, samples,
                zoneOffset(messages), provenance, laps);
    }

    private static void span(DateTime startTime, DateTime timestamp, Double elapsedSeconds, Double distance,
                             Double kcal, List<Span> spans) {
        if (startTime == null) {
            return;
        }
        Instant start = instant(startTime);
        Instant end;
        if (elapsedSeconds != null && elapsedSeconds > 0) {
            end = start.plusMillis(Math.round(elapsedSeconds * 1000));
        } else if (timestamp != null) {
            end = instant(timestamp);
        } else {
            return;
        }
        spans.add(new Span(start, end, distance, kcal));
    }

    private static Double sum(List<Double> values) {
        return values.stream().filter(Objects::nonNull).reduce(Double::sum).orElse(null);
    }

    private static ActivitySample sample(RecordMesg record) {
        Double latitude = degrees(record.getPositionLat(), 90);
        Double longitude = degrees(record.getPositionLong(), 180);
        if (latitude == null || longitude == null) {
            latitude = null;
            longitude = null;
        }
        Double altitude = record.getFieldDoubleValue(RecordMesg.EnhancedAltitudeFieldNum);
        if (altitude == null) {
            altitude = record.getFieldDoubleValue(RecordMesg.AltitudeFieldNum);
        }
        Short heartRate = record.getHeartRate();
        Double cadence = null;
        if (record.getCadence() != null) {
            Double fraction = record.getFieldDoubleValue(RecordMesg.FractionalCadenceFieldNum);
            cadence = record.getCadence() + (fraction == null ? 0.0 : fraction);
        }
        Integer power = record.getPower();
        return new ActivitySample(instant(record.getTimestamp()), latitude, longitude, altitude,
                heartRate == null ? null : heartRate.doubleValue(),
                record.getFieldDoubleValue(RecordMesg.DistanceFieldNum), cadence,
                power == null ? null : power.doubleValue());
    }

    private static Double degrees(Integer semicircles, double limit) {
        if (semicircles == null || semicircles == Integer.MAX_VALUE) {
            return null;
        }
        double degrees = semicircles / SEMICIRCLES_PER_DEGREE;
        return Math.abs(degrees) <= limit ? degrees : null;
    }

    private static Instant instant(DateTime time) {
        return Instant.ofEpochSecond(time.getTimestamp() + FIT_EPOCH_SECONDS);
    }

    private static Sport sport(FitMessages messages) {
        for (SessionMesg session : messages.getSessionMesgs()) {
            if (session.getSport() != null) {
                return sport(session.getSport(), session.getSubSport());
            }
        }
        for (SportMesg sport : messages.getSportMesgs()) {
            if (sport.getSport() != null) {
                return sport(sport.getSport(), sport.getSubSport());
            }
        }
        return Sport.OTHER;
    }

    private static String name(FitMessages messages) {
        for (SessionMesg session : messages.getSessionMesgs()) {
            if (session.getSportProfileName() != null && !session.getSportProfileName().isBlank()) {
                return session.getSportProfileName();
            }
        }
        for (SportMesg sport : messages.getSportMesgs()) {
            if (sport.getName() != null && !sport.getName().isBlank()) {
                return sport.getName();
            }
        }
        return null;
    }

    private static ZoneOffset zoneOffset(FitMessages messages) {
        for (ActivityMesg activity : messages.getActivityMesgs()) {
            if (activity.getLocalTimestamp() != null && activity.getTimestamp() != null) {
                long seconds = activity.getLocalTimestamp() - activity.getTimestamp().getTimestamp();
                // devices may derive the two from clocks a second apart; real offsets are whole quarter hours
                long rounded = Math.round(seconds / (double) QUARTER_HOUR) * QUARTER_HOUR;
                if (Math.abs(rounded) <= 18 * 3600) {
                    return ZoneOffset.ofTotalSeconds((int) rounded);
                }
            }
        }
        return ZoneOffset.UTC;
    }

    // ---------------------------------------------------------------- sports

    /** A FIT sport with its sub-sport. */
    record FitSport(com.garmin.fit.Sport sport, SubSport subSport) {
    }

    static FitSport fitSport(Sport sport) {
        return switch (sport == null ? Sport.OTHER : sport) {
            case RUN -> new FitSport(com.garmin.fit.Sport.RUNNING, SubSport.GENERIC);
            case RIDE -> new FitSport(com.garmin.fit.Sport.CYCLING, SubSport.GENERIC);
            case WALK -> new FitSport(com.garmin.fit.Sport.WALKING, SubSport.GENERIC);
            case HIKE -> new FitSport(com.garmin.fit.Sport.HIKING, SubSport.GENERIC);
            case SWIM -> new FitSport(com.garmin.fit.Sport.SWIMMING, SubSport.GENERIC);
            case ROW -> new FitSport(com.garmin.fit.Sport.ROWING, SubSport.GENERIC);
            case STRENGTH -> new FitSport(com.garmin.fit.Sport.TRAINING, SubSport.STRENGTH_TRAINING);
            case YOGA -> new FitSport(com.garmin.fit.Sport.TRAINING, SubSport.YOGA);
            case WORKOUT -> new FitSport(com.garmin.fit.Sport.TRAINING, SubSport.GENERIC);
            case OTHER -> new FitSport(com.garmin.fit.Sport.GENERIC, SubSport.GENERIC);
        };
    }

    static Sport sport(com.garmin.fit.Sport sport, SubSport subSport) {
        if (subSport != null) {
            switch (subSport) {
                case STRENGTH_TRAINING:
                    return Sport.STRENGTH;
                case YOGA, PILATES, FLEXIBILITY_TRAINING:
                    return Sport.YOGA;
                case INDOOR_ROWING:
                    return Sport.ROW;
                default:
                    break;
            }
        }
        if (sport == null) {
            return Sport.OTHER;
        }
        return switch (sport) {
            case RUNNING, WHEELCHAIR_PUSH_RUN -> Sport.RUN;
            case CYCLING, E_BIKING -> Sport.RIDE;
            case WALKING, WHEELCHAIR_PUSH_WALK -> Sport.WALK;
            case HIKING, MOUNTAINEERING -> Sport.HIKE;
            case SWIMMING -> Sport.SWIM;
            case ROWING -> Sport.ROW;
            case FITNESS_EQUIPMENT -> switch (subSport == null ? SubSport.GENERIC : subSport) {
                case TREADMILL, INDOOR_RUNNING -> Sport.RUN;
                case INDOOR_CYCLING, SPIN -> Sport.RIDE;
                case INDOOR_WALKING -> Sport.WALK;
                default -> Sport.WORKOUT;
            };
            case TRAINING, HIIT -> Sport.WORKOUT;
            default -> Sport.OTHER;
        };
    }
}
