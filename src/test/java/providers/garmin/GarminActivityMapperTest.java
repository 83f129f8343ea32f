package providers.garmin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import model.ActivityRecord;
import model.ActivitySample;
import model.Json;
import model.Provenance;
import model.Sport;
import model.TimeWindow;
import providers.garmin.GarminMapper.SummaryType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garmin activity summaries and activity details shaped as docs/providers/garmin.md §2.2, §2.7, §2.8 shows them: UTC epoch seconds with the user's
 * offset beside them, details repeating their summary and adding samples.
 */
class GarminActivityMapperTest {

    private static final TimeWindow ALL = new TimeWindow(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));

    private static List<JsonNode> summaries(String json, SummaryType type) throws Exception {
        return GarminMapper.summaries(Json.MAPPER.readTree(json), type);
    }

    @Test
    void anActivityTakesTheSamplesOfItsDetails() throws Exception {
        List<JsonNode> activities = summaries("""
                [{"userId":"u-1","summaryId":"5001968355","activityId":5001968355,"activityName":"Berlin Running",
                  "activityType":"RUNNING","deviceName":"Forerunner 265","startTimeInSeconds":1709312400,"startTimeOffsetInSeconds":3600,
                  "durationInSeconds":1800,"distanceInMeters":5490.2,"activeKilocalories":352},
                 {"userId":"u-1","summaryId":"5001968356","activityId":5001968356,"activityType":"STRENGTH_TRAINING",
                  "startTimeInSeconds":1709398800,"startTimeOffsetInSeconds":3600,"durationInSeconds":2400}]""",
                SummaryType.ACTIVITIES);
        List<JsonNode> details = summaries("""
                [{"userId":"u-1","summaryId":"5001968355-detail","activityId":5001968355,
                  "summary":{"activityType":"RUNNING","startTimeInSeconds":1709312400,"durationInSeconds":1800},
                  "samples":[
                    {"startTimeInSeconds":1709312405,"latitudeInDegree":52.5146,"longitudeInDegree":13.3502,"elevationInMeters":34.2,
                     "heartRate":121,"speedMetersPerSecond":3.05,"totalDistanceInMeters":15.25,"timerDurationInSeconds":5,
                     "stepsPerMinute":84,"powerInWatts":250},
                    {"startTimeInSeconds":1709312400,"latitudeInDegree":52.5145,"longitudeInDegree":13.3501,"elevationInMeters":34.0,
                     "heartRate":0,"totalDistanceInMeters":0,"timerDurationInSeconds":0},
                    {"startTimeInSeconds":1709312410,"latitudeInDegree":52.5147,"heartRate":123}]}]""",
                SummaryType.ACTIVITY_DETAILS);

        List<ActivityRecord> records = GarminActivityMapper.activities(activities, details, ALL);

        assertThat(records).hasSize(2);
        ActivityRecord run = records.get(0);
        assertThat(run.start()).isEqualTo(Instant.ofEpochSecond(1709312400));
        assertThat(run.end()).isEqualTo(Instant.ofEpochSecond(1709314200));
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.name()).isEqualTo("Berlin Running");
        assertThat(run.distanceMetres()).isEqualTo(5490.2);
        assertThat(run.kilocalories()).isEqualTo(352.0);
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(run.provenance()).isEqualTo(new Provenance("garmin", "5001968355", "Forerunner 265"));
        assertThat(run.samples()).containsExactly(
                new ActivitySample(Instant.ofEpochSecond(1709312400), 52.5145, 13.3501, 34.0, null, 0.0, null, null),
                new ActivitySample(Instant.ofEpochSecond(1709312405), 52.5146, 13.3502, 34.2, 121.0, 15.25, 84.0, 250.0),
                new ActivitySample(Instant.ofEpochSecond(1709312410), null, null, null, 123.0, null, null, null));
        ActivityRecord strength = records.get(1);
        assertThat(strength.sport()).isEqualTo(Sport.STRENGTH);
        assertThat(strength.samples()).as("no details").isEmpty();
        assertThat(strength.distanceMetres()).isNull();
    }

    @Test
    void detailsWithoutTheirSummaryStandAlone() throws Exception {
        List<JsonNode> details = summaries("""
                [{"summaryId":"77-detail","summary":{"activityType":"ROAD_BIKING","startTimeInSeconds":1709312400,
                  "startTimeOffsetInSeconds":0,"durationInSeconds":3600,"distanceInMeters":30000},
                  "samples":[{"startTimeInSeconds":1709312400,"bikeCadenceInRPM":88}]}]""", SummaryType.ACTIVITY_DETAILS);

        ActivityRecord ride = GarminActivityMapper.activities(List.of(), details, ALL).get(0);

        assertThat(ride.sport()).isEqualTo(Sport.RIDE);
        assertThat(ride.provenance().externalId()).isEqualTo("77");
        assertThat(ride.samples()).singleElement().extracting(ActivitySample::cadence).isEqualTo(88.0);
    }

    @Test
    void garminActivityTypesBecomeSports() {
        assertThat(GarminActivityMapper.sport("RUNNING")).isEqualTo(Sport.RUN);
        assertThat(GarminActivityMapper.sport("TRAIL_RUNNING")).isEqualTo(Sport.RUN);
        assertThat(GarminActivityMapper.sport("TREADMILL_RUNNING")).isEqualTo(Sport.RUN);
        assertThat(GarminActivityMapper.sport("CYCLING")).isEqualTo(Sport.RIDE);
        assertThat(GarminActivityMapper.sport("MOUNTAIN_BIKING")).isEqualTo(Sport.RIDE);
        assertThat(GarminActivityMapper.sport("WALKING")).isEqualTo(Sport.WALK);
        assertThat(GarminActivityMapper.sport("HIKING")).isEqualTo(Sport.HIKE);
        assertThat(GarminActivityMapper.sport("LAP_SWIMMING")).isEqualTo(Sport.SWIM);
        assertThat(GarminActivityMapper.sport("OPEN_WATER_SWIMMING")).isEqualTo(Sport.SWIM);
        assertThat(GarminActivityMapper.sport("INDOOR_ROWING")).isEqualTo(Sport.ROW);
        assertThat(GarminActivityMapper.sport("STRENGTH_TRAINING")).isEqualTo(Sport.STRENGTH);
        assertThat(GarminActivityMapper.sport("YOGA")).isEqualTo(Sport.YOGA);
        assertThat(GarminActivityMapper.sport("FITNESS_EQUIPMENT")).isEqualTo(Sport.WORKOUT);
        assertThat(GarminActivityMapper.sport("BOULDERING")).isEqualTo(Sport.OTHER);
        assertThat(GarminActivityMapper.sport(null)).isEqualTo(Sport.OTHER);
    }
}
