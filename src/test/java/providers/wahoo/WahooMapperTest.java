package providers.wahoo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.ActivitySample;
import model.Json;
import model.Provenance;
import model.Sport;
import model.SyncIds;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wahoo Cloud API payloads shaped as docs/providers/wahoo.md §2 gives them (derived spec): pages of
 * {@code {workouts[], total, page, per_page, order, sort}}, workouts with {@code starts} as ISO-8601, summaries whose
 * numbers are strings, the FIT file behind {@code file.url}; and the webhook event of docs/providers/wahoo.md §6.
 */
class WahooMapperTest {

    private static final URI FILES = URI.create("https://cdn.wahooligan.test/uploads/");
    private static final URI API = URI.create("https://api.wahooligan.com");

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static final String SUMMARY = """
            {"id":9981234,"ascent_accum":"187.4","calories_accum":"642.0","distance_accum":"32147.8",
             "duration_active_accum":"3540","duration_paused_accum":"72","duration_total_accum":"3612",
             "cadence_avg":"84","heart_rate_avg":"148","power_bike_avg":"211","speed_avg":"8.94","work_accum":"744120",
             "file":{"url":"https://cdn.wahooligan.test/uploads/552233.fit"}}""";

    private static String workout(String starts, String summary) {
        return """
                {"id":552233,"user_id":13374242,"starts":"%s","minutes":60,"name":"Morning Ride","plan_id":null,
                 "workout_token":null,"workout_type_id":0,"workout_summary":%s,
                 "created_at":"2026-03-04T08:05:00.000Z","updated_at":"2026-03-04T08:05:00.000Z"}""".formatted(starts, summary);
    }

    @Test
    void aRideWithItsSummaryBecomesAWorkoutWithTotalsFromTheStringNumbers() throws Exception {
        WahooMapper.Workout workout = WahooMapper.workout(json(workout("2026-03-04T07:00:00.000Z", SUMMARY)));
        WahooMapper.Summary summary = WahooMapper.summary(workout.embeddedSummary(), workout.id());

        ActivityRecord ride = WahooMapper.toRecord(workout, summary, null);

        assertThat(ride.start()).isEqualTo(Instant.parse("2026-03-04T07:00:00Z"));
        assertThat(ride.end()).as("start + duration_total_accum, not minutes").isEqualTo(Instant.parse("2026-03-04T08:00:12Z"));
        assertThat(ride.sport()).isEqualTo(Sport.RIDE);
        assertThat(ride.name()).isEqualTo("Morning Ride");
        assertThat(ride.distanceMetres()).isEqualTo(32147.8);
        assertThat(ride.kilocalories()).isEqualTo(642.0);
        assertThat(ride.samples()).isEmpty();
        assertThat(ride.zoneOffset()).as("Z is the API's UTC, no file to tell the user's offset").isEqualTo(ZoneOffset.UTC);
        assertThat(ride.provenance()).isEqualTo(new Provenance("wahoo", "552233", null));
        assertThat(summary.fileUrl()).isEqualTo("https://cdn.wahooligan.test/uploads/552233.fit");
    }

