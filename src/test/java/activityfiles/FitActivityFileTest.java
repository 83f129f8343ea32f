package activityfiles;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.garmin.fit.ActivityMesg;
import com.garmin.fit.BufferEncoder;
import com.garmin.fit.DateTime;
import com.garmin.fit.File;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.LapMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.SubSport;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Sport;

import static activityfiles.Workouts.READ_BACK;
import static activityfiles.Workouts.START;
import static activityfiles.Workouts.assertSameWorkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FitActivityFileTest {

    private static final long FIT_EPOCH = 631065600L;

    @Test
    void aRunSurvivesTheRoundTrip() {
        ActivityRecord run = Workouts.run();
        assertSameWorkout(FitActivityFile.read(FitActivityFile.write(run), READ_BACK), run);
    }

    @Test
    void aRunInLapsKeepsItsLaps() {
        ActivityRecord intervals = Workouts.runInLaps();
        ActivityRecord back = FitActivityFile.read(FitActivityFile.write(intervals), READ_BACK);
        assertSameWorkout(back, intervals);
        assertThat(back.sameValueAs(intervals)).as("writing it again would change nothing").isTrue();
    }

    @Test
    void aDevicesLapsAreReadInTimeOrderAndALapOfNoDurationIsLeftOut() {
        // laps as a watch writes them after the records: out of order here, and a double press of no duration
        byte[] fit = file(fileId(File.ACTIVITY), record(0, 120, 0.0), record(900, 150, 2500.0),
                lap(450, 450, 1250.0), lap(0, 450, 1250.0), lap(900, 0, 0.0),
                session(0, 900, 2500.0, 180, com.garmin.fit.Sport.RUNNING));
        ActivityRecord back = FitActivityFile.read(fit, READ_BACK);
        assertThat(back.laps()).containsExactly(
                new ActivityLap(START, START.plusSeconds(450), 1250.0),
                new ActivityLap(START.plusSeconds(450), START.plusSeconds(900), 1250.0));
    }

    @Test
    void aSingleLapSpanningTheWorkoutIsNoLap() {
        ActivityRecord run = Workouts.run();
        assertThat(FitActivityFile.read(FitActivityFile.write(run), READ_BACK).laps()).isEmpty();
    }

    @Test
    void aRideKeepsItsPower() {
        ActivityRecord ride = Workouts.ride();
        ActivityRecord back = FitActivityFile.read(FitActivityFile.write(ride), READ_BACK);
        assertSameWorkout(back, ride);
        assertThat(back.samples()).allSatisfy(s -> assertThat(s.powerWatts()).isNotNull());
    }

    @Test
    void missingMeasurementsStayMissing() {
        ActivityRecord walk = Workouts.gaps();
        ActivityRecord back = FitActivityFile.read(FitActivityFile.write(walk), READ_BACK);
        assertSameWorkout(back, walk);
        assertThat(back.kilocalories()).isNull();
        assertThat(back.samples().get(3)).isEqualTo(new ActivitySample(START.plusSeconds(15), null, null, null, null,
                null, null, null));
    }

    @Test
    void aWorkoutWithoutSamplesKeepsItsTotals() {
        ActivityRecord yoga = Workouts.yogaWithoutSamples();
        ActivityRecord back = FitActivityFile.read(FitActivityFile.write(yoga), READ_BACK);
        assertSameWorkout(back, yoga);
        assertThat(back.distanceMetres()).isNull();
    }

    @Test
    void everySportSurvivesTheRoundTrip() {
        for (Sport sport : Sport.values()) {
            ActivityRecord workout = new ActivityRecord(START, START.plusSeconds(600), sport, sport + " test", 10.0,
                    5.0, List.of(), ZoneOffset.UTC, READ_BACK);
            assertThat(FitActivityFile.read(FitActivityFile.write(workout), READ_BACK).sport()).isEqualTo(sport);
        }
    }

    @Test
    void subSecondTimesKeepTheirSecondsAndFractionalCadenceSurvives() {
        Instant start = Instant.parse("2024-06-01T05:30:00.700Z");
        ActivityRecord workout = new ActivityRecord(start, Instant.parse("2024-06-01T05:40:00.300Z"), Sport.ROW, null,
                2000.0, null, List.of(new ActivitySample(start.plusMillis(600), null, null, null, null, null, 27.5, null)),
                null, READ_BACK);
        ActivityRecord back = FitActivityFile.read(FitActivityFile.write(workout), READ_BACK);
        assertThat(back.start()).isEqualTo("2024-06-01T05:30:00Z");
        assertThat(back.end()).isEqualTo("2024-06-01T05:40:00.300Z");
        assertThat(back.samples().get(0).time()).isEqualTo("2024-06-01T05:30:01Z");
        assertThat(back.samples().get(0).cadence()).isCloseTo(27.5, within(1.0 / 128));
        assertThat(back.zoneOffset()).as("unknown offset written as UTC").isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theSameWorkoutGivesTheSameBytes() {
        assertThat(FitActivityFile.write(Workouts.run())).isEqualTo(FitActivityFile.write(Workouts.run()));
    }

    @Test
    void aFileWithoutSessionIsDerivedFromItsRecordsAndSkipsRecordsBeforeTheFirstTimestamp() {
        RecordMesg untimed = new RecordMesg();
        untimed.setHeartRate((short) 90);
        byte[] fit = file(fileId(File.ACTIVITY), untimed, record(0, 100, 0.0), record(5, 255, 15.5), record(10, 104, 31.25));
        ActivityRecord back = FitActivityFile.read(fit, READ_BACK);
        assertThat(back.start()).isEqualTo(START);
        assertThat(back.end()).isEqualTo(START.plusSeconds(10));
        assertThat(back.distanceMetres()).isEqualTo(31.25);
        assertThat(back.kilocalories()).isNull();
        assertThat(back.sport()).isEqualTo(Sport.OTHER);
        assertThat(back.zoneOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(back.samples()).extracting(ActivitySample::heartRate).as("0xFF is FIT's invalid value")
                .containsExactly(100.0, null, 104.0);
    }

    @Test
    void multipleSessionsSpanTheWholeActivity() {
        // a triathlon-like file: a swim then a ride, each with its totals; the offset is Garmin's local_timestamp
        ActivityMesg activity = new ActivityMesg();
        activity.setTimestamp(fitTime(3600));
        activity.setLocalTimestamp(START.getEpochSecond() - FIT_EPOCH + 3600 - 3 * 3600 - 1);
        byte[] fit = file(fileId(File.ACTIVITY), record(0, 120, 0.0), record(1800, 140, 750.0),
                session(0, 1500, 750.0, 200, com.garmin.fit.Sport.SWIMMING),
                session(1800, 1800, 20000.0, 500, com.garmin.fit.Sport.CYCLING), activity);
        ActivityRecord back = FitActivityFile.read(fit, READ_BACK);
        assertThat(back.start()).isEqualTo(START);
        assertThat(back.end()).isEqualTo(START.plusSeconds(3600));
        assertThat(back.distanceMetres()).isEqualTo(20750.0);
        assertThat(back.kilocalories()).isEqualTo(700.0);
        assertThat(back.sport()).isEqualTo(Sport.SWIM);
        assertThat(back.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-3));
    }

    @Test
    void garminSportsMapToTheCanonicalOnes() {
        assertThat(FitActivityFile.sport(com.garmin.fit.Sport.FITNESS_EQUIPMENT, SubSport.TREADMILL)).isEqualTo(Sport.RUN);
        assertThat(FitActivityFile.sport(com.garmin.fit.Sport.FITNESS_EQUIPMENT, SubSport.INDOOR_ROWING)).isEqualTo(Sport.ROW);
        assertThat(FitActivityFile.sport(com.garmin.fit.Sport.TRAINING, SubSport.CARDIO_TRAINING)).isEqualTo(Sport.WORKOUT);
        assertThat(FitActivityFile.sport(com.garmin.fit.Sport.E_BIKING, null)).isEqualTo(Sport.RIDE);
        assertThat(FitActivityFile.sport(com.garmin.fit.Sport.GOLF, SubSport.GENERIC)).isEqualTo(Sport.OTHER);
    }

    @Test
    void hostileInputIsAnActivityFileException() {
        byte[] valid = FitActivityFile.write(Workouts.gaps());
        byte[] flipped = valid.clone();
        flipped[flipped.length / 2] ^= 0x10;
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        List<byte[]> hostile = List.of(new byte[0], random, Arrays.copyOf(valid, valid.length / 2), flipped,
                Arrays.copyOf(valid, 14), "<TrainingCenterDatabase/>".getBytes(StandardCharsets.UTF_8),
                file(fileId(File.ACTIVITY)), file(fileId(File.COURSE), record(0, 100, 0.0), record(5, 100, 5.0)),
                file(fileId(File.ACTIVITY), record(0, 100, 0.0)));
        for (byte[] bytes : hostile) {
            assertThatThrownBy(() -> FitActivityFile.read(bytes, READ_BACK)).isInstanceOf(ActivityFileException.class);
        }
        assertThatThrownBy(() -> FitActivityFile.read(null, READ_BACK)).isInstanceOf(ActivityFileException.class);
        // many random files with a valid header, so the decoder gets past the first bytes
        Random seeded = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] mutated = valid.clone();
            for (int j = 0; j < 8; j++) {
                mutated[14 + seeded.nextInt(mutated.length - 14)] = (byte) seeded.nextInt();
            }
            try {
                FitActivityFile.read(mutated, READ_BACK);
            } catch (ActivityFileException expected) {
                // the only failure allowed
            }
        }
    }

    private static byte[] file(Mesg... messages) {
        BufferEncoder encoder = new BufferEncoder(Fit.ProtocolVersion.V2_0);
        encoder.open();
        for (Mesg mesg : messages) {
            encoder.write(mesg);
        }
        return encoder.close();
    }

    private static FileIdMesg fileId(File type) {
        FileIdMesg fileId = new FileIdMesg();
        fileId.setType(type);
        fileId.setManufacturer(Manufacturer.GARMIN);
        fileId.setTimeCreated(fitTime(0));
        return fileId;
    }

    private static RecordMesg record(int second, int heartRate, double distance) {
        RecordMesg record = new RecordMesg();
        record.setTimestamp(fitTime(second));
        record.setHeartRate((short) heartRate);
        record.setFieldValue(RecordMesg.DistanceFieldNum, distance);
        return record;
    }

    private static SessionMesg session(int startSecond, int seconds, double distance, int kcal, com.garmin.fit.Sport sport) {
        SessionMesg session = new SessionMesg();
        session.setTimestamp(fitTime(startSecond + seconds));
        session.setStartTime(fitTime(startSecond));
        session.setTotalElapsedTime((float) seconds);
        session.setTotalDistance((float) distance);
        session.setTotalCalories(kcal);
        session.setSport(sport);
        return session;
    }

    private static LapMesg lap(int startSecond, int seconds, double distance) {
        LapMesg lap = new LapMesg();
        lap.setTimestamp(fitTime(startSecond + seconds));
        lap.setStartTime(fitTime(startSecond));
        lap.setTotalElapsedTime((float) seconds);
        lap.setTotalDistance((float) distance);
        return lap;
    }

    private static DateTime fitTime(int secondsAfterStart) {
        return new DateTime(START.getEpochSecond() - FIT_EPOCH + secondsAfterStart);
    }
}
