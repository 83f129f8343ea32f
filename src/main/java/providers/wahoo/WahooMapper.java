package providers.wahoo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.Json;
import model.Provenance;
import model.Sport;
import model.SyncIds;
import providers.http.WireValues;

/**
 * Wahoo Cloud API wire format (docs/providers/wahoo.md §2, §3) ↔ canonical activities. Pure: no I/O. The field lists come from a
 * derived (third-party) OpenAPI, so every answer is checked and anything unexpected is a {@link PermanentSyncException}
 * naming the field — never a partial record.
 *
 * <p>{@code workout_summary} numbers arrive as strings ({@code "52.3"}): they are parsed strictly (a plain decimal,
 * nothing else). {@code starts} is ISO-8601 with an offset; {@code Z} is read as "the API answers in UTC", so the
 * user's offset then comes from the FIT file's local timestamp.
 */
final class WahooMapper {

    private static final WireValues WIRE = new WireValues(WahooProvider.ID);

    static final String PROVIDER = "wahoo";
    /** The provenance device of workouts we wrote (our sync id as workout_token); their sync id says so too. */
    static final String OWN_DEVICE = "app:syncwell";

    /** A plain decimal as Wahoo writes it: optional minus, digits, optional fraction. No exponent, no spaces. */
    private static final Set<String> UPLOAD_STATES = Set.of("queued", "processing", "completed", "failed");

    /**
     * workout_type_id ↔ sport. The ids are Wahoo's workout type list as the derived spec and community clients give it
     * (0 BIKING, 1 RUNNING, 2 FE, 3 RUNNING_TRACK, 4 RUNNING_TRAIL, 5 RUNNING_TREADMILL, 6 WALKING, 7 WALKING_SPEED,
     * 8 WALKING_NORDIC, 9 HIKING, 10 MOUNTAINEERING, 11-17 BIKING_* (cyclocross, indoor, mountain, recumbent, road,
     * track, motocycling), 18-23 FE_* (general, treadmill, elliptical, bike, rower, climber), 25 SWIMMING_LAP,
     * 26 SWIMMING_OPEN_WATER, 39 ROWING, 42 WORKOUT, 43 CARDIO_CLASS, 44 STAIR_CLIMBER, 47 OTHER,
     * 49 BIKING_INDOOR_CYCLING_CLASS, 56 WALKING_TREADMILL, 61 BIKING_INDOOR_TRAINER, 64 EBIKING, 66 YOGA,
     * 255 UNKNOWN); not verified against vendor text. Unlisted ids read as OTHER.
     */
    private static final Map<Integer, Sport> SPORTS = sports();
    /** What we write for each sport. Wahoo has no strength type: STRENGTH goes out as WORKOUT (42) and reads back so. */
    private static final Map<Sport, Integer> TYPE_IDS = Map.of(Sport.RIDE, 0, Sport.RUN, 1, Sport.WALK, 6, Sport.HIKE, 9,
            Sport.SWIM, 25, Sport.ROW, 39, Sport.STRENGTH, 42, Sport.WORKOUT, 42, Sport.YOGA, 66, Sport.OTHER, 47);

    private WahooMapper() {
    }

    private static Map<Integer, Sport> sports() {
        Map<Integer, Sport> sports = new java.util.HashMap<>();
        for (int id : new int[] {0, 11, 12, 13, 14, 15, 16, 21, 49, 61, 64}) {
            sports.put(id, Sport.RIDE);
        }
        for (int id : new int[] {1, 3, 4, 5, 19}) {
            sports.put(id, Sport.RUN);
        }
        for (int id : new int[] {6, 7, 8, 56}) {
            sports.put(id, Sport.WALK);
        }
        sports.put(9, Sport.HIKE);
        sports.put(10, Sport.HIKE);
        sports.put(25, Sport.SWIM);
        sports.put(26, Sport.SWIM);
        sports.put(22, Sport.ROW);
        sports.put(39, Sport.ROW);
        for (int id : new int[] {2, 18, 20, 23, 42, 43, 44}) {
            sports.put(id, Sport.WORKOUT);
        }
        sports.put(66, Sport.YOGA);
        return Map.copyOf(sports);
    }

