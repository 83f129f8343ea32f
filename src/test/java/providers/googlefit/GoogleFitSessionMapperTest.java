package providers.googlefit;

import java.time.Duration;
import java.time.Instant;
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
import model.SleepRecord;
import model.SleepStage;
import model.Sport;
import model.SyncIds;
import providers.googlefit.GoogleFitSessionMapper.FitSession;
import providers.googlefit.GoogleFitSessionMapper.FitStream;
import providers.spi.ProviderCall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google Fit sessions shaped as docs/providers/googlefit.md §2.2, §3.4 shows them: {@code GET /sessions} answers with milliseconds as strings, a
 * night's sleep segments, a workout's merged streams; and the session and dataset bodies written back.
 */
class GoogleFitSessionMapperTest {

    @Test
    void aSessionWeWroteCarriesItsIdAsSyncIdAndAnAppsSessionHasNone() {
        String ours = SyncIds.of("user-1", new Provenance("strava", "123", null));
        FitSession run = new FitSession(ours, "Run", Instant.parse("2024-03-02T17:30:00Z"), Instant.parse("2024-03-02T18:00:00Z"),
                8, "SyncWell");
        ActivityRecord echo = GoogleFitSessionMapper.toActivity(run, List.of(), List.of(), List.of(), List.of());
        assertThat(echo.provenance().syncId()).isEqualTo(ours);
        assertThat(echo.provenance().externalId()).isEqualTo(ours);
        FitSession night = new FitSession("1709330400000:com.google.android.apps.fitness:72", "Sleep",
                Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-02T06:00:00Z"), 72, "com.google.android.apps.fitness");
        assertThat(GoogleFitSessionMapper.toSleep(night, List.of(), List.of()).provenance().writtenBySyncWell()).isFalse();
    }

    @Test
    void ourSessionIdIsTheSourceRecordsSyncId() {
        ProviderCall call = new ProviderCall("user-1", "googlefit");
        ActivityRecord run = new ActivityRecord(Instant.parse("2024-03-02T17:30:00Z"), Instant.parse("2024-03-02T18:00:00Z"),
                Sport.RUN, "Run", null, null, List.of(), ZoneOffset.UTC, new Provenance("strava", "123", "Garmin"));
        assertThat(GoogleFitProvider.sessionId(call, run)).isEqualTo(SyncIds.of("user-1", run.provenance()));
        ActivityRecord unnamed = new ActivityRecord(run.start(), run.end(), Sport.RUN, "Run", null, null, List.of(), ZoneOffset.UTC,
                new Provenance("strava", null, null));
        assertThat(GoogleFitProvider.sessionId(call, unnamed)).as("no id of its own: type and start name it")
                .isEqualTo(SyncIds.of("user-1", new Provenance("strava", "activities@2024-03-02T17:30:00Z", null)))
                .isNotEqualTo(GoogleFitProvider.sessionId(call, new ActivityRecord(run.start().plusSeconds(60), run.end(), Sport.RUN,
                        "Run", null, null, List.of(), ZoneOffset.UTC, new Provenance("strava", null, null))));
    }

    // sessions: GET /sessions answers, millisecond times as strings

    @Test
    void sessionsCarryMillisecondStringsAndMayLackOptionalFields() throws Exception {
        JsonNode answer = Json.MAPPER.readTree("""
                {"session":[
                  {"id":"1709330400000:com.google.android.apps.fitness:72","name":"Sleep","startTimeMillis":"1709330400000",
                   "endTimeMillis":"1709359200000","modifiedTimeMillis":"1709359260000",
                   "application":{"packageName":"com.google.android.apps.fitness"},"activityType":72},
                  {"id":"syncwell-0a1b","startTimeMillis":1709400600000,"endTimeMillis":1709402400000,
                   "application":{"name":"SyncWell"},"activityType":8},
                  {"id":"running-now","startTimeMillis":"1709401000000","activityType":8},
                  {"id":"empty","startTimeMillis":"1709401000000","endTimeMillis":"1709401000000","activityType":7}],
                 "deletedSession":[],"nextPageToken":"czE6MTI"}""");
        List<FitSession> sessions = GoogleFitSessionMapper.sessions(answer);
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0)).isEqualTo(new FitSession("1709330400000:com.google.android.apps.fitness:72", "Sleep",
                Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-02T06:00:00Z"), 72, "com.google.android.apps.fitness"));
        assertThat(sessions.get(0).isSleep()).isTrue();
        assertThat(sessions.get(1).name()).isNull();
        assertThat(sessions.get(1).application()).isEqualTo("SyncWell");
        assertThat(sessions.get(1).end()).isEqualTo(Instant.parse("2024-03-02T18:00:00Z"));
        assertThat(GoogleFitSessionMapper.sessions(Json.MAPPER.readTree("{}"))).isEmpty();
        assertThat(GoogleFitSessionMapper.sessions(Json.MAPPER.readTree("{\"session\":[],\"deletedSession\":[]}"))).isEmpty();
    }

    @Test
    void malformedSessionsFailTheJob() {
        for (String answer : List.of("{\"session\":{}}",
                "{\"session\":[{\"startTimeMillis\":\"1\",\"endTimeMillis\":\"2\",\"activityType\":8}]}",
                "{\"session\":[{\"id\":\"a\",\"startTimeMillis\":\"1\",\"endTimeMillis\":\"2\"}]}",
                "{\"session\":[{\"id\":\"a\",\"startTimeMillis\":\"9\",\"endTimeMillis\":\"2\",\"activityType\":8}]}",
                "{\"session\":[{\"id\":\"a\",\"startTimeMillis\":\"today\",\"endTimeMillis\":\"2\",\"activityType\":8}]}")) {
            assertThatThrownBy(() -> GoogleFitSessionMapper.sessions(Json.MAPPER.readTree(answer)))
                    .as(answer).isInstanceOf(PermanentSyncException.class);
        }
    }

    // sleep: sleep segments, else sleep activity segments, cut to the session

    @Test
    void aSleepSessionTakesItsStagesFromSleepSegments() throws Exception {
        FitSession night = new FitSession("n1", "Sleep", Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-02T06:00:00Z"),
                72, "com.google.android.apps.fitness");
        List<JsonNode> segments = points("""
                [{"startTimeNanos":"1709329800000000000","endTimeNanos":"1709331600000000000","dataTypeName":"com.google.sleep.segment",
                  "originDataSourceId":"raw:com.google.sleep.segment:com.google.android.gms:Google:PixelWatch2:1a2b:pixel-watch",
                  "value":[{"intVal":4}]},
                 {"startTimeNanos":"1709331600000000000","endTimeNanos":"1709334000000000000","dataTypeName":"com.google.sleep.segment",
                  "value":[{"intVal":5}]},
                 {"startTimeNanos":"1709334000000000000","endTimeNanos":"1709339400000000000","dataTypeName":"com.google.sleep.segment",
                  "value":[{"intVal":6}]},
                 {"startTimeNanos":"1709339400000000000","endTimeNanos":"1709339700000000000","dataTypeName":"com.google.sleep.segment",
                  "value":[{"intVal":3}]},
                 {"startTimeNanos":"1709339700000000000","endTimeNanos":"1709359200000000000","dataTypeName":"com.google.sleep.segment",
                  "value":[{"intVal":0}]},
                 {"startTimeNanos":"1709359200000000000","endTimeNanos":"1709359800000000000","dataTypeName":"com.google.sleep.segment",
                  "value":[{"intVal":1}]}]""");
        SleepRecord sleep = GoogleFitSessionMapper.toSleep(night, segments, List.of());
        assertThat(sleep.start()).isEqualTo(Instant.parse("2024-03-01T22:00:00Z"));
        assertThat(sleep.end()).isEqualTo(Instant.parse("2024-03-02T06:00:00Z"));
        assertThat(sleep.zoneOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(sleep.provenance()).isEqualTo(new Provenance("googlefit", "n1", "com.google.android.apps.fitness"));
        assertThat(sleep.stages()).containsExactly(
                new SleepStage(Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-01T22:20:00Z"), SleepStage.Level.LIGHT),
                new SleepStage(Instant.parse("2024-03-01T22:20:00Z"), Instant.parse("2024-03-01T23:00:00Z"), SleepStage.Level.DEEP),
                new SleepStage(Instant.parse("2024-03-01T23:00:00Z"), Instant.parse("2024-03-02T00:30:00Z"), SleepStage.Level.REM),
                new SleepStage(Instant.parse("2024-03-02T00:30:00Z"), Instant.parse("2024-03-02T00:35:00Z"), SleepStage.Level.AWAKE));
    }

    @Test
    void withoutSleepSegmentsTheOldSleepActivityTypesAreTheStages() throws Exception {
        FitSession night = new FitSession("n2", null, Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-02T06:00:00Z"),
                72, null);
        List<JsonNode> activities = points("""
                [{"startTimeNanos":"1709330400000000000","endTimeNanos":"1709331600000000000","dataTypeName":"com.google.activity.segment",
                  "value":[{"intVal":109}]},
                 {"startTimeNanos":"1709331600000000000","endTimeNanos":"1709334000000000000","dataTypeName":"com.google.activity.segment",
                  "value":[{"intVal":110}]},
                 {"startTimeNanos":"1709334000000000000","endTimeNanos":"1709339400000000000","dataTypeName":"com.google.activity.segment",
                  "value":[{"intVal":111}]},
                 {"startTimeNanos":"1709339400000000000","endTimeNanos":"1709339700000000000","dataTypeName":"com.google.activity.segment",
                  "value":[{"intVal":7}]},
                 {"startTimeNanos":"1709339700000000000","endTimeNanos":"1709359200000000000","dataTypeName":"com.google.activity.segment",
                  "value":[{"intVal":112}]}]""");
        SleepRecord sleep = GoogleFitSessionMapper.toSleep(night, List.of(), activities);
        assertThat(sleep.stages()).extracting(SleepStage::level).containsExactly(SleepStage.Level.LIGHT, SleepStage.Level.DEEP,
                SleepStage.Level.REM, SleepStage.Level.AWAKE);
        assertThat(GoogleFitSessionMapper.toSleep(night, List.of(), List.of()).stages()).as("a night without stages").isEmpty();
    }

    @Test
    void anUnknownSleepSegmentTypeFailsTheJob() throws Exception {
        FitSession night = new FitSession("n3", null, Instant.parse("2024-03-01T22:00:00Z"), Instant.parse("2024-03-02T06:00:00Z"),
                72, null);
        assertThatThrownBy(() -> GoogleFitSessionMapper.toSleep(night, points("""
                [{"startTimeNanos":"1709330400000000000","endTimeNanos":"1709331600000000000","value":[{"intVal":9}]}]"""),
                List.of())).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> GoogleFitSessionMapper.toSleep(night, points("""
                [{"startTimeNanos":"1709330400000000000","endTimeNanos":"1709331600000000000","value":[{"fpVal":4.0}]}]"""),
                List.of())).isInstanceOf(PermanentSyncException.class);
    }

    // workouts: samples on the union of GPS and heart-rate instants; distance deltas; calories in proportion

    @Test
    void aWorkoutSessionAssemblesItsStreams() throws Exception {
        FitSession run = new FitSession("run-1", "Evening Run", Instant.parse("2024-03-02T17:30:00Z"),
                Instant.parse("2024-03-02T18:00:00Z"), 8, "com.strava");
        List<JsonNode> locations = points("""
                [{"startTimeNanos":"1709400599000000000","endTimeNanos":"1709400599000000000","dataTypeName":"com.google.location.sample",
                  "value":[{"fpVal":52.5144},{"fpVal":13.35},{"fpVal":4.0},{"fpVal":33.0}]},
                 {"startTimeNanos":"1709400600000000000","endTimeNanos":"1709400600000000000","dataTypeName":"com.google.location.sample",
                  "value":[{"fpVal":52.5145},{"fpVal":13.3501},{"fpVal":4.0},{"fpVal":34.0}]},
                 {"startTimeNanos":"1709400605000000000","endTimeNanos":"1709400605000000000","dataTypeName":"com.google.location.sample",
                  "value":[{"fpVal":52.5146},{"fpVal":13.3502},{"fpVal":4.0}]}]""");
        List<JsonNode> heartRates = points("""
                [{"startTimeNanos":"1709400600000000000","endTimeNanos":"1709400600000000000","value":[{"fpVal":121.0}]},
                 {"startTimeNanos":"1709400607000000000","endTimeNanos":"1709400607000000000","value":[{"fpVal":125.0}]}]""");
        List<JsonNode> distances = points("""
                [{"startTimeNanos":"1709400600000000000","endTimeNanos":"1709400605000000000","value":[{"fpVal":15.25}]},
                 {"startTimeNanos":"1709400605000000000","endTimeNanos":"1709400610000000000","value":[{"fpVal":15.0}]}]""");
        List<JsonNode> calories = points("""
                [{"startTimeNanos":"1709398800000000000","endTimeNanos":"1709402400000000000","value":[{"fpVal":120.0}]}]""");
        ActivityRecord activity = GoogleFitSessionMapper.toActivity(run, locations, heartRates, distances, calories);
        assertThat(activity.sport()).isEqualTo(Sport.RUN);
        assertThat(activity.name()).isEqualTo("Evening Run");
        assertThat(activity.distanceMetres()).isEqualTo(30.25);
        assertThat(activity.kilocalories()).as("half of the hour's calories point lies in the run").isEqualTo(60.0);
        assertThat(activity.provenance()).isEqualTo(new Provenance("googlefit", "run-1", "com.strava"));
        assertThat(activity.samples()).containsExactly(
                new ActivitySample(Instant.parse("2024-03-02T17:30:00Z"), 52.5145, 13.3501, 34.0, 121.0, 0.0, null, null),
                new ActivitySample(Instant.parse("2024-03-02T17:30:05Z"), 52.5146, 13.3502, null, null, 15.25, null, null),
                new ActivitySample(Instant.parse("2024-03-02T17:30:07Z"), null, null, null, 125.0, 21.25, null, null));
    }

    @Test
    void aWorkoutWithoutStreamsHasNoSamplesAndNoTotals() {
        FitSession yoga = new FitSession("y", null, Instant.parse("2024-03-02T17:30:00Z"), Instant.parse("2024-03-02T18:00:00Z"),
                100, null);
        ActivityRecord activity = GoogleFitSessionMapper.toActivity(yoga, List.of(), List.of(), List.of(), List.of());
        assertThat(activity.sport()).isEqualTo(Sport.YOGA);
        assertThat(activity.samples()).isEmpty();
        assertThat(activity.distanceMetres()).isNull();
        assertThat(activity.kilocalories()).isNull();
    }

    @Test
    void aLocationOffTheGlobeFailsTheJob() throws Exception {
        FitSession run = new FitSession("r", null, Instant.parse("2024-03-02T17:30:00Z"), Instant.parse("2024-03-02T18:00:00Z"), 8, null);
        assertThatThrownBy(() -> GoogleFitSessionMapper.toActivity(run, points("""
                [{"startTimeNanos":"1709400600000000000","endTimeNanos":"1709400600000000000",
                  "value":[{"fpVal":152.5},{"fpVal":13.35},{"fpVal":4.0}]}]"""), List.of(), List.of(), List.of()))
                .isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void sportsMapBothWays() {
        for (Sport sport : Sport.values()) {
            Sport back = GoogleFitSessionMapper.sport(GoogleFitSessionMapper.activityType(sport));
            assertThat(back).as(sport.wire()).isEqualTo(sport == Sport.WORKOUT ? Sport.OTHER : sport);
        }
        assertThat(GoogleFitSessionMapper.sport(58)).as("treadmill running").isEqualTo(Sport.RUN);
        assertThat(GoogleFitSessionMapper.sport(16)).as("road biking").isEqualTo(Sport.RIDE);
        assertThat(GoogleFitSessionMapper.sport(9)).as("aerobics").isEqualTo(Sport.OTHER);
    }

    // writes: session bodies and the points that read back as the same record

    @Test
    void aWorkoutBecomesASessionAndPointsThatReadBackTheSame() {
        Instant start = Instant.parse("2024-03-02T17:30:00Z");
        List<ActivitySample> samples = List.of(
                new ActivitySample(start, 52.5145, 13.3501, 34.0, 121.0, 0.0, 84.0, null),
                new ActivitySample(start.plusSeconds(5), 52.5146, 13.3502, null, 124.0, 15.25, 84.0, null),
                new ActivitySample(start.plusSeconds(10), null, null, null, 126.0, 30.25, null, null));
        ActivityRecord run = new ActivityRecord(start, start.plusSeconds(1800), Sport.RUN, "Matrix Run", 40.0, 352.0, samples,
                ZoneOffset.ofHours(1), new Provenance("fitbit", "4711", null));

        Map<String, Object> session = GoogleFitSessionMapper.sessionBody("syncwell-ab", run, "SyncWell");
        assertThat(Json.MAPPER.valueToTree(session).toString()).isEqualTo("{\"id\":\"syncwell-ab\",\"name\":\"Matrix Run\","
                + "\"activityType\":8,\"startTimeMillis\":\"1709400600000\",\"endTimeMillis\":\"1709402400000\","
                + "\"application\":{\"name\":\"SyncWell\"}}");

        List<Map<String, Object>> locations = GoogleFitSessionMapper.points(FitStream.LOCATION, run);
        assertThat(Json.MAPPER.valueToTree(locations.get(1)).toString()).isEqualTo("{\"startTimeNanos\":\"1709400605000000000\","
                + "\"endTimeNanos\":\"1709400605000000000\",\"dataTypeName\":\"com.google.location.sample\","
                + "\"value\":[{\"fpVal\":52.5146},{\"fpVal\":13.3502},{\"fpVal\":5.0}]}");
        List<Map<String, Object>> distances = GoogleFitSessionMapper.points(FitStream.DISTANCE, run);
        assertThat(distances).extracting(point -> Json.MAPPER.valueToTree(point).path("value").path(0).path("fpVal").asDouble())
                .as("deltas between samples, and the rest of the total to the end").containsExactly(15.25, 15.0, 9.75);
        Map<String, Object> dataset = GoogleFitSessionMapper.dataset("raw:com.google.distance.delta:407408718192:SyncWellSessions", distances);
        assertThat(dataset.get("minStartTimeNs")).isEqualTo("1709400600000000000");
        assertThat(dataset.get("maxEndTimeNs")).isEqualTo("1709402400000000000");

        FitSession written = new FitSession("syncwell-ab", "Matrix Run", start, start.plusSeconds(1800), 8, "SyncWell");
        ActivityRecord readBack = GoogleFitSessionMapper.toActivity(written, tree(locations),
                tree(GoogleFitSessionMapper.points(FitStream.HEART_RATE, run)), tree(distances), tree(GoogleFitSessionMapper.points(FitStream.CALORIES, run)));
        assertThat(readBack.sameValueAs(run)).isTrue();
        assertThat(readBack.samples()).extracting(ActivitySample::time, ActivitySample::latitude, ActivitySample::altitudeMetres,
                ActivitySample::heartRate, ActivitySample::distanceMetres)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(start, 52.5145, 34.0, 121.0, 0.0),
                        org.assertj.core.groups.Tuple.tuple(start.plusSeconds(5), 52.5146, null, 124.0, 15.25),
                        org.assertj.core.groups.Tuple.tuple(start.plusSeconds(10), null, null, 126.0, 30.25));
    }

    @Test
    void aTotalBeyondATrackThatReachesTheEndGoesIntoTheLastDelta() {
        Instant start = Instant.parse("2024-03-02T17:30:00Z");
        ActivityRecord ride = new ActivityRecord(start, start.plusSeconds(600), Sport.RIDE, null, 4150.0, null, List.of(
                new ActivitySample(start, null, null, null, null, 0.0, null, null),
                new ActivitySample(start.plusSeconds(300), null, null, null, null, 2000.0, null, null),
                new ActivitySample(start.plusSeconds(600), null, null, null, null, 4000.0, null, null)),
                ZoneOffset.UTC, new Provenance("strava", "1", null));
        List<Map<String, Object>> distances = GoogleFitSessionMapper.points(FitStream.DISTANCE, ride);
        assertThat(distances).extracting(point -> Json.MAPPER.valueToTree(point).path("value").path(0).path("fpVal").asDouble())
                .containsExactly(2000.0, 2150.0);
        ActivityRecord noTrack = new ActivityRecord(start, start.plusSeconds(600), Sport.RIDE, null, 4150.0, null, List.of(),
                ZoneOffset.UTC, new Provenance("strava", "2", null));
        assertThat(GoogleFitSessionMapper.points(FitStream.DISTANCE, noTrack)).singleElement()
                .satisfies(point -> assertThat(point).containsEntry("startTimeNanos", "1709400600000000000")
                        .containsEntry("endTimeNanos", "1709401200000000000"));
    }

    @Test
    void aSleepBecomesASleepingSessionAndSleepSegments() {
        Instant start = Instant.parse("2024-03-01T22:00:00Z");
        SleepRecord night = new SleepRecord(start, start.plusSeconds(3600), List.of(
                new SleepStage(start, start.plusSeconds(1200), SleepStage.Level.LIGHT),
                new SleepStage(start.plusSeconds(1200), start.plusSeconds(2400), SleepStage.Level.RESTLESS),
                new SleepStage(start.plusSeconds(2400), start.plusSeconds(3600), SleepStage.Level.REM)),
                ZoneOffset.UTC, new Provenance("fitbit", "26589710670", null));
        assertThat(GoogleFitSessionMapper.sessionBody("syncwell-cd", night, "SyncWell")).containsEntry("activityType", 72)
                .containsEntry("name", "Sleep").containsEntry("startTimeMillis", "1709330400000");
        List<Map<String, Object>> segments = GoogleFitSessionMapper.points(FitStream.SLEEP_SEGMENT, night);
        assertThat(segments).extracting(point -> Json.MAPPER.valueToTree(point).path("value").path(0).path("intVal").asInt())
                .as("restless time is time awake in bed, as the providers that score it count it").containsExactly(4, 1, 6);
        assertThat(GoogleFitSessionMapper.points(FitStream.LOCATION, night)).isEmpty();
        SleepRecord readBack = GoogleFitSessionMapper.toSleep(new FitSession("syncwell-cd", "Sleep", start, start.plusSeconds(3600), 72,
                "SyncWell"), tree(segments), List.of());
        assertThat(readBack.stages()).extracting(SleepStage::level)
                .containsExactly(SleepStage.Level.LIGHT, SleepStage.Level.AWAKE, SleepStage.Level.REM);
        assertThat(readBack).as("what Fit keeps is the stored form: a re-run writes nothing")
                .satisfies(kept -> assertThat(kept.sameValueAs(GoogleFitSessionMapper.stored(night))).isTrue());
    }

    @Test
    void aClassicFitbitNightKeepsFitbitsAsleepTotalInFit() {
        // Fitbit: 112 minutes asleep and 6 restless; its minutesAsleep is 112, and so must Fit's sleep segments add up
        Instant start = Instant.parse("2024-03-01T22:30:00Z");
        SleepRecord night = new SleepRecord(start, start.plus(Duration.ofMinutes(130)), List.of(
                new SleepStage(start, start.plus(Duration.ofMinutes(7)), SleepStage.Level.AWAKE),
                new SleepStage(start.plus(Duration.ofMinutes(7)), start.plus(Duration.ofMinutes(67)), SleepStage.Level.ASLEEP),
                new SleepStage(start.plus(Duration.ofMinutes(67)), start.plus(Duration.ofMinutes(73)), SleepStage.Level.RESTLESS),
                new SleepStage(start.plus(Duration.ofMinutes(73)), start.plus(Duration.ofMinutes(125)), SleepStage.Level.ASLEEP),
                new SleepStage(start.plus(Duration.ofMinutes(125)), start.plus(Duration.ofMinutes(130)), SleepStage.Level.AWAKE)),
                ZoneOffset.ofHours(1), new Provenance("fitbit", "26013218219", null));
        assertThat(night.asleep()).isEqualTo(Duration.ofMinutes(112));

        long asleepInFit = 0;
        for (Map<String, Object> point : GoogleFitSessionMapper.points(FitStream.SLEEP_SEGMENT, night)) {
            JsonNode json = Json.MAPPER.valueToTree(point);
            int type = json.path("value").path(0).path("intVal").asInt();
            // Fit's sleep segment types: 1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM
            if (type == 2 || type >= 4) {
                asleepInFit += (Long.parseLong(json.get("endTimeNanos").asText()) - Long.parseLong(json.get("startTimeNanos").asText()))
                        / 60_000_000_000L;
            }
        }
        assertThat(asleepInFit).isEqualTo(112);
    }

    @Test
    void ourSessionIdsAreStablePerSourceRecord() {
        Instant start = Instant.parse("2024-03-01T22:00:00Z");
        SleepRecord night = new SleepRecord(start, start.plusSeconds(3600), List.of(), ZoneOffset.UTC,
                new Provenance("fitbit", "26589710670", null));
        String id = GoogleFitProvider.sessionId(new ProviderCall("user-1", "googlefit"), night);
        assertThat(id).startsWith("syncwell-").hasSize("syncwell-".length() + 32)
                .isEqualTo(GoogleFitProvider.sessionId(new ProviderCall("user-1", "googlefit"), night))
                .isNotEqualTo(GoogleFitProvider.sessionId(new ProviderCall("user-2", "googlefit"), night));
    }

    private static List<JsonNode> points(String json) throws Exception {
        List<JsonNode> points = new java.util.ArrayList<>();
        Json.MAPPER.readTree(json).forEach(points::add);
        return points;
    }

    private static List<JsonNode> tree(List<Map<String, Object>> points) {
        return points.stream().map(point -> (JsonNode) Json.MAPPER.valueToTree(point)).toList();
    }
}
