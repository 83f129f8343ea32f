package sandbox.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import model.SleepStage;
import model.Sport;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/**
 * A Google Fit session ({@code users.sessions}): a named period of one activity type, its times in milliseconds.
 * A session holds no data itself: the points of the data sources within its period are its data (sleep stages,
 * GPS, heart rate, distance, calories).
 *
 * @param createdByClient true for sessions the API client wrote; only those take its updates and deletions
 * @param version         the account's session change counter when it was last written, for the list's sync tokens
 * @param deleted         a deletion kept so an incremental list with {@code includeDeleted} can report it
 */
record GoogleFitSession(String id, String name, String description, long startMillis, long endMillis, int activityType,
                        ObjectNode application, Long activeTimeMillis, long modifiedMillis, long version,
                        boolean createdByClient, boolean deleted) {

    /** Activity type "Sleeping"; 109-112 are the sleep stages older apps wrote as activity segments. */
    static final int SLEEPING = 72;
    static final int LIGHT_SLEEP = 109;
    static final int DEEP_SLEEP = 110;
    static final int REM_SLEEP = 111;
    static final int AWAKE_DURING_SLEEP = 112;
    /** What SyncWell's sports are in Google Fit's activity types (README lists them). */
    private static final Map<Sport, Integer> ACTIVITY_TYPES = Map.of(Sport.RUN, 8, Sport.RIDE, 1, Sport.WALK, 7,
            Sport.HIKE, 35, Sport.SWIM, 82, Sport.ROW, 103, Sport.STRENGTH, 80, Sport.YOGA, 100, Sport.WORKOUT, 108,
            Sport.OTHER, 108);
    private static final Pattern INT64 = Pattern.compile("-?\\d{1,19}");

    /**
     * {@code PUT /sessions/{id}} body: id (equal to the path's), startTimeMillis, endTimeMillis and activityType
     * required; int64 values as strings or numbers. REST clients cannot set a package name: it is dropped, as for
     * data sources.
     */
    static GoogleFitSession fromClient(String pathId, JsonNode json, long nowMillis, long version) {
        String id = json.path("id").asText("");
        if (!pathId.equals(id)) {
            throw ApiProblem.invalid("id", "The session id in the body must equal the one in the path.");
        }
        long start = int64(json.get("startTimeMillis"), "startTimeMillis");
        long end = int64(json.get("endTimeMillis"), "endTimeMillis");
        if (end < start) {
            throw ApiProblem.invalid("endTimeMillis", "endTimeMillis must not be before startTimeMillis.");
        }
        JsonNode type = json.get("activityType");
        if (type == null || !type.isIntegralNumber() || type.asInt() < 0) {
            throw ApiProblem.invalid("activityType", "activityType must be an activity type number.");
        }
        ObjectNode application = SandboxJson.object();
        json.path("application").properties().forEach(member -> {
            if (!"packageName".equals(member.getKey())) {
                application.set(member.getKey(), member.getValue());
            }
        });
        Long activeTime = json.hasNonNull("activeTimeMillis") ? int64(json.get("activeTimeMillis"), "activeTimeMillis") : null;
        return new GoogleFitSession(id, textOrNull(json, "name"), textOrNull(json, "description"), start, end, type.asInt(),
                application, activeTime, nowMillis, version, true, false);
    }

    /** A session the user's own Fit app recorded (generated history, test API seeds). */
    static GoogleFitSession recorded(String id, String name, Instant start, Instant end, int activityType, String packageName,
                                     long nowMillis, long version) {
        return new GoogleFitSession(id, name, null, start.toEpochMilli(), end.toEpochMilli(), activityType,
                SandboxJson.object().put("packageName", packageName), null, nowMillis, version, false, false);
    }

    GoogleFitSession asDeleted(long nowMillis, long newVersion) {
        return new GoogleFitSession(id, name, description, startMillis, endMillis, activityType, application,
                activeTimeMillis, nowMillis, newVersion, createdByClient, true);
    }

    ObjectNode toJson() {
        ObjectNode json = SandboxJson.object().put("id", id);
        if (name != null) {
            json.put("name", name);
        }
        if (description != null) {
            json.put("description", description);
        }
        json.put("startTimeMillis", Long.toString(startMillis))
                .put("endTimeMillis", Long.toString(endMillis))
                .put("modifiedTimeMillis", Long.toString(modifiedMillis));
        json.set("application", application.deepCopy());
        json.put("activityType", activityType);
        if (activeTimeMillis != null) {
            json.put("activeTimeMillis", Long.toString(activeTimeMillis));
        }
        return json;
    }

    Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    Instant end() {
        return Instant.ofEpochMilli(endMillis);
    }

    boolean isSleep() {
        return activityType == SLEEPING || (activityType >= LIGHT_SLEEP && activityType <= AWAKE_DURING_SLEEP);
    }

    /** Who recorded it, as the test API shows it: the package name, else the application name REST clients give. */
    String recordedBy() {
        String packageName = application.path("packageName").asText("");
        return packageName.isEmpty() ? application.path("name").asText(null) : packageName;
    }

    static int activityType(Sport sport) {
        return ACTIVITY_TYPES.get(sport);
    }

    static Sport sport(int activityType) {
        return switch (activityType) {
            case 8, 56, 57, 58 -> Sport.RUN;
            case 1, 15, 16, 17, 18, 19 -> Sport.RIDE;
            case 7, 93, 94, 95 -> Sport.WALK;
            case 35 -> Sport.HIKE;
            case 82, 83, 84 -> Sport.SWIM;
            case 103 -> Sport.ROW;
            case 80 -> Sport.STRENGTH;
            case 100 -> Sport.YOGA;
            default -> Sport.OTHER;
        };
    }

    /**
     * A {@code com.google.sleep.segment} value: 1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM. Fit has no
     * restless level: restless time (awake in bed, as the providers that score it count it) is 1.
     */
    static int sleepSegmentType(SleepStage.Level level) {
        return switch (level) {
            case AWAKE, RESTLESS -> 1;
            case ASLEEP -> 2;
            case LIGHT -> 4;
            case DEEP -> 5;
            case REM -> 6;
        };
    }

    /** The level of a sleep segment value; null for 0 (unspecified) and values Google does not define. */
    static SleepStage.Level levelOfSleepSegment(int type) {
        return switch (type) {
            case 1, 3 -> SleepStage.Level.AWAKE;
            case 2 -> SleepStage.Level.ASLEEP;
            case 4 -> SleepStage.Level.LIGHT;
            case 5 -> SleepStage.Level.DEEP;
            case 6 -> SleepStage.Level.REM;
            default -> null;
        };
    }

    /** The level of an activity segment in a night; null for activities that are not sleep. */
    static SleepStage.Level levelOfActivitySegment(int activity) {
        return switch (activity) {
            case SLEEPING -> SleepStage.Level.ASLEEP;
            case LIGHT_SLEEP -> SleepStage.Level.LIGHT;
            case DEEP_SLEEP -> SleepStage.Level.DEEP;
            case REM_SLEEP -> SleepStage.Level.REM;
            case AWAKE_DURING_SLEEP -> SleepStage.Level.AWAKE;
            default -> null;
        };
    }

    private static long int64(JsonNode json, String field) {
        String text = json == null || json.isNull() ? "" : json.isIntegralNumber() ? json.asText() : json.isTextual() ? json.textValue() : "";
        if (!INT64.matcher(text).matches()) {
            throw ApiProblem.invalid(field, field + " is required, milliseconds since the epoch.");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, field + " is out of range.");
        }
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
