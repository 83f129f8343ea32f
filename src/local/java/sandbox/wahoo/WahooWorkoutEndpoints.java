package sandbox.wahoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import activityfiles.ActivityFileException;
import activityfiles.FitActivityFile;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxMultipart;

/**
 * {@code /v1/user}, {@code /v1/workouts}, {@code /v1/workouts/{id}/workout_summary} and {@code /v1/workout_file_uploads}
 * as the derived spec describes them (docs/providers/wahoo.md §2, §3): pages of {@code {workouts, total, page, per_page, order, sort}}
 * (newest first), times as Rails writes them ({@code 2024-03-01T07:31:00.000Z}), summary numbers as strings, the FIT
 * file behind {@code workout_summary.file.url}. {@code workout_token} is stored but not de-duplicated: whether Wahoo
 * does was not found, so the sandbox takes the conservative reading.
 */
final class WahooWorkoutEndpoints {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;
    private static final DateTimeFormatter RAILS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final Clock clock;

    WahooWorkoutEndpoints(Clock clock) {
        this.clock = clock;
    }

    ApiAnswer user(RoutingContext ctx, WahooUser user) {
        ObjectNode body = SandboxJson.object();
        putId(body, "id", user.id());
        body.put("first", "Sandbox").put("last", "Rider").put("email", user.id().toLowerCase() + "@example.invalid");
        return ApiAnswer.ok(body);
    }

