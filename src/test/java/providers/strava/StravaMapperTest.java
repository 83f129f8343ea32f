package providers.strava;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.DataType;
import model.Json;
import model.Provenance;
import model.Sport;
import model.SyncIds;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;
import providers.strava.StravaMapper.UploadState;
import providers.strava.StravaMapper.UploadStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static providers.http.Answers.read;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Strava API v3 payloads shaped as docs/providers/strava.md §2–§4, §6 shows them: the activity list (UTC {@code start_date}, local
 * wall time printed with a "Z", {@code utc_offset} in seconds), {@code key_by_type=true} streams with {@code latlng}
 * as [lat, lng] pairs, upload answers with Strava's status strings and duplicate error, webhook events, and the
 * rate-limit headers.
 */
class StravaMapperTest {

    /** A list entry with the fields of docs/providers/strava.md §2.4. */
    private static final String MORNING_RUN = """
            {"id":10987654321,"name":"Morning Run","sport_type":"Run","type":"Run","start_date":"2024-03-01T06:30:00Z",
              "start_date_local":"2024-03-01T07:30:00Z","timezone":"(GMT+01:00) Europe/Berlin","utc_offset":3600,
              "distance":5123.4,"moving_time":1760,"elapsed_time":1800,"total_elevation_gain":42.0,
              "average_heartrate":151.2,"max_heartrate":178.0,"has_heartrate":true,"manual":false,
              "external_id":"garmin_push_12345","upload_id":11111111111}""";