    @Test
    void streamsAndTheUsersOffsetComeFromTheFitFileWhenStartsIsUtc() throws Exception {
        WahooMapper.Workout workout = WahooMapper.workout(json(workout("2026-03-04T07:00:00.000Z", SUMMARY)));
        ActivitySample sample = new ActivitySample(Instant.parse("2026-03-04T07:00:05Z"), 52.5, 13.35, 34.0, 120.0, 15.0, 84.0, 200.0);
        ActivityRecord fromFile = new ActivityRecord(Instant.parse("2026-03-04T07:00:00Z"), Instant.parse("2026-03-04T08:00:12Z"),
                Sport.RIDE, null, 32147.8, 642.0, List.of(sample), ZoneOffset.ofHours(1), new Provenance("wahoo", "552233", "ELEMNT BOLT"));

        ActivityRecord ride = WahooMapper.toRecord(workout, WahooMapper.summary(workout.embeddedSummary(), 552233), fromFile);

        assertThat(ride.samples()).containsExactly(sample);
        assertThat(ride.zoneOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(ride.provenance().device()).isEqualTo("ELEMNT BOLT");
    }

    @Test
    void anOffsetInStartsIsTheUsersAndWins() throws Exception {
        WahooMapper.Workout workout = WahooMapper.workout(json(workout("2026-03-29T08:30:00-04:00", "null")));
        ActivityRecord fromFile = new ActivityRecord(Instant.parse("2026-03-29T12:30:00Z"), Instant.parse("2026-03-29T13:00:00Z"),
                Sport.RUN, null, null, null, List.of(), ZoneOffset.UTC, new Provenance("wahoo", "552233", null));

        ActivityRecord ride = WahooMapper.toRecord(workout, null, fromFile);

        assertThat(ride.start()).isEqualTo(Instant.parse("2026-03-29T12:30:00Z"));
        assertThat(ride.zoneOffset()).isEqualTo(ZoneOffset.ofHours(-4));
    }

    @Test
    void aWorkoutWithoutSummaryHasItsHeaderMinutesAndNoTotals() throws Exception {
        WahooMapper.Workout workout = WahooMapper.workout(json(workout("2026-03-04T07:00:00.000Z", "null")));

        assertThat(workout.summaryPresence()).isEqualTo(WahooMapper.SummaryPresence.NONE);
        ActivityRecord ride = WahooMapper.toRecord(workout, null, null);
        assertThat(ride.end()).isEqualTo(Instant.parse("2026-03-04T08:00:00Z"));
        assertThat(ride.distanceMetres()).isNull();
        assertThat(ride.kilocalories()).isNull();
    }

    @Test
    void aListThatOmitsTheSummaryMeansItMustBeAskedFor() throws Exception {
        String listed = workout("2026-03-04T07:00:00.000Z", "null").replace("\"workout_summary\":null,", "");
        assertThat(WahooMapper.workout(json(listed)).summaryPresence()).isEqualTo(WahooMapper.SummaryPresence.NOT_LISTED);
    }

    @Test
    void aSummaryWithoutFileOrNumbersIsTotalsUnknownAndNoStreams() throws Exception {
        WahooMapper.Summary summary = WahooMapper.summary(json("""
                {"id":1,"ascent_accum":null,"calories_accum":"","distance_accum":"0.0","duration_total_accum":"1800","file":null}"""), 7);

        assertThat(summary.fileUrl()).isNull();
        assertThat(summary.kilocalories()).isNull();
        assertThat(summary.distanceMetres()).isZero();
        assertThat(summary.totalDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(WahooMapper.summary(json("{\"id\":1,\"file\":{\"url\":null}}"), 7).fileUrl()).isNull();
    }

    @Test
    void garbageInAStringNumberIsRefusedNamingTheField() throws Exception {
        for (String garbage : new String[] {"\"n/a\"", "\"1e3\"", "\" 52.3\"", "\"52,3\"", "\"NaN\"", "true", "{}"}) {
            assertThatThrownBy(() -> WahooMapper.summary(json("{\"id\":1,\"distance_accum\":" + garbage + "}"), 7))
                    .as(garbage).isInstanceOf(PermanentSyncException.class).hasMessageContaining("distance_accum");
        }
        assertThatThrownBy(() -> WahooMapper.summary(json("{\"id\":1,\"heart_rate_avg\":\"fast\"}"), 7))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("heart_rate_avg");
        assertThatThrownBy(() -> WahooMapper.summary(json("{\"id\":1,\"calories_accum\":\"-5\"}"), 7))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("negative");
    }

    @Test
    void aWorkoutWithoutAValidStartOrIdIsRefused() throws Exception {
        assertThatThrownBy(() -> WahooMapper.workout(json(workout("2026-03-04T07:00:00", "null"))))
                .as("no offset").isInstanceOf(PermanentSyncException.class).hasMessageContaining("starts");
        assertThatThrownBy(() -> WahooMapper.workout(json(workout("yesterday", "null")))).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> WahooMapper.workout(json("{\"starts\":\"2026-03-04T07:00:00Z\",\"minutes\":1,\"workout_type_id\":1}")))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> WahooMapper.workout(json(workout("2026-03-04T07:00:00Z", "\"soon\""))))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("workout_summary");
    }

    @Test
    void aWorkoutWithNoDurationAtAllIsNothingToSync() throws Exception {
        WahooMapper.Workout empty = WahooMapper.workout(json(workout("2026-03-04T07:00:00Z", "null").replace("\"minutes\":60", "\"minutes\":0")));
        assertThat(WahooMapper.toRecord(empty, null, null)).isNull();
    }

    @Test
    void pagingEndsWhenPageTimesPerPageReachesTotal() throws Exception {
        WahooMapper.WorkoutPage first = WahooMapper.page(json("""
                {"workouts":[%s,%s],"total":3,"page":1,"per_page":2,"order":"desc","sort":"starts"}"""
                .formatted(workout("2026-03-04T07:00:00Z", "null"), workout("2026-03-03T07:00:00Z", "null"))));
        WahooMapper.WorkoutPage second = WahooMapper.page(json("""
                {"workouts":[%s],"total":3,"page":2,"per_page":2,"order":"desc","sort":"starts"}"""
                .formatted(workout("2026-03-02T07:00:00Z", "null"))));
        WahooMapper.WorkoutPage none = WahooMapper.page(json("{\"workouts\":[],\"total\":0,\"page\":1,\"per_page\":100}"));

        assertThat(first.isLast()).isFalse();
        assertThat(first.newestFirst()).isTrue();
        assertThat(second.isLast()).isTrue();
        assertThat(none.isLast()).isTrue();
        assertThat(none.newestFirst()).as("no order given").isFalse();
    }

