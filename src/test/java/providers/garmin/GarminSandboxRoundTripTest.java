package providers.garmin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import model.ActivityRecord;
import model.Json;
import model.SleepRecord;
import model.TimeWindow;
import providers.garmin.GarminMapper.LatestSummaries;
import providers.garmin.GarminMapper.SummaryType;
import sandbox.ProviderSandbox;
import sandbox.common.SandboxSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's Garmin twin read the way {@link GarminProvider} reads it — OAuth 2.0, the user id endpoint, day-long
 * upload-range pulls, latest upload per summaryId, {@link GarminMapper} — must give exactly what the sandbox's test
 * API lists, for generated history and seeded data of every type (sleep and activities have no destination yet, so
 * the provider matrix cannot cover them).
 */
class GarminSandboxRoundTripTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String USER = "TROUNDTRIP1";
    private static ProviderSandbox sandbox;
    private static String token;
    /** When the seeded records start; kept so that a test run across a minute boundary still finds them. */
    private static Instant seededBase;

    @BeforeAll
    static void linkAnAccount() throws Exception {
        sandbox = new ProviderSandbox(new SandboxSettings(0, Duration.ofDays(3), Duration.ofHours(1), "client", "secret"));
        sandbox.start();
        String redirect = "http://localhost/callback";
        HttpResponse<String> approval = get(sandbox.baseUrl() + "/garmin/oauth2Confirm?response_type=code&client_id=client&redirect_uri="
                + encode(redirect) + "&state=s&login_hint=" + USER, null);
        assertThat(approval.statusCode()).isEqualTo(302);
        String location = approval.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        HttpResponse<String> tokens = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/garmin/di-oauth2-service/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=client&client_secret=secret&code=" + code
                        + "&redirect_uri=" + encode(redirect))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(tokens.body());
        assertThat(answer.has("user_id")).as("Garmin's token answer does not name the user").isFalse();
        token = answer.get("access_token").asText();

        // seeded on top of the generated history, as the matrix test seeds them
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        seededBase = base;
        // off the generator's 30-s bedtime grid: Garmin names a sleep by its start second, and a seeded night starting
        // with a generated one would replace it instead of adding to the history
        Instant asleep = base.plusSeconds(15);
        seed("sleep", "[{\"start\":\"" + asleep + "\",\"end\":\"" + asleep.plusSeconds(3600) + "\",\"stages\":["
                + "{\"start\":\"" + asleep + "\",\"end\":\"" + asleep.plusSeconds(1800) + "\",\"level\":\"light\"},"
                + "{\"start\":\"" + asleep.plusSeconds(1800) + "\",\"end\":\"" + asleep.plusSeconds(3600) + "\",\"level\":\"deep\"}]}]");
        seed("activities", "[{\"start\":\"" + base.plusSeconds(7200) + "\",\"end\":\"" + base.plusSeconds(9000) + "\",\"sport\":\"hike\","
                + "\"name\":\"Seeded Hike\",\"distanceMetres\":3000.5,\"samples\":[{\"time\":\"" + base.plusSeconds(7200)
                + "\",\"latitude\":52.1,\"longitude\":13.2,\"heartRate\":99}]}]");
        seed("steps", "[{\"start\":\"" + base + "\",\"end\":\"" + base.plusSeconds(60) + "\",\"count\":57}]");
        seed("heart_rate", "[{\"time\":\"" + base + "\",\"bpm\":67}]");
        seed("weight", "[{\"time\":\"" + base.plusSeconds(11) + "\",\"kg\":70.55}]");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theUserIdEndpointNamesTheUserOfTheToken() throws Exception {
        assertThat(Json.MAPPER.readTree(get(sandbox.baseUrl() + "/garmin/wellness-api/rest/user/id", token).body()).get("userId").asText())
                .isEqualTo(USER);
    }

    @Test
    void aPullRangeIsAtMostADayAndNeedsAToken() throws Exception {
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> tooLong = get(sandbox.baseUrl() + "/garmin/wellness-api/rest/epochs?uploadStartTimeInSeconds=" + (now - 86_401)
                + "&uploadEndTimeInSeconds=" + now, token);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(tooLong.body()).has("errorMessage")).isTrue();
        assertThat(get(sandbox.baseUrl() + "/garmin/wellness-api/rest/epochs?uploadStartTimeInSeconds=1&uploadEndTimeInSeconds=2", null)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void stepsReadByPullAreWhatTheSandboxLists() throws Exception {
        List<String> read = GarminMapper.epochSteps(pull(SummaryType.EPOCHS), window()).stream()
                .map(s -> s.start() + "/" + s.end() + "=" + s.count()).toList();
        List<String> listed = new ArrayList<>();
        listed("steps").forEach(e -> listed.add(Instant.parse(e.get("start").asText()) + "/" + Instant.parse(e.get("end").asText())
                + "=" + e.get("count").asLong()));
        assertThat(read).hasSizeGreaterThan(50).containsExactlyElementsOf(listed);
    }

    @Test
    void heartRatesReadByPullAreWhatTheSandboxLists() throws Exception {
        List<String> read = GarminMapper.dailyHeartRates(pull(SummaryType.DAILIES), window()).stream()
                .map(h -> h.time() + "=" + Math.round(h.bpm())).toList();
        List<String> listed = new ArrayList<>();
        listed("heart_rate").forEach(e -> listed.add(Instant.parse(e.get("time").asText()) + "=" + e.get("bpm").asLong()));
        assertThat(read).hasSizeGreaterThan(1000).containsExactlyElementsOf(listed);
    }

    @Test
    void weightsReadByPullAreWhatTheSandboxLists() throws Exception {
        List<String> read = GarminMapper.bodyComps(pull(SummaryType.BODY_COMPS), window()).stream()
                .map(w -> w.time() + "=" + w.kilograms()).toList();
        List<String> listed = new ArrayList<>();
        listed("weight").forEach(e -> listed.add(Instant.parse(e.get("time").asText()) + "=" + e.get("kg").asDouble()));
        assertThat(read).contains(seededBase.plusSeconds(11) + "=70.55")
                .containsExactlyElementsOf(listed);
    }

    @Test
    void sleepsReadByPullAreWhatTheSandboxLists() throws Exception {
        List<String> read = GarminMapper.sleeps(pull(SummaryType.SLEEPS), window()).stream().map(GarminSandboxRoundTripTest::sleep).toList();
        List<String> listed = new ArrayList<>();
        listed("sleep").forEach(e -> {
            StringBuilder text = new StringBuilder(Instant.parse(e.get("start").asText()) + "/" + Instant.parse(e.get("end").asText()));
            e.get("stages").forEach(s -> text.append(' ').append(s.get("level").asText()).append('@')
                    .append(Instant.parse(s.get("start").asText())).append('/').append(Instant.parse(s.get("end").asText())));
            listed.add(text.toString());
        });
        assertThat(read).hasSizeGreaterThanOrEqualTo(3).containsExactlyElementsOf(listed);
    }

    @Test
    void activitiesReadByPullAreWhatTheSandboxLists() throws Exception {
        List<String> read = GarminActivityMapper.activities(pull(SummaryType.ACTIVITIES), pull(SummaryType.ACTIVITY_DETAILS), window()).stream()
                .map(GarminSandboxRoundTripTest::activity).toList();
        List<String> listed = new ArrayList<>();
        listed("activities").forEach(e -> {
            StringBuilder text = new StringBuilder(Instant.parse(e.get("start").asText()) + "/" + Instant.parse(e.get("end").asText())
                    + " " + e.get("sport").asText() + " " + Math.round(e.path("distanceMetres").asDouble()) + "m");
            e.get("samples").forEach(s -> text.append(String.format(Locale.ROOT, " %s:%d@%.5f,%.5f", Instant.parse(s.get("time").asText()),
                    Math.round(s.path("heartRate").asDouble()), s.path("latitude").asDouble(), s.path("longitude").asDouble())));
            listed.add(text.toString());
        });
        assertThat(read).anyMatch(a -> a.contains(" hike 3001m")).containsExactlyElementsOf(listed);
    }

    private static String sleep(SleepRecord sleep) {
        StringBuilder text = new StringBuilder(sleep.start() + "/" + sleep.end());
        sleep.stages().forEach(s -> text.append(' ').append(s.level().wire()).append('@').append(s.start()).append('/').append(s.end()));
        return text.toString();
    }

    private static String activity(ActivityRecord activity) {
        StringBuilder text = new StringBuilder(activity.start() + "/" + activity.end() + " " + activity.sport().wire() + " "
                + Math.round(activity.distanceMetres() == null ? 0 : activity.distanceMetres()) + "m");
        activity.samples().forEach(s -> text.append(String.format(Locale.ROOT, " %s:%d@%.5f,%.5f", s.time(),
                Math.round(s.heartRate() == null ? 0 : s.heartRate()), s.latitude() == null ? 0 : s.latitude(),
                s.longitude() == null ? 0 : s.longitude())));
        return text.toString();
    }

    private static TimeWindow window() {
        return new TimeWindow(Instant.now().minus(Duration.ofDays(5)), Instant.now().plus(Duration.ofDays(1)));
    }

    /** As GarminProvider pulls: day-long upload ranges from four days back until a second after now. */
    private static List<JsonNode> pull(SummaryType type) throws Exception {
        LatestSummaries latest = new LatestSummaries(type);
        long now = Instant.now().getEpochSecond() + 1;
        for (long start = now - 4 * 86_400; start < now; start += 86_400) {
            HttpResponse<String> answer = get(sandbox.baseUrl() + "/garmin/wellness-api/rest/" + type.key + "?uploadStartTimeInSeconds="
                    + start + "&uploadEndTimeInSeconds=" + Math.min(start + 86_400, now), token);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            latest.add(GarminMapper.summaries(Json.MAPPER.readTree(answer.body()), type));
        }
        return latest.values();
    }

    private static JsonNode listed(String type) throws Exception {
        return Json.MAPPER.readTree(get(sandbox.baseUrl() + "/_sandbox/garmin/users/" + USER + "/" + type, null).body());
    }

    private static void seed(String type, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/garmin/users/" + USER + "/" + type))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
