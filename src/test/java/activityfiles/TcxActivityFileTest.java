package activityfiles;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Sport;

import static activityfiles.Workouts.READ_BACK;
import static activityfiles.Workouts.START;
import static activityfiles.Workouts.assertSameWorkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcxActivityFileTest {

    /** Shaped like Fitbit's GET /1/user/-/activities/{logId}.tcx: local times with offset and milliseconds. */
    private static final String FITBIT_RUN = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
                <Activities>
                    <Activity Sport="Running">
                        <Id>2024-03-01T07:31:12.000-08:00</Id>
                        <Lap StartTime="2024-03-01T07:31:12.000-08:00">
                            <TotalTimeSeconds>900.0</TotalTimeSeconds>
                            <DistanceMeters>2540.31</DistanceMeters>
                            <Calories>231</Calories>
                            <Intensity>Active</Intensity>
                            <TriggerMethod>Manual</TriggerMethod>
                            <Track>
                                <Trackpoint>
                                    <Time>2024-03-01T07:31:12.000-08:00</Time>
                                    <Position>
                                        <LatitudeDegrees>37.77601623535156</LatitudeDegrees>
                                        <LongitudeDegrees>-122.41815185546875</LongitudeDegrees>
                                    </Position>
                                    <AltitudeMeters>16.2</AltitudeMeters>
                                    <DistanceMeters>0.0</DistanceMeters>
                                    <HeartRateBpm>
                                        <Value>98</Value>
                                    </HeartRateBpm>
                                </Trackpoint>
                                <Trackpoint>
                                    <Time>2024-03-01T07:31:13.000-08:00</Time>
                                    <Position>
                                        <LatitudeDegrees>37.7760276794433</LatitudeDegrees>
                                        <LongitudeDegrees>-122.41813659667969</LongitudeDegrees>
                                    </Position>
                                    <AltitudeMeters>16.3</AltitudeMeters>
                                    <DistanceMeters>2.17</DistanceMeters>
                                </Trackpoint>
                                <Trackpoint>
                                    <Time>2024-03-01T07:31:15.000-08:00</Time>
                                    <DistanceMeters>5.92</DistanceMeters>
                                    <HeartRateBpm>
                                        <Value>103</Value>
                                    </HeartRateBpm>
                                </Trackpoint>
                            </Track>
                        </Lap>
                        <Creator xsi:type="Device_t" UnitId="0" ProductID="0"
                                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                            <Name>Fitbit Charge 6</Name>
                            <UnitId>0</UnitId>
                            <ProductID>0</ProductID>
                        </Creator>
                    </Activity>
                </Activities>
            </TrainingCenterDatabase>
            """;

    @Test
    void aRunSurvivesTheRoundTrip() {
        ActivityRecord run = Workouts.run();
        String tcx = TcxActivityFile.write(run);
        assertThat(tcx).contains("<Activity Sport=\"Running\">", "<Id>2024-06-01T05:30:00Z</Id>",
                "<Notes>Morning Run</Notes>");
        assertSameWorkout(TcxActivityFile.read(tcx, ZoneOffset.ofHours(2), READ_BACK), run);
    }

    @Test
    void aRideKeepsItsPowerInTheActivityExtension() {
        ActivityRecord ride = Workouts.ride();
        String tcx = TcxActivityFile.write(ride);
        assertThat(tcx).contains("<Activity Sport=\"Biking\">", "<ns3:TPX><ns3:Watts>180</ns3:Watts></ns3:TPX>");
        assertSameWorkout(TcxActivityFile.read(tcx, ZoneOffset.ofHours(10), READ_BACK), ride);
    }

    @Test
    void missingMeasurementsStayMissing() {
        ActivityRecord walk = Workouts.gaps();
        ActivityRecord back = TcxActivityFile.read(TcxActivityFile.write(walk), ZoneOffset.ofHoursMinutes(5, 30), READ_BACK);
        assertSameWorkout(back, walk);
        assertThat(back.samples().get(3)).isEqualTo(new ActivitySample(START.plusSeconds(15), null, null, null, null,
                null, null, null));
    }

    @Test
    void aWorkoutWithoutSamplesKeepsItsTotals() {
        ActivityRecord yoga = Workouts.yogaWithoutSamples();
        String tcx = TcxActivityFile.write(yoga);
        assertThat(tcx).doesNotContain("<Track>").contains("<Calories>131</Calories>");
        assertSameWorkout(TcxActivityFile.read(tcx, ZoneOffset.ofHours(-7), READ_BACK), yoga);
    }

    @Test
    void everySportSurvivesTheRoundTrip() {
        for (Sport sport : Sport.values()) {
            ActivityRecord workout = new ActivityRecord(START, START.plusSeconds(600), sport, null, null, null,
                    List.of(), ZoneOffset.UTC, READ_BACK);
            assertThat(TcxActivityFile.read(TcxActivityFile.write(workout), ZoneOffset.UTC, READ_BACK).sport())
                    .isEqualTo(sport);
        }
    }

    @Test
    void readsFitbitsActivityExport() {
        ActivityRecord run = TcxActivityFile.read(FITBIT_RUN, ZoneOffset.ofHours(-8), Workouts.SOURCE);
        assertThat(run.start()).isEqualTo("2024-03-01T15:31:12Z");
        assertThat(run.end()).isEqualTo("2024-03-01T15:46:12Z");
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.name()).isNull();
        assertThat(run.distanceMetres()).isEqualTo(2540.31);
        assertThat(run.kilocalories()).isEqualTo(231.0);
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-8));
        assertThat(run.provenance()).isEqualTo(Workouts.SOURCE);
        assertThat(run.samples()).containsExactly(
                new ActivitySample(Instant.parse("2024-03-01T15:31:12Z"), 37.77601623535156, -122.41815185546875, 16.2,
                        98.0, 0.0, null, null),
                new ActivitySample(Instant.parse("2024-03-01T15:31:13Z"), 37.7760276794433, -122.41813659667969, 16.3,
                        null, 2.17, null, null),
                new ActivitySample(Instant.parse("2024-03-01T15:31:15Z"), null, null, null, 103.0, 5.92, null, null));
    }

    @Test
    void lapsAreConcatenatedAndPrefixesFractionsAndWattsAreRead() {
        String tcx = """
                <tcx:TrainingCenterDatabase xmlns:tcx="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                    xmlns:x="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
                  <tcx:Activities><tcx:Activity Sport="Other">
                    <tcx:Id>2024-06-01T05:30:00.250Z</tcx:Id>
                    <tcx:Lap StartTime="2024-06-01T05:30:00.250Z">
                      <tcx:TotalTimeSeconds>60</tcx:TotalTimeSeconds><tcx:DistanceMeters>400</tcx:DistanceMeters>
                      <tcx:Calories>20</tcx:Calories>
                      <tcx:Track><tcx:Trackpoint><tcx:Time>2024-06-01T05:30:30.5Z</tcx:Time><tcx:Cadence>90</tcx:Cadence>
                        <tcx:Extensions><x:TPX><x:Speed>3.1</x:Speed><x:Watts>250</x:Watts></x:TPX></tcx:Extensions>
                      </tcx:Trackpoint></tcx:Track>
                    </tcx:Lap>
                    <tcx:Lap StartTime="2024-06-01T07:31:00+02:00">
                      <tcx:TotalTimeSeconds>30.5</tcx:TotalTimeSeconds><tcx:DistanceMeters>100.5</tcx:DistanceMeters>
                      <tcx:Calories>0</tcx:Calories>
                      <tcx:Track><tcx:Trackpoint><tcx:Time>2024-06-01T05:31:10Z</tcx:Time></tcx:Trackpoint>
                        <tcx:Trackpoint/></tcx:Track>
                    </tcx:Lap>
                  </tcx:Activity></tcx:Activities>
                </tcx:TrainingCenterDatabase>""";
        ActivityRecord workout = TcxActivityFile.read(tcx, null, READ_BACK);
        assertThat(workout.start()).isEqualTo("2024-06-01T05:30:00.250Z");
        assertThat(workout.end()).isEqualTo("2024-06-01T05:31:30.500Z");
        assertThat(workout.sport()).as("a foreign Other").isEqualTo(Sport.WORKOUT);
        assertThat(workout.distanceMetres()).isEqualTo(500.5);
        assertThat(workout.kilocalories()).isEqualTo(20.0);
        assertThat(workout.zoneOffset()).as("from the Id when the caller knows none").isEqualTo(ZoneOffset.UTC);
        assertThat(workout.laps()).containsExactly(
                new ActivityLap(Instant.parse("2024-06-01T05:30:00.250Z"), Instant.parse("2024-06-01T05:31:00.250Z"), 400.0),
                new ActivityLap(Instant.parse("2024-06-01T05:31:00Z"), Instant.parse("2024-06-01T05:31:30.500Z"), 100.5));
        assertThat(workout.samples()).containsExactly(
                new ActivitySample(Instant.parse("2024-06-01T05:30:30.500Z"), null, null, null, null, null, 90.0, 250.0),
                new ActivitySample(Instant.parse("2024-06-01T05:31:10Z"), null, null, null, null, null, null, null));
    }

    @Test
    void aRunInLapsKeepsItsLapsEachWithItsTrackpointsAndTheCaloriesAddUp() {
        ActivityRecord intervals = Workouts.runInLaps();
        String tcx = TcxActivityFile.write(intervals);
        ActivityRecord back = TcxActivityFile.read(tcx, intervals.zoneOffset(), READ_BACK);
        assertSameWorkout(back, intervals);
        assertThat(tcx.split("<Lap ", -1)).as("three Lap elements").hasSize(4);
        // 121 trackpoints in each 10-minute lap but the last, which also has the one at the very end
        assertThat(tcx.split("<Lap ")[1].split("<Trackpoint>", -1)).hasSize(121);
        assertThat(tcx.split("<Lap ")[3].split("<Trackpoint>", -1)).hasSize(122);
    }

    @Test
    void lapCaloriesAreWholeSharesOfTheTotal() {
        assertThat(TcxActivityFile.shares(412, new long[] {600, 600, 600})).containsExactly(138, 137, 137);
        assertThat(TcxActivityFile.shares(10, new long[] {1, 0, 3})).containsExactly(3, 0, 7);
        assertThat(TcxActivityFile.shares(0, new long[] {5, 5})).containsExactly(0, 0);
    }

    @Test
    void namesAreEscaped() {
        ActivityRecord workout = new ActivityRecord(START, START.plusSeconds(60), Sport.HIKE, "Up & <down> \"again\"",
                null, null, List.of(), ZoneOffset.UTC, READ_BACK);
        assertThat(TcxActivityFile.read(TcxActivityFile.write(workout), ZoneOffset.UTC, READ_BACK).name())
                .isEqualTo("Up & <down> \"again\"");
    }

    @Test
    void hostileOrMalformedDocumentsAreAnActivityFileException() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024-06-01T05:30:00Z</Id>
                <Notes>&xxe;</Notes></Activity></Activities></TrainingCenterDatabase>""";
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <TrainingCenterDatabase>&lol2;</TrainingCenterDatabase>""";
        String undeclaredEntity = "<TrainingCenterDatabase>&xxe;</TrainingCenterDatabase>";
        String valid = TcxActivityFile.write(Workouts.gaps());
        List<String> hostile = List.of("", "   ", "not xml at all", "{\"json\":true}", xxe, laughs, undeclaredEntity,
                valid.substring(0, valid.length() / 2), "<gpx/>", "<TrainingCenterDatabase/>",
                "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"/></Activities></TrainingCenterDatabase>",
                valid.replace("<HeartRateBpm><Value>101</Value>", "<HeartRateBpm><Value>fast</Value>"),
                valid.replace("<Time>2024-06-01T05:30:05Z</Time>", "<Time>yesterday</Time>"),
                valid.replace("<TotalTimeSeconds>21</TotalTimeSeconds>", "<TotalTimeSeconds>NaN</TotalTimeSeconds>"),
                // an Id and a lap without time or points: no duration
                "<TrainingCenterDatabase><Activities><Activity><Id>2024-06-01T05:30:00Z</Id><Lap StartTime=\"2024-06-01T05:30:00Z\">"
                        + "<TotalTimeSeconds>0</TotalTimeSeconds></Lap></Activity></Activities></TrainingCenterDatabase>");
        for (String document : hostile) {
            assertThatThrownBy(() -> TcxActivityFile.read(document, ZoneOffset.UTC, READ_BACK))
                    .as(document).isInstanceOf(ActivityFileException.class);
        }
        assertThatThrownBy(() -> TcxActivityFile.read(null, ZoneOffset.UTC, READ_BACK))
                .isInstanceOf(ActivityFileException.class);
    }
}