    static Sport sport(int workoutTypeId) {
        return SPORTS.getOrDefault(workoutTypeId, Sport.OTHER);
    }

    static int workoutTypeId(Sport sport) {
        return TYPE_IDS.getOrDefault(sport, 47);
    }

    /** One page of {@code GET /v1/workouts}: {@code {workouts[], total, page, per_page, order, sort}}. */
    record WorkoutPage(List<JsonNode> workouts, long total, int page, int perPage, boolean newestFirst) {

        /** The documented end: this page and those before it hold all {@code total} workouts. */
        boolean isLast() {
            return workouts.isEmpty() || (long) page * perPage >= total;
        }
    }

    static WorkoutPage page(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            throw invalid("workout list is not a JSON object");
        }
        JsonNode workouts = answer.get("workouts");
        if (workouts == null || !workouts.isArray()) {
            throw invalid("workout list has no workouts array");
        }
        long total = integer(answer, "total", "workout list");
        int page = (int) integer(answer, "page", "workout list");
        int perPage = (int) integer(answer, "per_page", "workout list");
        if (total < 0 || page < 1 || perPage < 1 || workouts.size() > perPage) {
            throw invalid("workout list has inconsistent paging (total, page, per_page)");
        }
        List<JsonNode> items = new ArrayList<>();
        workouts.forEach(items::add);
        boolean newestFirst = "desc".equalsIgnoreCase(answer.path("order").asText(""))
                && "starts".equalsIgnoreCase(answer.path("sort").asText(""));
        return new WorkoutPage(items, total, page, perPage, newestFirst);
    }

    /** Whether the workout's summary came with it in the list, is explicitly absent, or must be asked for. */
    enum SummaryPresence { EMBEDDED, NONE, NOT_LISTED }

    /** A workout header: {@code {id, starts, minutes, name, workout_type_id, workout_token, workout_summary, ...}}. */
    record Workout(long id, OffsetDateTime starts, boolean localOffset, int minutes, String name, int workoutTypeId,
                   String workoutToken, SummaryPresence summaryPresence, JsonNode embeddedSummary) {

        Instant start() {
            return starts.toInstant();
        }

        boolean ours() {
            return SyncIds.isSyncId(workoutToken);
        }
    }

    static Workout workout(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("workout is not a JSON object");
        }
        long id = integer(node, "id", "workout");
        String startsText = node.path("starts").asText("");
        OffsetDateTime starts;
        try {
            starts = OffsetDateTime.parse(startsText, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw invalid("workout " + id + " has no ISO-8601 starts with an offset");
        }
        // "Z" is how a Rails API writes UTC, not the user's zone; any other offset is the user's own
        boolean localOffset = !startsText.endsWith("Z") && !startsText.endsWith("z");
        long minutes = integer(node, "minutes", "workout " + id);
        if (minutes < 0 || minutes > 100_000) {
            throw invalid("workout " + id + " has an impossible minutes value");
        }
        int typeId = (int) integer(node, "workout_type_id", "workout " + id);
        JsonNode name = node.get("name");
        JsonNode token = node.get("workout_token");
        JsonNode summary = node.get("workout_summary");
        SummaryPresence presence;
        if (summary == null) {
            presence = SummaryPresence.NOT_LISTED;
        } else if (summary.isNull()) {
            presence = SummaryPresence.NONE;
        } else if (summary.isObject()) {
            presence = SummaryPresence.EMBEDDED;
        } else {
            throw invalid("workout " + id + " has a workout_summary that is not an object");
        }
        return new Workout(id, starts, localOffset, (int) minutes, name == null || name.isNull() ? null : name.asText(),
                typeId, token == null || token.isNull() || token.asText().isEmpty() ? null : token.asText(), presence,
                presence == SummaryPresence.EMBEDDED ? summary : null);
    }

    /** A workout_summary's totals, parsed from their string form; null where Wahoo gives none. */
    record Summary(Double distanceMetres, Double kilocalories, Duration totalDuration, String fileUrl) {
    }

    static Summary summary(JsonNode node, long workoutId) {
        if (node == null || !node.isObject()) {
            throw invalid("workout_summary of workout " + workoutId + " is not a JSON object");
        }
        String what = "workout_summary of workout " + workoutId;
        Double distance = number(node, "distance_accum", what);
        Double kcal = number(node, "calories_accum", what);
        Double total = number(node, "duration_total_accum", what);
        // validated although unused: a garbage value anywhere means the answer is not what we think it is
        for (String field : new String[] {"ascent_accum", "duration_active_accum", "duration_paused_accum", "cadence_avg",
                "heart_rate_avg", "power_bike_avg", "speed_avg", "work_accum"}) {
            number(node, field, what);
        }
        if ((distance != null && distance < 0) || (kcal != null && kcal < 0) || (total != null && total < 0)) {
            throw invalid(what + " has a negative total");
        }
        JsonNode file = node.get("file");
        String url = null;
        if (file != null && !file.isNull()) {
            JsonNode urlNode = file.get("url");
            if (!file.isObject() || (urlNode != null && !urlNode.isNull() && !urlNode.isTextual())) {
                throw invalid(what + " has a file that is not {url}");
            }
            url = urlNode == null || urlNode.isNull() || urlNode.asText().isBlank() ? null : urlNode.asText();
        }
        return new Summary(distance, kcal, total == null ? null : Duration.ofMillis(Math.round(total * 1000)), url);
    }

    /**
     * The canonical workout. End = start + duration_total_accum, else + minutes, else the FIT file's elapsed time;
     * null for a workout with no duration at all (nothing to sync). The offset is the one {@code starts} carries,
     * else the FIT file's, else UTC.
     */
    static ActivityRecord toRecord(Workout workout, Summary summary, ActivityRecord fromFile) {
        Instant start = workout.start();
        Duration elapsed = summary != null && summary.totalDuration() != null && !summary.totalDuration().isZero()
                ? summary.totalDuration()
                : workout.minutes() > 0 ? Duration.ofMinutes(workout.minutes())
                : fromFile != null ? fromFile.elapsed() : Duration.ZERO;
        if (elapsed.isZero() || elapsed.isNegative()) {
            return null;
        }
        ZoneOffset offset = workout.localOffset() ? workout.starts().getOffset()
                : fromFile != null && fromFile.zoneOffset() != null ? fromFile.zoneOffset() : ZoneOffset.UTC;
        String device = workout.ours() ? OWN_DEVICE
                : fromFile != null && fromFile.provenance() != null ? fromFile.provenance().device() : null;
        Provenance provenance = new Provenance(PROVIDER, Long.toString(workout.id()), device);
        return new ActivityRecord(start, start.plus(elapsed), sport(workout.workoutTypeId()), workout.name(),
                summary == null ? null : summary.distanceMetres(), summary == null ? null : summary.kilocalories(),
                fromFile == null ? List.of() : fromFile.samples(), offset,
                workout.ours() ? provenance.withSyncId(workout.workoutToken()) : provenance,
                fromFile == null ? List.of() : fromFile.laps());
    }

    /**
     * The provenance handed to the FIT reader, so what it reads names this workout; a workout we wrote carries its
     * workout_token as sync id (loop safety).
     */
    static Provenance provenance(Workout workout) {
        return workout.ours() ? new Provenance(PROVIDER, Long.toString(workout.id()), OWN_DEVICE, workout.workoutToken())
                : new Provenance(PROVIDER, Long.toString(workout.id()), null);
    }

    /** {@code POST /v1/workouts} body: {@code {workout:{starts, minutes, name, workout_type_id, workout_token}}}. */
    static ObjectNode workoutBody(ActivityRecord record, String workoutToken) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ZoneOffset offset = record.zoneOffset() == null ? ZoneOffset.UTC : record.zoneOffset();
        long minutes = Math.max(1, Math.round(record.elapsed().toMillis() / 60_000.0));
        body.putObject("workout")
                .put("starts", OffsetDateTime.ofInstant(record.start(), offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("minutes", minutes)
                .put("name", record.name() == null || record.name().isBlank() ? defaultName(record.sport()) : record.name())
                .put("workout_type_id", workoutTypeId(record.sport()))
                .put("workout_token", workoutToken);
        return body;
    }

    private static String defaultName(Sport sport) {
        String wire = sport.wire();
        return Character.toUpperCase(wire.charAt(0)) + wire.substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * Our workout_token for a source record written for this user: its sync id ({@link SyncIds}), so the same source
     * workout always gets the same token and a retried write can find what an earlier attempt created.
     */
    static String workoutToken(String userId, Provenance source) {
        return SyncIds.of(userId, source);
    }

    /** {@code POST /v1/workouts} answer: the created workout's id. */
    static long createdWorkoutId(JsonNode answer) {
        JsonNode workout = answer != null && answer.has("workout") && answer.get("workout").isObject() ? answer.get("workout") : answer;
        if (workout == null || !workout.isObject()) {
            throw invalid("created workout answer is not a JSON object");
        }
        return integer(workout, "id", "created workout");
    }

    /** An upload's state: {@code {token, state: queued|processing|completed|failed, workout_id, error}}. */
    record Upload(String token, String state, Long workoutId, String error) {

        boolean finished() {
            return "completed".equals(state) || "failed".equals(state);
        }

        boolean failed() {
            return "failed".equals(state);
        }
    }

    static Upload upload(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            throw invalid("file upload answer is not a JSON object");
        }
        String token = answer.path("token").asText("");
        if (token.isBlank() || !token.matches("[A-Za-z0-9_-]{1,128}")) {
            throw invalid("file upload answer has no usable token");
        }
        String state = answer.path("state").asText("");
        if (!UPLOAD_STATES.contains(state)) {
            throw invalid("file upload answer has an unknown state");
        }
        JsonNode workoutId = answer.get("workout_id");
        Long id = workoutId == null || workoutId.isNull() ? null : integer(answer, "workout_id", "file upload");
        JsonNode error = answer.get("error");
        return new Upload(token, state, id, error == null || error.isNull() ? null : error.asText());
    }

    /**
     * The FIT file URL of a summary, only where we may fetch it: same scheme, host and port as the configured file
     * base URL and under its path, no user info, no dot segments; https, unless it is under our own API base URL
     * (the local sandbox speaks http). Anything else would let a forged or compromised answer point our HTTP client,
     * with the user's bearer token, at another host (SSRF).
     */
    static URI fileUri(String url, URI fileBase, URI apiBase) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("workout file URL is not a URL");
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean plain = uri.isAbsolute() && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                && !rawPath.contains("..") && !rawPath.toLowerCase(Locale.ROOT).contains("%2e") && !rawPath.contains("\\")
                && !rawPath.toLowerCase(Locale.ROOT).contains("%2f") && !rawPath.toLowerCase(Locale.ROOT).contains("%5c");
        if (!plain || !sameOrigin(uri, fileBase) || !rawPath.startsWith(fileBase.getRawPath() == null ? "" : fileBase.getRawPath())) {
            throw invalid("workout file URL is not under the configured file base URL");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean underApi = sameOrigin(uri, apiBase) && rawPath.startsWith(apiBase.getRawPath() == null ? "" : apiBase.getRawPath());
        if (!https && !underApi) {
            throw invalid("workout file URL is not https");
        }
        return uri;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Double number(JsonNode node, String field, String what) {
        return WIRE.optionalNumber(node.get(field), field + " of " + what);
    }

    private static long integer(JsonNode node, String field, String what) {
        return WIRE.integer(node.get(field), field + " of " + what);
    }

    private static PermanentSyncException invalid(String reason) {
        return new PermanentSyncException("wahoo answered unexpectedly: " + reason);
    }
}
