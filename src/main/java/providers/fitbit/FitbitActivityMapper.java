package providers.fitbit;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.ActivityRecord;
import model.Provenance;
import model.Sport;

/**
 * Fitbit activity logs ({@code GET /1/user/-/activities/list.json}, {@code POST /1/user/-/activities.json},
 * docs/providers/fitbit.md §2.5, §3) ↔ {@link ActivityRecord}. Unlike sleep, a log's {@code startTime} carries its UTC offset; {@code duration} is
 * elapsed milliseconds; {@code distance} is in {@code distanceUnit} (Kilometer with no Accept-Language, as we send;
 * Mile for en_US users; Meter accepted too); {@code calories} are kcal.
 *
 * <p>Sports: activityTypeId 90009 Run, 90001 Bike (→ ride), 90013 Walk, 90012 Hike, 90024 Swim are written and read by id;
 * other ids are not in Fitbit's public reference we have, so other sports are read by {@code activityName} (Rowing,
 * Weights, Yoga, Workout, …) and written as a named activity ({@code activityName} + {@code manualCalories}); anything
 * unknown is {@link Sport#OTHER}. {@code provenance.device} is the log's {@code logType} (tracker, auto_detected,
 * mobile_run, manual): the list names no device, and the log type says whether a device recorded it.
 */
final class FitbitActivityMapper {

    /** Manual logs: typed in by the user or written by an app (us) through the API — never a device's recording. */
    static final String MANUAL = "manual";

    private static final Map<Sport, Long> ACTIVITY_IDS = Map.of(Sport.RUN, 90009L, Sport.RIDE, 90001L, Sport.WALK, 90013L,
            Sport.HIKE, 90012L, Sport.SWIM, 90024L);
    private static final Map<Sport, String> ACTIVITY_NAMES = Map.of(Sport.ROW, "Rowing", Sport.STRENGTH, "Weights",
            Sport.YOGA, "Yoga", Sport.WORKOUT, "Workout", Sport.OTHER, "Other");
    private static final Map<String, Sport> SPORTS_BY_NAME = Map.ofEntries(
            Map.entry("run", Sport.RUN), Map.entry("running", Sport.RUN), Map.entry("treadmill", Sport.RUN),
            Map.entry("bike", Sport.RIDE), Map.entry("outdoor bike", Sport.RIDE), Map.entry("biking", Sport.RIDE),
            Map.entry("cycling", Sport.RIDE), Map.entry("spinning", Sport.RIDE),
            Map.entry("walk", Sport.WALK), Map.entry("walking", Sport.WALK),
            Map.entry("hike", Sport.HIKE), Map.entry("hiking", Sport.HIKE),
            Map.entry("swim", Sport.SWIM), Map.entry("swimming", Sport.SWIM),
            Map.entry("rowing", Sport.ROW), Map.entry("rowing machine", Sport.ROW),
            Map.entry("weights", Sport.STRENGTH), Map.entry("weight lifting", Sport.STRENGTH),
            Map.entry("strength training", Sport.STRENGTH),
            Map.entry("yoga", Sport.YOGA),
            Map.entry("workout", Sport.WORKOUT), Map.entry("interval workout", Sport.WORKOUT));
    private static final double METRES_PER_MILE = 1609.344;

    private FitbitActivityMapper() {
    }

    /** One log of a list page: its totals (no samples yet), its id, and whether a TCX track is to be fetched. */
    record ActivityLog(ActivityRecord totals, String logId, boolean hasTrack) {
    }

    /** A page of the activity list: its logs in list order, and the next page's URL ({@code null} on the last page). */
    record Page(List<ActivityLog> logs, String next) {
    }

    /**
     * @param zone the user's zone, used only for a start time that lacks its offset (not seen in Fitbit's answers)
     */
    static Page page(JsonNode answer, ZoneId zone) {
        JsonNode activities = answer.path("activities");
        if (!activities.isArray()) {
            throw new PermanentSyncException("fitbit activity list answer has no activities list");
        }
        List<ActivityLog> logs = new ArrayList<>();
        for (JsonNode activity : activities) {
            logs.add(log(activity, zone));
        }
        String next = answer.path("pagination").path("next").asText("");
        return new Page(logs, next.isBlank() ? null : next);
    }