    @Test
    void aListWithoutPagingFieldsOrWithMoreItemsThanPerPageIsRefused() throws Exception {
        assertThatThrownBy(() -> WahooMapper.page(json("{\"workouts\":[]}"))).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> WahooMapper.page(json("{\"total\":0,\"page\":1,\"per_page\":30}"))).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> WahooMapper.page(json("""
                {"workouts":[{},{}],"total":2,"page":1,"per_page":1}"""))).isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void workoutTypesMapBothWays() {
        assertThat(WahooMapper.sport(0)).isEqualTo(Sport.RIDE);
        assertThat(WahooMapper.sport(61)).as("indoor trainer").isEqualTo(Sport.RIDE);
        assertThat(WahooMapper.sport(1)).isEqualTo(Sport.RUN);
        assertThat(WahooMapper.sport(5)).as("treadmill").isEqualTo(Sport.RUN);
        assertThat(WahooMapper.sport(6)).isEqualTo(Sport.WALK);
        assertThat(WahooMapper.sport(9)).isEqualTo(Sport.HIKE);
        assertThat(WahooMapper.sport(255)).isEqualTo(Sport.OTHER);
        assertThat(WahooMapper.sport(12345)).isEqualTo(Sport.OTHER);
        for (Sport sport : Sport.values()) {
            Sport back = WahooMapper.sport(WahooMapper.workoutTypeId(sport));
            assertThat(back).as(sport.wire()).isEqualTo(sport == Sport.STRENGTH ? Sport.WORKOUT : sport);
        }
    }

    @Test
    void theWorkoutBodyCarriesTheUsersOffsetWholeMinutesAndOurToken() {
        ActivityRecord run = new ActivityRecord(Instant.parse("2026-03-04T17:30:00Z"), Instant.parse("2026-03-04T18:00:40Z"),
                Sport.RUN, null, 5490.0, 352.0, List.of(), ZoneOffset.ofHours(1), new Provenance("strava", "123", null));
        String token = WahooMapper.workoutToken("user-1", run.provenance());

        JsonNode body = WahooMapper.workoutBody(run, token).get("workout");

        assertThat(body.get("starts").asText()).isEqualTo("2026-03-04T18:30:00+01:00");
        assertThat(body.get("minutes").asInt()).isEqualTo(31);
        assertThat(body.get("name").asText()).isEqualTo("Run");
        assertThat(body.get("workout_type_id").asInt()).isEqualTo(1);
        assertThat(body.get("workout_token").asText()).isEqualTo(token).startsWith("syncwell-");
        assertThat(WahooMapper.workoutToken("user-1", new Provenance("strava", "123", "x"))).as("deterministic").isEqualTo(token);
        assertThat(WahooMapper.workoutToken("user-2", run.provenance())).isNotEqualTo(token);
        assertThat(WahooMapper.workoutToken("user-1", new Provenance("fitbit", "123", null))).isNotEqualTo(token);
    }

    @Test
    void ourOwnWorkoutsAreMarkedSoOnlyTheyCanBeReplaced() throws Exception {
        String token = SyncIds.of("user-1", new Provenance("strava", "123", null));
        String ours = workout("2026-03-04T07:00:00Z", "null").replace("\"workout_token\":null", "\"workout_token\":\"" + token + "\"");
        WahooMapper.Workout workout = WahooMapper.workout(json(ours));
        ActivityRecord record = WahooMapper.toRecord(workout, null, null);
        assertThat(record.provenance().device()).isEqualTo(WahooMapper.OWN_DEVICE);
        assertThat(record.provenance().syncId()).as("the workout_token is our sync id (loop safety)").isEqualTo(token);
        assertThat(WahooMapper.provenance(workout).syncId()).as("what the FIT reader names").isEqualTo(token);
    }

    @Test
    void aDevicesWorkoutCarriesNoSyncId() throws Exception {
        ActivityRecord device = WahooMapper.toRecord(WahooMapper.workout(json(workout("2026-03-04T07:00:00Z", "null"))), null, null);
        assertThat(device.provenance().writtenBySyncWell()).isFalse();
        String foreign = workout("2026-03-04T07:00:00Z", "null").replace("\"workout_token\":null", "\"workout_token\":\"plan-42\"");
        assertThat(WahooMapper.toRecord(WahooMapper.workout(json(foreign)), null, null).provenance().syncId())
                .as("another app's token").isNull();
    }

    @Test
    void uploadStatesAreReadStrictly() throws Exception {
        WahooMapper.Upload queued = WahooMapper.upload(json("{\"token\":\"abc123\",\"state\":\"queued\",\"workout_id\":null,\"error\":null}"));
        WahooMapper.Upload done = WahooMapper.upload(json("{\"token\":\"abc123\",\"state\":\"completed\",\"workout_id\":9839,\"error\":null}"));
        WahooMapper.Upload failed = WahooMapper.upload(json("{\"token\":\"abc123\",\"state\":\"failed\",\"workout_id\":null,\"error\":\"duplicate\"}"));

        assertThat(queued.finished()).isFalse();
        assertThat(done.finished()).isTrue();
        assertThat(done.workoutId()).isEqualTo(9839L);
        assertThat(failed.failed()).isTrue();
        assertThatThrownBy(() -> WahooMapper.upload(json("{\"token\":\"abc\",\"state\":\"done\"}"))).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> WahooMapper.upload(json("{\"token\":\"../x\",\"state\":\"queued\"}"))).isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void fileUrlsAreFollowedOnlyToTheConfiguredFileHost() {
        assertThat(WahooMapper.fileUri("https://cdn.wahooligan.test/uploads/552233.fit", FILES, API)).hasHost("cdn.wahooligan.test");
        for (String url : new String[] {
                "https://evil.example/uploads/552233.fit",
                "https://cdn.wahooligan.test.evil.example/uploads/1.fit",
                "http://cdn.wahooligan.test/uploads/1.fit",
                "https://cdn.wahooligan.test:8443/uploads/1.fit",
                "https://cdn.wahooligan.test/other/1.fit",
                "https://cdn.wahooligan.test/uploads/../admin",
                "https://cdn.wahooligan.test/uploads/%2e%2e/admin",
                "https://user@cdn.wahooligan.test/uploads/1.fit",
                "file:///etc/passwd",
                "http://169.254.169.254/latest/meta-data/",
                "/uploads/1.fit",
                "not a url"}) {
            assertThatThrownBy(() -> WahooMapper.fileUri(url, FILES, API)).as(url).isInstanceOf(PermanentSyncException.class);
        }
    }

    @Test
    void plainHttpIsAcceptedOnlyUnderTheConfiguredApiBaseUrlAsTheLocalSandboxServesIt() {
        URI sandboxApi = URI.create("http://localhost:8089/wahoo");
        URI sandboxFiles = URI.create("http://localhost:8089/wahoo/files/");
        assertThat(WahooMapper.fileUri("http://localhost:8089/wahoo/files/ab.fit", sandboxFiles, sandboxApi)).hasPort(8089);
        assertThatThrownBy(() -> WahooMapper.fileUri("http://localhost:8090/wahoo/files/ab.fit", sandboxFiles, sandboxApi))
                .isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> WahooMapper.fileUri("http://localhost:8089/fitbit/x.fit", sandboxFiles, sandboxApi))
                .isInstanceOf(PermanentSyncException.class);
    }

    @Test
    void theWebhookNeedsTheConfiguredTokenAndNamesTheUser() {
        String event = """
                {"event":"workout_summary","user":{"id":13374242},"webhook_token":"wh_secret",
                 "workout_summary":%s}""".formatted(SUMMARY);

        assertThat(WahooWebhooks.receive(event, "wh_secret"))
                .containsExactly(new PushNotification("13374242", java.util.EnumSet.of(model.DataType.ACTIVITIES), false));
        for (String configured : new String[] {"other", "", null}) {
            assertThatThrownBy(() -> WahooWebhooks.receive(event, configured)).isInstanceOfSatisfying(
                    PushReceiver.PushRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
        assertThatThrownBy(() -> WahooWebhooks.receive(event.replace("\"webhook_token\":\"wh_secret\",", ""), "wh_secret"))
                .isInstanceOfSatisfying(PushReceiver.PushRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> WahooWebhooks.receive("not json", "wh_secret"))
                .isInstanceOfSatisfying(PushReceiver.PushRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(WahooWebhooks.receive("{\"event\":\"workout_deleted\",\"user\":{\"id\":1},\"webhook_token\":\"wh_secret\"}", "wh_secret"))
                .as("other events are accepted and ignored").isEmpty();
        assertThat(WahooWebhooks.verify()).isEqualTo(404);
    }
}