    /** Streams shaped as docs/providers/strava.md §2.3. */
    private static final String STREAMS = """
            {"time":{"data":[0,1,2],"series_type":"distance","original_size":3,"resolution":"high"},
             "latlng":{"data":[[52.5200,13.4050],[52.5201,13.4052],[52.5202,13.4054]],"series_type":"distance","original_size":3,"resolution":"high"},
             "distance":{"data":[0.0,2.8,5.6],"series_type":"distance","original_size":3,"resolution":"high"},
             "altitude":{"data":[34.2,34.3,34.3],"series_type":"distance","original_size":3,"resolution":"high"},
             "heartrate":{"data":[120,122,125],"series_type":"distance","original_size":3,"resolution":"high"}}""";

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aListedActivityIsAUtcIntervalWithTheAthletesOffsetAndSiTotals() throws Exception {
        JsonNode page = json("[" + MORNING_RUN + "]");
        List<JsonNode> activities = StravaMapper.activities(page);
        assertThat(activities).hasSize(1);

        ActivityRecord run = StravaMapper.toRecord(activities.get(0), read(StravaStreams.READER, STREAMS));

        assertThat(run.start()).isEqualTo(Instant.parse("2024-03-01T06:30:00Z"));
        assertThat(run.end()).as("start + elapsed_time, not moving_time").isEqualTo(Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(run.sport()).isEqualTo(Sport.RUN);
        assertThat(run.name()).isEqualTo("Morning Run");
        assertThat(run.distanceMetres()).isEqualTo(5123.4);
        assertThat(run.kilocalories()).as("the summary has no calories").isNull();
        assertThat(run.provenance()).isEqualTo(new Provenance("strava", "10987654321", null));
        assertThat(run.type()).isEqualTo(DataType.ACTIVITIES);
    }

    @Test
    void streamsKeyedByTypeBecomeSamplesAtOffsetsFromTheStart() throws Exception {
        ActivityRecord run = StravaMapper.toRecord(json(MORNING_RUN), read(StravaStreams.READER, STREAMS));

        assertThat(run.samples()).containsExactly(
                new ActivitySample(Instant.parse("2024-03-01T06:30:00Z"), 52.52, 13.405, 34.2, 120.0, 0.0, null, null),
                new ActivitySample(Instant.parse("2024-03-01T06:30:01Z"), 52.5201, 13.4052, 34.3, 122.0, 2.8, null, null),
                new ActivitySample(Instant.parse("2024-03-01T06:30:02Z"), 52.5202, 13.4054, 34.3, 125.0, 5.6, null, null));
    }

    @Test
    void cadenceAndPowerStreamsAreKept() throws Exception {
        StravaStreams streams = read(StravaStreams.READER, """
                {"time":{"data":[0,5]},"cadence":{"data":[88,90]},"watts":{"data":[210,null]}}""");
        List<ActivitySample> samples = streams.samples(Instant.parse("2024-03-01T06:30:00Z"));
        assertThat(samples).extracting(ActivitySample::cadence).containsExactly(88.0, 90.0);
        assertThat(samples).extracting(ActivitySample::powerWatts).containsExactly(210.0, null);
        assertThat(samples.get(1).time()).isEqualTo(Instant.parse("2024-03-01T06:30:05Z"));
        assertThat(samples.get(0).hasPosition()).isFalse();
    }

    @Test
    void missingOrEmptyStreamsGiveNoSamples() throws Exception {
        Instant start = Instant.parse("2024-03-01T06:30:00Z");
        assertThat(StravaStreams.NONE.samples(start)).isEmpty();
        assertThat(read(StravaStreams.READER, "{}").samples(start)).isEmpty();
        assertThat(read(StravaStreams.READER, "[]").samples(start)).isEmpty();
        assertThat(read(StravaStreams.READER, "{\"time\":{\"data\":[]}}").samples(start)).isEmpty();
        // a manual activity: no streams were asked for
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("\"manual\":false", "\"manual\":true")), StravaStreams.NONE).samples()).isEmpty();
    }

    @Test
    void malformedStreamsAreRefusedWithAClearReason() throws Exception {
        Instant start = Instant.parse("2024-03-01T06:30:00Z");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"time\":{\"data\":[0,1]},\"heartrate\":{\"data\":[120]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("heartrate stream whose length differs");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"heartrate\":{\"data\":[120]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("without a time stream");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"time\":{\"data\":[5,1]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"time\":{\"data\":[0]},\"latlng\":{\"data\":[52.5]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("[lat, lng]");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"time\":{\"data\":[0]},\"latlng\":{\"data\":[[152.5,13.4]]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("outside the globe");
        assertThatThrownBy(() -> read(StravaStreams.READER, "{\"time\":{\"data\":[\"soon\"]}}").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("time that is not a number");
        assertThatThrownBy(() -> read(StravaStreams.READER, "[{\"type\":\"time\",\"data\":[0]}]").samples(start))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("not keyed by type");
    }

    @Test
    void numbersMayComeAsStringsAndEmptyStringsMeanUnknown() throws Exception {
        ActivityRecord run = StravaMapper.toRecord(json(MORNING_RUN.replace("\"utc_offset\":3600", "\"utc_offset\":\"-18000.0\"")
                .replace("\"elapsed_time\":1800", "\"elapsed_time\":\"1800\"").replace("\"distance\":5123.4", "\"distance\":\"\"")), StravaStreams.NONE);
        assertThat(run.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(run.end()).isEqualTo(Instant.parse("2024-03-01T07:00:00Z"));
        assertThat(run.distanceMetres()).isNull();
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("\"distance\":5123.4", "\"distance\":\"far\"")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("distance that is not a number");
    }

    @Test
    void zeroTotalsAreUnknownAndTheDetailAddsCaloriesAndDevice() throws Exception {
        ActivityRecord yoga = StravaMapper.toRecord(json("""
                {"id":"42","name":"Evening Yoga","sport_type":"Yoga","start_date":"2024-03-01T18:00:00Z","utc_offset":0,
                 "elapsed_time":3600,"distance":0.0,"calories":143.5,"device_name":"Garmin Forerunner 965","manual":true}"""), StravaStreams.NONE);
        assertThat(yoga.sport()).isEqualTo(Sport.YOGA);
        assertThat(yoga.distanceMetres()).isNull();
        assertThat(yoga.kilocalories()).isEqualTo(143.5);
        assertThat(yoga.provenance()).isEqualTo(new Provenance("strava", "42", "Garmin Forerunner 965"));
    }

    /** Two Laps of the detailed run, shaped as Strava's Lap (swagger): UTC start_date, local one with a "Z", whole seconds. */
    private static final String TWO_LAPS = """
            "laps":[{"id":33000000001,"resource_state":2,"name":"Lap 1","activity":{"id":10987654321,"resource_state":1},
                     "athlete":{"id":134815,"resource_state":1},"elapsed_time":900,"moving_time":880,
                     "start_date":"2024-03-01T06:30:00Z","start_date_local":"2024-03-01T07:30:00Z","distance":2561.7,
                     "start_index":0,"end_index":899,"total_elevation_gain":21.0,"average_speed":2.91,"max_speed":4.1,
                     "average_cadence":84.2,"lap_index":1,"split":1,"pace_zone":2},
                    {"id":33000000002,"resource_state":2,"name":"Lap 2","activity":{"id":10987654321,"resource_state":1},
                     "athlete":{"id":134815,"resource_state":1},"elapsed_time":"900","moving_time":880,
                     "start_date":"2024-03-01T06:45:00Z","start_date_local":"2024-03-01T07:45:00Z","distance":2561.7,
                     "start_index":900,"end_index":1799,"total_elevation_gain":21.0,"average_speed":2.91,"max_speed":4.3,
                     "lap_index":2,"split":2}],""";

    @Test
    void theDetailsLapsBecomeTheWorkoutsLaps() throws Exception {
        ActivityRecord run = StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{" + TWO_LAPS + "\"id\"")), StravaStreams.NONE);
        assertThat(run.laps()).containsExactly(
                new ActivityLap(Instant.parse("2024-03-01T06:30:00Z"), Instant.parse("2024-03-01T06:45:00Z"), 2561.7),
                new ActivityLap(Instant.parse("2024-03-01T06:45:00Z"), Instant.parse("2024-03-01T07:00:00Z"), 2561.7));
    }

    @Test
    void oneLapSpanningTheActivityOrNoneIsNoLapAndLapsStayWithinTheActivity() throws Exception {
        String oneLap = "\"laps\":[{\"id\":1,\"elapsed_time\":1800,\"start_date\":\"2024-03-01T06:30:00Z\",\"distance\":5123.4}],";
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{" + oneLap + "\"id\"")), StravaStreams.NONE).laps())
                .as("Strava's one automatic lap says nothing more").isEmpty();
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{\"laps\":[],\"id\"")), StravaStreams.NONE).laps()).isEmpty();
        assertThat(StravaMapper.toRecord(json(MORNING_RUN), StravaStreams.NONE).laps()).as("a summary lists no laps").isEmpty();
        // elapsed seconds rounded up by Strava may reach past the activity: clipped to it; a lap of no time is dropped
        String ragged = "\"laps\":[{\"elapsed_time\":1000,\"start_date\":\"2024-03-01T06:30:00Z\",\"distance\":2800},"
                + "{\"elapsed_time\":801,\"start_date\":\"2024-03-01T06:46:40Z\",\"distance\":2323.4},"
                + "{\"elapsed_time\":0,\"start_date\":\"2024-03-01T07:00:00Z\",\"distance\":0}],";
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{" + ragged + "\"id\"")), StravaStreams.NONE).laps())
                .extracting(ActivityLap::end)
                .containsExactly(Instant.parse("2024-03-01T06:46:40Z"), Instant.parse("2024-03-01T07:00:00Z"));
    }

    @Test
    void malformedLapsAreRefused() {
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{\"laps\":{},\"id\"")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("laps");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{\"laps\":[{\"elapsed_time\":60}],\"id\"")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("start_date");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("{\"id\"", "{\"laps\":[7],\"id\"")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("lap");
    }

    @Test
    void withoutUtcOffsetTheLocalStartTellsTheOffsetElseUtc() throws Exception {
        String noOffset = MORNING_RUN.replace("\"utc_offset\":3600,", "");
        assertThat(StravaMapper.toRecord(json(noOffset), StravaStreams.NONE).zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(StravaMapper.toRecord(json(noOffset.replace("\"start_date_local\":\"2024-03-01T07:30:00Z\",", "")), StravaStreams.NONE)
                .zoneOffset()).isEqualTo(ZoneOffset.UTC);
        // a DST day: the offset of the activity's own start, not of the zone's standard time
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("\"utc_offset\":3600", "\"utc_offset\":7200")
                .replace("2024-03-01T06:30:00Z", "2024-03-31T06:30:00Z")), StravaStreams.NONE).zoneOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void brokenOrMissingFieldsAreRefused() throws Exception {
        assertThatThrownBy(() -> StravaMapper.activities(json("{\"message\":\"oops\"}")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("\"start_date\":\"2024-03-01T06:30:00Z\",", "")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("start_date");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("2024-03-01T06:30:00Z", "1 March 2024")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("start_date");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("\"id\":10987654321", "\"id\":\"../athlete\"")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("numeric id");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("\"elapsed_time\":1800", "\"elapsed_time\":-5")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("elapsed_time");
        assertThatThrownBy(() -> StravaMapper.toRecord(json(MORNING_RUN.replace("\"utc_offset\":3600", "\"utc_offset\":90000")), StravaStreams.NONE))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("18 hours");
        // no duration: nothing the canonical model (or a destination) could hold
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("\"elapsed_time\":1800", "\"elapsed_time\":0")), StravaStreams.NONE)).isNull();
        assertThat(StravaMapper.activities(json("[]"))).isEmpty();
    }

    @Test
    void sportTypesMapToTheEnginesSportsAndBack() {
        assertThat(StravaMapper.sport("TrailRun", "Run")).isEqualTo(Sport.RUN);
        assertThat(StravaMapper.sport("GravelRide", "Ride")).isEqualTo(Sport.RIDE);
        assertThat(StravaMapper.sport("MountainBikeRide", null)).isEqualTo(Sport.RIDE);
        assertThat(StravaMapper.sport("VirtualRide", null)).isEqualTo(Sport.RIDE);
        assertThat(StravaMapper.sport("Rowing", null)).isEqualTo(Sport.ROW);
        assertThat(StravaMapper.sport("WeightTraining", null)).isEqualTo(Sport.STRENGTH);
        assertThat(StravaMapper.sport("Hike", null)).isEqualTo(Sport.HIKE);
        assertThat(StravaMapper.sport("Swim", null)).isEqualTo(Sport.SWIM);
        assertThat(StravaMapper.sport("Workout", null)).isEqualTo(Sport.WORKOUT);
        assertThat(StravaMapper.sport("Kitesurf", null)).isEqualTo(Sport.OTHER);
        assertThat(StravaMapper.sport(null, "Walk")).as("the older type when sport_type is missing").isEqualTo(Sport.WALK);
        assertThat(StravaMapper.sport("", null)).isEqualTo(Sport.OTHER);
        for (Sport sport : Sport.values()) {
            Sport back = StravaMapper.sport(StravaMapper.sportType(sport), null);
            assertThat(back).isEqualTo(sport == Sport.OTHER ? Sport.WORKOUT : sport);
        }
    }

    @Test
    void anUploadIsProcessingThenReady() throws Exception {
        UploadStatus created = StravaMapper.uploadStatus(json("""
                {"id":16486788,"id_str":"16486788","external_id":"syncwell-1.fit","error":null,
                 "status":"Your activity is still being processed.","activity_id":null}"""));
        assertThat(created).isEqualTo(new UploadStatus(UploadState.PROCESSING, "16486788", null, null));

        UploadStatus ready = StravaMapper.uploadStatus(json("""
                {"id":16486788,"id_str":"16486788","external_id":"syncwell-1.fit","error":null,
                 "status":"Your activity is ready.","activity_id":10987654321}"""));
        assertThat(ready).isEqualTo(new UploadStatus(UploadState.READY, "16486788", "10987654321", null));
    }

    @Test
    void aDuplicateUploadIsAlreadyWrittenNotAFailure() throws Exception {
        UploadStatus duplicate = StravaMapper.uploadStatus(json("""
                {"id":16486789,"id_str":"16486789","external_id":"syncwell-1.fit",
                 "error":"syncwell-1.fit duplicate of activity 10987654321",
                 "status":"There was an error processing your activity.","activity_id":null}"""));
        assertThat(duplicate.state()).isEqualTo(UploadState.DUPLICATE);
        assertThat(duplicate.activityId()).isEqualTo("10987654321");
    }

    @Test
    void aFailedOrDeletedUploadHasAClearReasonAndUnknownAnswersAreRefused() throws Exception {
        UploadStatus failed = StravaMapper.uploadStatus(json("""
                {"id":"16486790","error":"Time information is missing",
                 "status":"There was an error processing your activity.","activity_id":null}"""));
        assertThat(failed.state()).isEqualTo(UploadState.FAILED);
        assertThat(failed.reason()).contains("strava could not process the uploaded file").contains("Time information is missing");
        assertThat(StravaMapper.uploadStatus(json("""
                {"id":16486790,"error":"","status":"There was an error processing your activity."}""")).state())
                .as("an empty error string is no error text").isEqualTo(UploadState.FAILED);
        assertThat(StravaMapper.uploadStatus(json("""
                {"id":16486790,"error":null,"status":"The created activity has been deleted.","activity_id":null}""")).state())
                .isEqualTo(UploadState.DELETED);

        assertThatThrownBy(() -> StravaMapper.uploadStatus(json("{\"status\":\"Your activity is ready.\"}")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("without its id");
        assertThatThrownBy(() -> StravaMapper.uploadStatus(json("{\"id\":1,\"status\":\"Your activity is ready.\",\"activity_id\":null}")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("without an activity_id");
        assertThatThrownBy(() -> StravaMapper.uploadStatus(json("{\"id\":1,\"status\":\"Something new\"}")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("unknown status");
        assertThatThrownBy(() -> StravaMapper.uploadStatus(json("[]")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void anActivityWeUploadedReadsBackWithItsSyncIdAndADevicesActivityWithNone() throws Exception {
        String ours = SyncIds.of("user-1", new Provenance("wahoo", "4711", null));
        ActivityRecord echo = StravaMapper.toRecord(json(MORNING_RUN.replace("garmin_push_12345", ours)), StravaStreams.NONE);
        assertThat(echo.provenance().syncId()).isEqualTo(ours);
        assertThat(echo.provenance().writtenBySyncWell()).isTrue();
        assertThat(echo.provenance().externalId()).as("still Strava's own id").isEqualTo("10987654321");

        assertThat(StravaMapper.toRecord(json(MORNING_RUN), StravaStreams.NONE).provenance().writtenBySyncWell())
                .as("a device's external_id is no mark of ours").isFalse();
        assertThat(StravaMapper.toRecord(json(MORNING_RUN.replace("\"garmin_push_12345\"", "null")), StravaStreams.NONE).provenance().syncId())
                .isNull();
    }

    @Test
    void theUploadIsNamedAndIdentifiedDeterministically() {
        Provenance source = new Provenance("fitbit", "4711", null);
        String id = SyncIds.of("user-1", source);
        assertThat(id).startsWith("syncwell-").hasSize("syncwell-".length() + 32);
        assertThat(SyncIds.of("user-1", source)).isEqualTo(id);
        assertThat(SyncIds.of("user-2", source)).isNotEqualTo(id);
        assertThat(SyncIds.of("user-1", new Provenance("wahoo", "4711", null))).isNotEqualTo(id);
        assertThat(StravaMapper.uploadFields(id, "Morning Run"))
                .containsOnly(Map.entry("data_type", "fit"), Map.entry("external_id", id), Map.entry("name", "Morning Run"));

        ActivityRecord unnamed = new ActivityRecord(Instant.parse("2024-03-01T06:30:00Z"), Instant.parse("2024-03-01T07:00:00Z"),
                Sport.RIDE, null, null, null, List.of(), ZoneOffset.UTC, source);
        assertThat(StravaMapper.activityName(unnamed)).isEqualTo("Ride");
    }

    @Test
    void webhookValidationEchoesTheChallengeOnlyForOurVerifyToken() {
        Map<String, String> query = Map.of("hub.mode", "subscribe", "hub.verify_token", "our-token", "hub.challenge", "15f7d1a91c1f40f8a748fd134752feb3");
        assertThat(StravaPushEvents.verify(query, "our-token")).isEqualTo(200);
        assertThat(StravaPushEvents.verificationBody(query)).isEqualTo(Map.of("hub.challenge", "15f7d1a91c1f40f8a748fd134752feb3"));
        assertThat(StravaPushEvents.verify(query, "other-token")).isEqualTo(403);
        assertThat(StravaPushEvents.verify(query, "")).as("no token configured: every validation is refused").isEqualTo(403);
        assertThat(StravaPushEvents.verify(Map.of("hub.verify_token", "our-token", "hub.challenge", "x"), "our-token")).isEqualTo(403);
    }

    @Test
    void activityEventsAskForASyncAndDeauthorizationRevokes() {
        List<PushNotification> update = StravaPushEvents.receive("""
                {"object_type":"activity","object_id":10987654321,"aspect_type":"update","updates":{"title":"Evening Run"},
                 "owner_id":134815,"subscription_id":120475,"event_time":1709281000}""");
        assertThat(update).containsExactly(new PushNotification("134815", java.util.EnumSet.of(DataType.ACTIVITIES), false));
        assertThat(StravaPushEvents.receive("""
                {"object_type":"activity","object_id":1,"aspect_type":"create","updates":{},"owner_id":134815,
                 "subscription_id":120475,"event_time":1709281000}""")).hasSize(1);
        assertThat(StravaPushEvents.receive("""
                {"object_type":"activity","object_id":1,"aspect_type":"delete","updates":{},"owner_id":134815,
                 "subscription_id":120475,"event_time":1709281000}""")).as("deletions are not synced").isEmpty();

        List<PushNotification> deauth = StravaPushEvents.receive("""
                {"object_type":"athlete","object_id":134815,"aspect_type":"update","updates":{"authorized":"false"},
                 "owner_id":134815,"subscription_id":120475,"event_time":1709281000}""");
        assertThat(deauth).containsExactly(new PushNotification("134815", java.util.EnumSet.noneOf(DataType.class), true));

        assertThatThrownBy(() -> StravaPushEvents.receive("not json")).isInstanceOf(PushReceiver.PushRejectedException.class);
        assertThatThrownBy(() -> StravaPushEvents.receive("[]")).isInstanceOf(PushReceiver.PushRejectedException.class);
        assertThat(StravaPushEvents.receive("{\"object_type\":\"activity\",\"aspect_type\":\"create\"}")).isEmpty();
    }

    @Test
    void aRateLimitedCallWaitsForTheNextQuarterHourOrMidnight() {
        Instant now = Instant.parse("2024-03-01T06:37:10Z");
        assertThat(StravaRateLimits.resetAfter(headers(Map.of("X-RateLimit-Limit", "200,2000", "X-RateLimit-Usage", "201,540",
                "X-ReadRateLimit-Limit", "100,1000", "X-ReadRateLimit-Usage", "60,300")), now)).contains(Duration.ofSeconds(470));
        assertThat(StravaRateLimits.resetAfter(headers(Map.of("X-RateLimit-Limit", "200,2000", "X-RateLimit-Usage", "20,1540",
                "X-ReadRateLimit-Limit", "100,1000", "X-ReadRateLimit-Usage", "12,1001")), now))
                .as("the daily read allowance is used up").contains(Duration.between(now, Instant.parse("2024-03-02T00:00:00Z")));
        assertThat(StravaRateLimits.resetAfter(headers(Map.of()), now)).isEmpty();
        assertThat(StravaRateLimits.resetAfter(headers(Map.of("X-RateLimit-Limit", "lots", "X-RateLimit-Usage", "1,2")), now)).isEmpty();
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (k, v) -> true);
    }
}