    private static ActivityLog log(JsonNode activity, ZoneId zone) {
        if (!activity.hasNonNull("logId")) {
            throw new PermanentSyncException("fitbit activity log has no logId");
        }
        String logId = activity.get("logId").asText();
        OffsetDateTime start = startTime(activity.path("startTime"), zone);
        long durationMillis = FitbitMapper.WIRE.integer(activity.path("duration"), "activity duration");
        if (durationMillis <= 0) {
            throw new PermanentSyncException("fitbit sent an activity log without a positive duration");
        }
        Instant from = start.toInstant();
        Sport sport = sport(activity.hasNonNull("activityTypeId") ? FitbitMapper.WIRE.integer(activity.get("activityTypeId"),
                "activityTypeId") : null, activity.path("activityName").asText(null));
        ActivityRecord totals = new ActivityRecord(from, from.plusMillis(durationMillis), sport,
                activity.path("activityName").asText(null), distanceMetres(activity), optional(activity, "calories"),
                List.of(), start.getOffset(), new Provenance(FitbitProvider.ID, logId, activity.path("logType").asText(null)));
        boolean hasTrack = activity.path("hasGps").asBoolean(false) || !activity.path("tcxLink").asText("").isBlank();
        return new ActivityLog(totals, logId, hasTrack);
    }

    private static OffsetDateTime startTime(JsonNode value, ZoneId zone) {
        String text = value.asText("");
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                throw new PermanentSyncException("fitbit sent an invalid activity startTime");
            }
        }
    }

    private static Double distanceMetres(JsonNode activity) {
        Double distance = optional(activity, "distance");
        if (distance == null) {
            return null;
        }
        String unit = activity.path("distanceUnit").asText("Kilometer");
        return switch (unit) {
            case "Kilometer" -> distance * 1000;
            case "Mile" -> distance * METRES_PER_MILE;
            case "Meter" -> distance;
            default -> throw new PermanentSyncException("fitbit sent an activity distance in an unknown unit");
        };
    }

    private static Double optional(JsonNode activity, String field) {
        JsonNode value = activity.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            double number = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
            if (!Double.isFinite(number) || number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new PermanentSyncException("fitbit sent an activity " + field + " that is not a non-negative number");
        }
    }

    static Sport sport(Long activityTypeId, String activityName) {
        if (activityTypeId != null) {
            for (Map.Entry<Sport, Long> known : ACTIVITY_IDS.entrySet()) {
                if (known.getValue().equals(activityTypeId)) {
                    return known.getKey();
                }
            }
        }
        if (activityName != null) {
            return SPORTS_BY_NAME.getOrDefault(activityName.trim().toLowerCase(Locale.ROOT), Sport.OTHER);
        }
        return Sport.OTHER;
    }

    /**
     * The parameters of {@code POST /1/user/-/activities.json}: the sport by id or as a named activity (which needs
     * manualCalories), start as local {@code HH:mm} on {@code date} (the seconds are lost), elapsed milliseconds,
     * distance in kilometres. Streams cannot be written.
     */
    static Map<String, String> activityLogForm(ActivityRecord activity, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(activity.start(), zone);
        Map<String, String> form = new LinkedHashMap<>();
        Optional<Long> activityId = Optional.ofNullable(ACTIVITY_IDS.get(activity.sport()));
        if (activityId.isPresent()) {
            form.put("activityId", Long.toString(activityId.get()));
            if (activity.kilocalories() != null) {
                form.put("manualCalories", Long.toString(Math.round(activity.kilocalories())));
            }
        } else {
            form.put("activityName", ACTIVITY_NAMES.get(activity.sport()));
            form.put("manualCalories", Long.toString(activity.kilocalories() == null ? 0 : Math.round(activity.kilocalories())));
        }
        form.put("startTime", local.format(FitbitMapper.HH_MM));
        form.put("durationMillis", Long.toString(activity.elapsed().toMillis()));
        form.put("date", local.toLocalDate().toString());
        if (activity.distanceMetres() != null) {
            form.put("distance", String.format(Locale.ROOT, "%.5f", activity.distanceMetres() / 1000));
            form.put("distanceUnit", "Kilometer");
        }
        return form;
    }

    /** What Fitbit keeps of a workout we log: start to the minute, same duration, whole kcal, no streams. */
    static ActivityRecord stored(ActivityRecord activity) {
        Instant start = activity.start().truncatedTo(ChronoUnit.MINUTES);
        Double kcal = activity.kilocalories() != null ? Double.valueOf(Math.round(activity.kilocalories()))
                : ACTIVITY_IDS.containsKey(activity.sport()) ? null : 0.0;
        return new ActivityRecord(start, start.plus(activity.elapsed()), activity.sport(), activity.name(),
                activity.distanceMetres(), kcal, List.of(), activity.zoneOffset(), activity.provenance());
    }

    /** Whether a next-page link stays under our configured API base (a link elsewhere would carry the user's token). */
    static boolean isUnder(String link, URI base) {
        try {
            URI next = URI.create(link).normalize();
            String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
            return next.isAbsolute() && next.getRawUserInfo() == null && next.toString().startsWith(prefix)
                    && !next.getRawPath().contains("/../");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
