package providers.fitbit;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.Json;
import model.Provenance;
import model.Sport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Fitbit activity lists shaped as docs/providers/fitbit.md §2.5 shows them: start times with offsets, ms durations, unit-tagged distances. */
class FitbitActivityMapperTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aTrackerRunWithItsOffsetTotalsAndNextPage() throws Exception {
        FitbitActivityMapper.Page page = FitbitActivityMapper.page(json("""
                {"activities":[{"logId":60351327112,"activityName":"Run","activityTypeId":90009,"logType":"tracker",
                  "startTime":"2024-03-01T07:30:00.000+01:00","originalStartTime":"2024-03-01T07:30:00.000+01:00",
                  "duration":1800000,"activeDuration":1780000,"distance":5.1,"distanceUnit":"Kilometer","calories":380,
                  "steps":5200,"averageHeartRate":151,"hasGps":true,"lastModified":"2024-03-01T08:10:00.000Z",
                  "tcxLink":"https://api.fitbit.com/1/user/-/activities/60351327112.tcx"}],
                 "pagination":{"afterDate":"2024-03-01","limit":1,"offset":0,"sort":"asc","previous":"",
                  "next":"https://api.fitbit.com/1/user/-/activities/list.json?offset=1&limit=1&sort=asc&afterDate=2024-03-01"}}"""),
                BERLIN);
        assertThat(page.next()).isEqualTo("https://api.fitbit.com/1/user/-/activities/list.json?offset=1&limit=1&sort=asc&afterDate=2024-03-01");
        assertThat(page.logs()).hasSize(1);
        FitbitActivityMapper.ActivityLog log = page.logs().get(0);
        assertThat(log.logId()).isEqualTo("60351327112");
        assertThat(log.hasTrack()).isTrue();
        ActivityRecord run = log.totals();
        assertThat(run.start()).isEqualTo(Instant.parse("2024-03-01T06:30:00Z"));
        assertThat(run.end()).isEqualTo(Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.distanceMetres()).isCloseTo(5100.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.kilocalories()).isEqualTo(380.0);
        assertThat(run.samples()).as("samples come from the TCX").isEmpty();
        assertThat(run.provenance()).isEqualTo(new Provenance("fitbit", "60351327112", "tracker"));
    }

    @Test
    void milesBecomeMetresAndTheOffsetOfEachLogIsItsOwn() throws Exception {
        FitbitActivityMapper.Page page = FitbitActivityMapper.page(json("""
                {"activities":[
                  {"logId":1,"activityName":"Bike","activityTypeId":90001,"logType":"manual","startTime":"2024-03-30T18:00:00.000+01:00",
                   "duration":3600000,"distance":"12.5","distanceUnit":"Mile","calories":500},
                  {"logId":2,"activityName":"Walk","activityTypeId":90013,"logType":"auto_detected","startTime":"2024-03-31T18:00:00.000+02:00",
                   "duration":1200000,"distance":1.2,"distanceUnit":"Mile"}],
                 "pagination":{"next":"","previous":""}}"""), BERLIN);
        assertThat(page.next()).as("last page").isNull();
        assertThat(page.logs()).extracting(l -> l.totals().sport()).containsExactly(Sport.RIDE, Sport.WALK);
        assertThat(page.logs().get(0).totals().distanceMetres()).isCloseTo(20116.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(page.logs().get(1).totals().zoneOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(page.logs().get(1).totals().start()).isEqualTo(Instant.parse("2024-03-31T16:00:00Z"));
        assertThat(page.logs().get(1).totals().kilocalories()).as("no calories field").isNull();
    }

    @Test
    void missingOptionalFieldsStayUnknownAndNamesGiveTheSport() throws Exception {
        FitbitActivityMapper.Page page = FitbitActivityMapper.page(json("""
                {"activities":[{"logId":3,"activityName":"Yoga","startTime":"2024-03-01T07:00:00.000+01:00","duration":2700000},
                               {"logId":4,"activityName":"Tai chi","activityTypeId":1234,"startTime":"2024-03-01T08:00:00.000",
                                "duration":600000,"hasGps":false,"distance":0}]}"""), BERLIN);
        ActivityRecord yoga = page.logs().get(0).totals();
        assertThat(yoga.sport()).isEqualTo(Sport.YOGA);
        assertThat(yoga.distanceMetres()).isNull();
        assertThat(yoga.kilocalories()).isNull();
        assertThat(yoga.provenance().device()).isNull();
        assertThat(page.logs().get(0).hasTrack()).isFalse();
        ActivityRecord other = page.logs().get(1).totals();
        assertThat(other.sport()).isEqualTo(Sport.OTHER);
        assertThat(other.start()).as("a start without offset is read in the user's zone").isEqualTo(Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(other.distanceMetres()).isEqualTo(0.0);
        assertThat(page.next()).as("no pagination object").isNull();
    }

    @Test
    void anEmptyListIsNoActivities() throws Exception {
        FitbitActivityMapper.Page page = FitbitActivityMapper.page(json("""
                {"activities":[],"pagination":{"afterDate":"2024-03-01","limit":100,"next":"","offset":0,"previous":"","sort":"asc"}}"""),
                BERLIN);
        assertThat(page.logs()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void brokenLogsAreRefused() throws Exception {
        assertThatThrownBy(() -> FitbitActivityMapper.page(json("{\"pagination\":{}}"), BERLIN)).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> FitbitActivityMapper.page(json("""
                {"activities":[{"logId":5,"startTime":"2024-03-01T07:00:00.000+01:00","duration":60000,"distance":1,
                  "distanceUnit":"Furlong"}]}"""), BERLIN)).isInstanceOf(PermanentSyncException.class).hasMessageContaining("unit");
        assertThatThrownBy(() -> FitbitActivityMapper.page(json("""
                {"activities":[{"logId":6,"startTime":"2024-03-01T07:00:00.000+01:00","duration":0}]}"""), BERLIN))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> FitbitActivityMapper.page(json("""
                {"activities":[{"logId":7,"startTime":"yesterday","duration":60000}]}"""), BERLIN))
                .isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void nextLinksAreFollowedOnlyUnderTheConfiguredBase() {
        URI base = URI.create("http://localhost:8089/fitbit");
        assertThat(FitbitActivityMapper.isUnder("http://localhost:8089/fitbit/1/user/-/activities/list.json?offset=100", base)).isTrue();
        assertThat(FitbitActivityMapper.isUnder("https://evil.example/1/user/-/activities/list.json", base)).isFalse();
        assertThat(FitbitActivityMapper.isUnder("http://localhost:8089/fitbitx/1/user/-/activities/list.json", base)).isFalse();
        assertThat(FitbitActivityMapper.isUnder("http://localhost:8089/fitbit/../other/list.json", base)).isFalse();
        assertThat(FitbitActivityMapper.isUnder("http://user@localhost:8089/fitbit/1/list.json", base)).isFalse();
        assertThat(FitbitActivityMapper.isUnder("/fitbit/1/user/-/activities/list.json", base)).isFalse();
    }

    @Test
    void aWorkoutIsLoggedByCatalogueIdOrNameWithMinutePrecision() {
        ActivityRecord run = new ActivityRecord(Instant.parse("2024-03-01T16:30:42Z"), Instant.parse("2024-03-01T17:00:42Z"), Sport.RUN,
                "Matrix Run", 5490.0, 352.4, List.of(new ActivitySample(Instant.parse("2024-03-01T16:30:42Z"), 52.5, 13.3, 34.0,
                120.0, 0.0, 84.0, null)), ZoneOffset.UTC, new Provenance("strava", "1", null));
        assertThat(FitbitActivityMapper.activityLogForm(run, BERLIN)).containsExactly(entry("activityId", "90009"),
                entry("manualCalories", "352"), entry("startTime", "17:30"), entry("durationMillis", "1800000"),
                entry("date", "2024-03-01"), entry("distance", "5.49000"), entry("distanceUnit", "Kilometer"));
        ActivityRecord rowing = new ActivityRecord(Instant.parse("2024-03-01T16:30:00Z"), Instant.parse("2024-03-01T17:00:00Z"), Sport.ROW,
                null, null, null, List.of(), ZoneOffset.UTC, new Provenance("strava", "2", null));
        assertThat(FitbitActivityMapper.activityLogForm(rowing, BERLIN)).containsExactly(entry("activityName", "Rowing"),
                entry("manualCalories", "0"), entry("startTime", "17:30"), entry("durationMillis", "1800000"), entry("date", "2024-03-01"));

        ActivityRecord stored = FitbitActivityMapper.stored(run);
        assertThat(stored.start()).as("the seconds of the start are lost").isEqualTo(Instant.parse("2024-03-01T16:30:00Z"));
        assertThat(stored.elapsed()).isEqualTo(run.elapsed());
        assertThat(stored.samples()).isEmpty();
        assertThat(stored.kilocalories()).isEqualTo(352.0);
        assertThat(FitbitActivityMapper.stored(rowing).kilocalories()).as("a named log needs manualCalories").isEqualTo(0.0);
    }

    @Test
    void sportsRoundTripThroughTheirIdsAndNames() {
        for (Sport sport : Sport.values()) {
            Map<String, String> form = FitbitActivityMapper.activityLogForm(new ActivityRecord(Instant.parse("2024-03-01T16:30:00Z"),
                    Instant.parse("2024-03-01T17:00:00Z"), sport, null, null, 100.0, List.of(), ZoneOffset.UTC, null), BERLIN);
            Long id = form.containsKey("activityId") ? Long.valueOf(form.get("activityId")) : null;
            String name = form.getOrDefault("activityName", switch (sport) {
                case RUN -> "Run";
                case RIDE -> "Bike";
                case WALK -> "Walk";
                case HIKE -> "Hike";
                default -> "Swim";
            });
            assertThat(FitbitActivityMapper.sport(id, name)).as(sport.wire()).isEqualTo(sport);
        }
    }
}