    ApiAnswer list(RoutingContext ctx, WahooUser user) {
        int page = positive(ctx, "page", 1, Integer.MAX_VALUE);
        int perPage = positive(ctx, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        List<WahooWorkout> all = user.workouts();
        ObjectNode body = SandboxJson.object();
        ArrayNode items = body.putArray("workouts");
        long from = (long) (page - 1) * perPage;
        synchronized (user) {
            for (long i = from; i < Math.min(all.size(), from + perPage); i++) {
                items.add(workout(ctx, user, all.get((int) i)));
            }
        }
        body.put("total", all.size()).put("page", page).put("per_page", perPage).put("order", "desc").put("sort", "starts");
        return ApiAnswer.ok(body);
    }

    ApiAnswer get(RoutingContext ctx, WahooUser user) {
        WahooWorkout workout = existing(ctx, user);
        synchronized (user) {
            return ApiAnswer.ok(workout(ctx, user, workout));
        }
    }

    ApiAnswer delete(RoutingContext ctx, WahooUser user) {
        if (!user.delete(existing(ctx, user).id)) {
            throw ApiProblem.notFound("not_found");
        }
        return ApiAnswer.noContent();
    }

    ApiAnswer summary(RoutingContext ctx, WahooUser user) {
        WahooWorkout workout = existing(ctx, user);
        synchronized (user) {
            if (workout.summary == null) {
                throw ApiProblem.notFound("not_found");
            }
            return ApiAnswer.ok(summary(ctx, workout));
        }
    }

    /** {@code {workout:{starts, minutes, name, workout_type_id, workout_token?, plan_id?}}} → 201 with the workout. */
    ApiAnswer create(RoutingContext ctx, WahooUser user) {
        JsonNode workout = SandboxJson.body(ctx).path("workout");
        if (!workout.isObject()) {
            throw ApiProblem.invalid("workout", "workout is required");
        }
        Instant starts;
        try {
            starts = OffsetDateTime.parse(workout.path("starts").asText(""), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("starts", "starts must be an ISO-8601 date-time with an offset");
        }
        JsonNode minutes = workout.path("minutes");
        JsonNode type = workout.path("workout_type_id");
        String name = workout.path("name").asText("");
        if (!minutes.isIntegralNumber() || minutes.asInt() < 0) {
            throw ApiProblem.invalid("minutes", "minutes must be a non-negative integer");
        }
        if (!type.isIntegralNumber() || type.asInt() < 0 || type.asInt() > 255) {
            throw ApiProblem.invalid("workout_type_id", "workout_type_id must be an integer");
        }
        if (name.isBlank()) {
            throw ApiProblem.invalid("name", "name is required");
        }
        String token = workout.hasNonNull("workout_token") ? workout.get("workout_token").asText() : null;
        WahooWorkout created = user.createWorkout(starts, minutes.asInt(), name, type.asInt(), token, clock.instant());
        synchronized (user) {
            return ApiAnswer.json(201, workout(ctx, user, created));
        }
    }

    /** Multipart with a {@code file} part (FIT) → 202 {@code {token, state:"queued", workout_id:null, error:null}}. */
    ApiAnswer upload(RoutingContext ctx, WahooUser user) {
        byte[] fit = SandboxMultipart.parts(ctx).get("file");
        if (fit == null || fit.length == 0) {
            throw ApiProblem.invalid("file", "file is required");
        }
        String token;
        try {
            ActivityRecord record = FitActivityFile.read(fit, new Provenance("wahoo", null, null));
            token = user.upload(record, fit, clock.instant());
        } catch (ActivityFileException | IllegalArgumentException e) {
            token = user.failedUpload("invalid_file");
        }
        return ApiAnswer.json(202, upload(new WahooUser.Upload(token, null, null, false)));
    }

    ApiAnswer uploadStatus(RoutingContext ctx, WahooUser user) {
        WahooUser.Upload upload = user.poll(ctx.pathParam("token")).orElseThrow(() -> ApiProblem.notFound("not_found"));
        return ApiAnswer.ok(upload(new WahooUser.Upload(upload.token(), upload.workoutId(), upload.error(), true)));
    }

    /** The FIT file of a summary, written from its samples for device workouts, as uploaded otherwise. */
    static byte[] fitFile(WahooWorkout workout) {
        WahooWorkout.Summary summary = workout.summary;
        if (summary.fit() != null) {
            return summary.fit();
        }
        return FitActivityFile.write(new ActivityRecord(workout.starts, workout.end(), WahooWorkoutType.sport(workout.typeId),
                workout.name, summary.distanceMetres(), summary.kilocalories(), summary.samples(), summary.offset(),
                new Provenance("wahoo", Long.toString(workout.id), "ELEMNT"), summary.laps()));
    }

    private static ObjectNode upload(WahooUser.Upload upload) {
        ObjectNode body = SandboxJson.object().put("token", upload.token());
        if (!upload.polled()) {
            body.put("state", "queued").putNull("workout_id").putNull("error");
        } else if (upload.error() != null) {
            body.put("state", "failed").putNull("workout_id").put("error", upload.error());
        } else {
            body.put("state", "completed").put("workout_id", upload.workoutId()).putNull("error");
        }
        return body;
    }

    private ObjectNode workout(RoutingContext ctx, WahooUser user, WahooWorkout workout) {
        ObjectNode body = SandboxJson.object().put("id", workout.id);
        putId(body, "user_id", user.id());
        body.put("starts", time(workout.starts)).put("minutes", workout.minutes).put("name", workout.name).putNull("plan_id");
        if (workout.workoutToken == null) {
            body.putNull("workout_token");
        } else {
            body.put("workout_token", workout.workoutToken);
        }
        body.put("workout_type_id", workout.typeId);
        if (workout.summary == null) {
            body.putNull("workout_summary");
        } else {
            body.set("workout_summary", summary(ctx, workout));
        }
        body.put("created_at", time(workout.createdAt)).put("updated_at", time(workout.updatedAt));
        return body;
    }

    /** The summary with its numbers as strings, as Wahoo sends them; unknown ones null. */
    private static ObjectNode summary(RoutingContext ctx, WahooWorkout workout) {
        WahooWorkout.Summary summary = workout.summary;
        List<ActivitySample> samples = summary.samples();
        Duration total = summary.total();
        ObjectNode body = SandboxJson.object().put("id", summary.id());
        putNumber(body, "ascent_accum", ascent(samples), 1);
        putNumber(body, "calories_accum", summary.kilocalories(), 1);
        putNumber(body, "distance_accum", summary.distanceMetres(), 3);
        putNumber(body, "duration_active_accum", total.toMillis() / 1000.0, 3);
        putNumber(body, "duration_paused_accum", 0.0, 0);
        putNumber(body, "duration_total_accum", total.toMillis() / 1000.0, 3);
        putNumber(body, "cadence_avg", average(samples, ActivitySample::cadence), 0);
        putNumber(body, "heart_rate_avg", average(samples, ActivitySample::heartRate), 0);
        Double power = average(samples, ActivitySample::powerWatts);
        putNumber(body, "power_bike_avg", power, 0);
        putNumber(body, "speed_avg", summary.distanceMetres() == null || total.isZero() ? null
                : summary.distanceMetres() / (total.toMillis() / 1000.0), 2);
        putNumber(body, "work_accum", power == null ? null : power * total.toSeconds(), 0);
        body.put("created_at", time(summary.createdAt())).put("updated_at", time(summary.createdAt()));
        body.putObject("file").put("url", origin(ctx) + "/wahoo/files/" + summary.fileKey() + ".fit");
        return body;
    }

    private static Double ascent(List<ActivitySample> samples) {
        double ascent = 0;
        Double previous = null;
        for (ActivitySample sample : samples) {
            if (sample.altitudeMetres() != null) {
                if (previous != null && sample.altitudeMetres() > previous) {
                    ascent += sample.altitudeMetres() - previous;
                }
                previous = sample.altitudeMetres();
            }
        }
        return previous == null ? null : ascent;
    }

    private static Double average(List<ActivitySample> samples, java.util.function.Function<ActivitySample, Double> field) {
        return samples.stream().map(field).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average()
                .stream().boxed().findFirst().orElse(null);
    }

    private static void putNumber(ObjectNode body, String field, Double value, int decimals) {
        if (value == null) {
            body.putNull(field);
        } else {
            body.put(field, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        }
    }

    /** Numeric user ids as numbers, as Wahoo has them; the test API's alphanumeric ones as strings. */
    private static void putId(ObjectNode body, String field, String id) {
        if (id.matches("\\d{1,18}")) {
            body.put(field, Long.parseLong(id));
        } else {
            body.put(field, id);
        }
    }

    /** Where this sandbox is reached, for absolute file URLs (Wahoo's are on its CDN). */
    private static String origin(RoutingContext ctx) {
        // authority() also covers HTTP/2 (Java's client upgrades with h2c), where there is no Host header
        io.vertx.core.net.HostAndPort authority = ctx.request().authority();
        if (authority == null) {
            return "http://localhost";
        }
        return "http://" + authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    }

    private WahooWorkout existing(RoutingContext ctx, WahooUser user) {
        String id = ctx.pathParam("id");
        if (id == null || !id.matches("\\d{1,18}")) {
            throw ApiProblem.notFound("not_found");
        }
        return user.find(Long.parseLong(id)).orElseThrow(() -> ApiProblem.notFound("not_found"));
    }

    private static int positive(RoutingContext ctx, String name, int defaultValue, int max) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1 || value > max) {
                throw ApiProblem.invalid(name, name + " must be from 1 to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, name + " must be an integer");
        }
    }

    private static String time(Instant instant) {
        return RAILS_TIME.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(java.time.ZoneOffset.UTC));
    }

    static Map<String, String> fitHeaders() {
        return Map.of("Content-Type", "application/octet-stream");
    }
}
