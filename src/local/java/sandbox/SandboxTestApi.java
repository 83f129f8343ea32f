package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderState;
import sandbox.common.SandboxActivityEntry;
import sandbox.common.SandboxActivityUser;
import sandbox.common.SandboxFaults;
import sandbox.common.SandboxHeartRateEntry;
import sandbox.common.SandboxHeartRateUser;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxRateLimit;
import sandbox.common.SandboxSleepEntry;
import sandbox.common.SandboxSleepUser;
import sandbox.common.SandboxStepEntry;
import sandbox.common.SandboxTokens;
import sandbox.common.SandboxUser;
import sandbox.common.SandboxWeightEntry;
import sandbox.fitbit.FitbitNotifier;
import sandbox.fitbit.FitbitUser;
import sandbox.strava.StravaUser;

/**
 * The sandbox's own test API under {@code /_sandbox}: JSON, no authentication. It exists only in
 * the sandbox (no real provider has it) and lets tests, benchmarks and the demo seed, inspect and
 * wipe user data, arm faults, change rate limits, expire tokens and list every issued token.
 * Errors answer {@code {"error":"..."}}.
 */
final class SandboxTestApi {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxTestApi.class);
    private static final String USER = "/:provider/users/:userId";
    /** Above any human heart rate; keeps seeded values plausible. */
    private static final int MAX_BPM = 300;
    /** The largest answer an {@code inflateTo} fault makes: past the 32 MiB any consumer takes. */
    private static final long MAX_INFLATED_BYTES = 64L * 1024 * 1024;

    private final Map<SandboxProvider, ProviderState<?>> providers;
    private final SandboxTokens tokens;
    private final Clock clock;
    private final FitbitNotifier fitbitNotifier;

    SandboxTestApi(Map<SandboxProvider, ProviderState<?>> providers, SandboxTokens tokens, Clock clock, FitbitNotifier fitbitNotifier) {
        this.providers = providers;
        this.tokens = tokens;
        this.clock = clock;
        this.fitbitNotifier = fitbitNotifier;
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/tokens").handler(answering(this::issuedTokens));
        router.get("/:provider/users").handler(answering(ctx -> ok(provider(ctx).users().ids())));
        router.put("/:provider/rate-limit").handler(answering(this::setRateLimit));
        router.get(USER + "/steps").handler(answering(ctx -> ok(filtered(existingUser(ctx).stepEntries(), ctx,
                SandboxStepEntry::start))));
        router.post(USER + "/steps").handler(answering(this::addSteps));
        router.get(USER + "/weight").handler(answering(ctx -> ok(filtered(existingUser(ctx).weightEntries(), ctx,
                SandboxWeightEntry::time))));
        router.post(USER + "/weight").handler(answering(this::addWeights));
        router.get(USER + "/heart_rate").handler(answering(ctx -> ok(filtered(
                heartRateUser(ctx, existingUser(ctx)).heartRateEntries(), ctx, SandboxHeartRateEntry::time))));
        router.post(USER + "/heart_rate").handler(answering(this::addHeartRates));
        router.get(USER + "/sleep").handler(answering(ctx -> ok(filtered(
                capability(ctx, existingUser(ctx), SandboxSleepUser.class, "sleep").sleepEntries(), ctx, SandboxSleepEntry::start))));
        router.post(USER + "/sleep").handler(answering(this::addSleeps));
        router.get(USER + "/activities").handler(answering(ctx -> ok(filtered(
                capability(ctx, existingUser(ctx), SandboxActivityUser.class, "activities").activityEntries(), ctx,
                SandboxActivityEntry::start))));
        router.post(USER + "/activities").handler(answering(this::addActivities));
        router.delete(USER + "/data").handler(answering(this::wipeData));
        router.put(USER + "/profile").handler(answering(this::updateProfile));
        router.put(USER + "/upload-processing").handler(answering(this::setUploadProcessing));
        router.post(USER + "/faults").handler(answering(this::armFault));
        router.delete(USER + "/faults").handler(answering(this::clearFaults));
        router.post(USER + "/expire-tokens").handler(answering(this::expireTokens));
        router.post(USER + "/revoke-tokens").handler(answering(this::revokeTokens));
        router.get(USER + "/grants").handler(answering(ctx -> ok(tokens.liveGrants(provider(ctx).provider(),
                ctx.pathParam("userId"), clock.instant()))));
        // Fitbit's push subscriptions: what our app subscribed to, and a signed notification sent to a loopback subscriber
        router.get("/fitbit/users/:userId/subscriptions").handler(answering(fitbitNotifier::subscriptions));
        router.post("/fitbit/users/:userId/notify").handler(fitbitNotifier::send);
        router.route().handler(answering(ctx -> {
            throw ApiProblem.notFound("No such sandbox test endpoint: " + ctx.request().method() + " " + ctx.request().path());
        }));
        return router;
    }

    private ApiAnswer issuedTokens(RoutingContext ctx) {
        ObjectNode body = SandboxJson.object();
        tokens.issuedAccessTokens().forEach(body.putArray("accessTokens")::add);
        tokens.issuedRefreshTokens().forEach(body.putArray("refreshTokens")::add);
        return ApiAnswer.ok(body);
    }

    /**
     * {@code {"perHour": N}} (Fitbit), {@code {"perMinute": N}} (Google) or Strava's {@code "per15Minutes"},
     * {@code "perDay"}, {@code "readPer15Minutes"}, {@code "readPerDay"}; optionally {@code "windowSeconds"}, which
     * shortens the provider's shortest window.
     */
    private ApiAnswer setRateLimit(RoutingContext ctx) {
        SandboxRateLimit rateLimit = provider(ctx).rateLimit();
        JsonNode body = SandboxJson.body(ctx);
        JsonNode window = body.get("windowSeconds");
        List<String> named = rateLimit.settingNames().stream().filter(body::has).toList();
        if (named.isEmpty() && window == null) {
            throw ApiProblem.invalid(rateLimit.settingName(), "Expected {\"" + String.join("\"|\"", rateLimit.settingNames())
                    + "\": <positive integer>} and/or {\"windowSeconds\": <seconds, 0 for the provider's>}");
        }
        for (String name : named) {
            JsonNode limit = body.get(name);
            if (!limit.canConvertToInt() || limit.intValue() < 1) {
                throw ApiProblem.invalid(name, "Expected a positive integer");
            }
        }
        named.forEach(name -> rateLimit.setLimit(name, body.get(name).intValue()));
        if (window != null) {
            if (!window.canConvertToLong()) {
                throw ApiProblem.invalid("windowSeconds", "Expected a whole number of seconds");
            }
            try {
                rateLimit.setWindowSeconds(window.longValue());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("windowSeconds", e.getMessage());
            }
        }
        LOG.info("Sandbox {} rate limits set to {}", provider(ctx).provider().id(), rateLimit.settings());
        return ok(rateLimit.settings());
    }

    private ApiAnswer addSteps(RoutingContext ctx) {
        List<SandboxStepEntry> entries = entries(SandboxJson.body(ctx)).stream().map(entry -> {
            JsonNode count = entry.path("count");
            if (!count.isIntegralNumber() || count.asLong() < 0) {
                throw ApiProblem.invalid("count", "count must be a non-negative integer");
            }
            return new SandboxStepEntry(instant(entry, "start"), instant(entry, "end"), count.asLong(), null);
        }).toList();
        provider(ctx).users().ensure(ctx.pathParam("userId")).addSteps(entries);
        return ok(Map.of("added", entries.size()));
    }

    private ApiAnswer addWeights(RoutingContext ctx) {
        List<SandboxWeightEntry> entries = entries(SandboxJson.body(ctx)).stream().map(entry -> {
            JsonNode kg = entry.path("kg");
            if (!kg.isNumber() || !(kg.asDouble() > 0)) {
                throw ApiProblem.invalid("kg", "kg must be a positive number");
            }
            return new SandboxWeightEntry(instant(entry, "time"), kg.asDouble(), null, null, utcOffset(entry));
        }).toList();
        provider(ctx).users().ensure(ctx.pathParam("userId")).addWeights(entries);
        return ok(Map.of("added", entries.size()));
    }

    private ApiAnswer addHeartRates(RoutingContext ctx) {
        List<SandboxHeartRateEntry> entries = entries(SandboxJson.body(ctx)).stream().map(entry -> {
            JsonNode bpm = entry.path("bpm");
            if (!bpm.isNumber() || !(bpm.asDouble() > 0 && bpm.asDouble() <= MAX_BPM)) {
                throw ApiProblem.invalid("bpm", "bpm must be a number above 0 and at most " + MAX_BPM);
            }
            return new SandboxHeartRateEntry(instant(entry, "time"), bpm.asDouble(), null);
        }).toList();
        heartRateUser(ctx, provider(ctx).users().ensure(ctx.pathParam("userId"))).addHeartRates(entries);
        return ok(Map.of("added", entries.size()));
    }

    /** Entries as {@code {start, end, stages:[{start, end, level}]}}; levels awake, light, deep, rem, asleep, restless. */
    private ApiAnswer addSleeps(RoutingContext ctx) {
        List<SandboxSleepEntry> entries = entries(SandboxJson.body(ctx)).stream().map(entry -> {
            SandboxSleepEntry sleep = SandboxJson.convert(entry, SandboxSleepEntry.class, "sleep");
            requireOrdered(sleep.start(), sleep.end(), "end");
            sleep.stages().forEach(stage -> {
                if (stage.start().isBefore(sleep.start()) || stage.end().isAfter(sleep.end())) {
                    throw ApiProblem.invalid("stages", "every stage must lie within the sleep");
                }
            });
            return new SandboxSleepEntry(sleep.start(), sleep.end(), sleep.stages(), null, null, sleep.utcOffset());
        }).toList();
        capability(ctx, provider(ctx).users().ensure(ctx.pathParam("userId")), SandboxSleepUser.class, "sleep").addSleeps(entries);
        return ok(Map.of("added", entries.size()));
    }

    /**
     * Entries as {@code {start, end, sport, name?, distanceMetres?, kilocalories?, samples:[{time, latitude?,
     * longitude?, altitudeMetres?, heartRate?, distanceMetres?, cadence?, powerWatts?}], laps?:[{start, end,
     * distanceMetres?}]}}; providers that keep no laps ignore them.
     */
    private ApiAnswer addActivities(RoutingContext ctx) {
        List<SandboxActivityEntry> entries = entries(SandboxJson.body(ctx)).stream().map(entry -> {
            SandboxActivityEntry activity = SandboxJson.convert(entry, SandboxActivityEntry.class, "activity");
            requireOrdered(activity.start(), activity.end(), "end");
            if (activity.sport() == null) {
                throw ApiProblem.invalid("sport", "sport is required (run, ride, walk, hike, swim, row, strength, yoga, workout, other)");
            }
            activity.samples().forEach(sample -> {
                if (sample.time().isBefore(activity.start()) || sample.time().isAfter(activity.end())) {
                    throw ApiProblem.invalid("samples", "every sample must lie within the activity");
                }
            });
            activity.laps().forEach(lap -> {
                if (lap.start().isBefore(activity.start()) || lap.end().isAfter(activity.end())) {
                    throw ApiProblem.invalid("laps", "every lap must lie within the activity");
                }
            });
            return new SandboxActivityEntry(activity.start(), activity.end(), activity.sport(), activity.name(),
                    activity.distanceMetres(), activity.kilocalories(), activity.samples(), null, null, activity.utcOffset(),
                    activity.laps());
        }).toList();
        capability(ctx, provider(ctx).users().ensure(ctx.pathParam("userId")), SandboxActivityUser.class, "activities")
                .addActivities(entries);
        return ok(Map.of("added", entries.size()));
    }

    private static void requireOrdered(Instant start, Instant end, String field) {
        if (start == null || end == null || !start.isBefore(end)) {
            throw ApiProblem.invalid(field, "start and end must be ISO-8601 instants with start before end");
        }
    }

    private ApiAnswer wipeData(RoutingContext ctx) {
        existingUser(ctx).wipeData();
        return ApiAnswer.noContent();
    }

    private ApiAnswer updateProfile(RoutingContext ctx) {
        ProviderState<?> state = provider(ctx);
        if (state.provider() != SandboxProvider.FITBIT) {
            throw ApiProblem.invalid("provider", "Only Fitbit users have a profile time zone");
        }
        String timezone = SandboxJson.body(ctx).path("timezone").asText("");
        try {
            ZoneId zone = ZoneId.of(timezone);
            FitbitUser user = (FitbitUser) state.users().ensure(ctx.pathParam("userId"));
            user.setZone(zone);
            return ok(Map.of("timezone", zone.getId()));
        } catch (DateTimeException e) {
            throw ApiProblem.invalid("timezone", "Unknown time zone: " + timezone);
        }
    }

    /** {@code {"delayMillis": N}}: how long the Strava athlete's uploads stay "still being processed". */
    private ApiAnswer setUploadProcessing(RoutingContext ctx) {
        ProviderState<?> state = provider(ctx);
        if (state.provider() != SandboxProvider.STRAVA) {
            throw ApiProblem.invalid("provider", "Only Strava processes uploads asynchronously");
        }
        JsonNode delay = SandboxJson.body(ctx).path("delayMillis");
        if (!delay.canConvertToLong() || delay.asLong() < 0) {
            throw ApiProblem.invalid("delayMillis", "Expected a non-negative number of milliseconds");
        }
        StravaUser user = (StravaUser) state.users().ensure(ctx.pathParam("userId"));
        user.setUploadProcessing(java.time.Duration.ofMillis(delay.asLong()));
        return ok(Map.of("delayMillis", delay.asLong()));
    }

    private ApiAnswer armFault(RoutingContext ctx) {
        ProviderState<?> state = provider(ctx);
        JsonNode body = SandboxJson.body(ctx);
        int status = body.path("status").asInt(0);
        boolean malformed = body.path("malformed").asBoolean(false);
        boolean dropped = body.path("dropped").asBoolean(false);
        long delayMillis = body.path("delayMillis").asLong(0);
        long inflateTo = body.path("inflateTo").asLong(0);
        int count = body.path("count").asInt(1);
        int after = body.path("after").asInt(0);
        if (status != 0 && (status < 400 || status > 599)) {
            throw ApiProblem.invalid("status", "status must be a 4xx or 5xx code");
        }
        if (status == 0 && !malformed && !dropped && delayMillis <= 0 && inflateTo <= 0) {
            throw ApiProblem.invalid("status", "A fault needs a status, malformed:true, dropped:true, delayMillis or inflateTo");
        }
        if (count < 1 || delayMillis < 0 || after < 0) {
            throw ApiProblem.invalid("count", "count must be positive, after and delayMillis not negative");
        }
        if (inflateTo < 0 || inflateTo > MAX_INFLATED_BYTES) {
            throw ApiProblem.invalid("inflateTo", "inflateTo is a number of bytes up to " + MAX_INFLATED_BYTES);
        }
        String userId = ctx.pathParam("userId");
        SandboxFaults.Fault fault = new SandboxFaults.Fault(status, textOrNull(body, "method"),
                textOrNull(body, "pathContains"), malformed, delayMillis, dropped, inflateTo);
        state.faults().arm(userId, fault, count, after);
        LOG.info("Sandbox {} armed {}x {} after {} matching call(s) for user {}", state.provider().id(), count, fault, after, userId);
        return ok(Map.of("armed", count));
    }

    private ApiAnswer clearFaults(RoutingContext ctx) {
        provider(ctx).faults().clear(ctx.pathParam("userId"));
        return ApiAnswer.noContent();
    }

    private ApiAnswer expireTokens(RoutingContext ctx) {
        ProviderState<?> state = provider(ctx);
        int expired = tokens.expireAccessTokens(state.provider(), ctx.pathParam("userId"), clock.instant());
        return ok(Map.of("expired", expired));
    }

    /** As when the user removes the app in the provider's settings: their tokens answer 401, refreshing them 400. */
    private ApiAnswer revokeTokens(RoutingContext ctx) {
        return ok(Map.of("revoked", tokens.revokeUser(provider(ctx).provider(), ctx.pathParam("userId"))));
    }

    private ProviderState<?> provider(RoutingContext ctx) {
        String id = ctx.pathParam("provider");
        return SandboxProvider.byId(id).map(providers::get)
                .orElseThrow(() -> ApiProblem.notFound("Unknown provider: " + id));
    }

    private SandboxUser existingUser(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        return provider(ctx).users().find(userId)
                .orElseThrow(() -> ApiProblem.notFound("Unknown user: " + userId));
    }

    /** The account as one that keeps heart rate; 404 for providers whose sandbox does not simulate it. */
    private SandboxHeartRateUser heartRateUser(RoutingContext ctx, SandboxUser user) {
        if (user instanceof SandboxHeartRateUser heartRateUser) {
            return heartRateUser;
        }
        throw ApiProblem.notFound("The " + provider(ctx).provider().id() + " sandbox does not simulate heart rate");
    }

    /** The account as one that keeps a data type; 404 for providers whose sandbox does not simulate it. */
    private <T> T capability(RoutingContext ctx, SandboxUser user, Class<T> kind, String type) {
        if (kind.isInstance(user)) {
            return kind.cast(user);
        }
        throw ApiProblem.notFound("The " + provider(ctx).provider().id() + " sandbox does not simulate " + type);
    }

    /** Entries whose time lies in the optional [from, to) query window. */
    private static <T> List<T> filtered(List<T> entries, RoutingContext ctx, Function<T, Instant> time) {
        Instant from = queryInstant(ctx, "from");
        Instant to = queryInstant(ctx, "to");
        Predicate<T> inWindow = entry -> (from == null || !time.apply(entry).isBefore(from))
                && (to == null || time.apply(entry).isBefore(to));
        return entries.stream().filter(inWindow).toList();
    }

    private static Instant queryInstant(RoutingContext ctx, String name) {
        String text = ctx.queryParams().get(name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(name, name + " must be an ISO-8601 instant");
        }
    }

    /** A body may hold one entry or an array of them. */
    private static List<JsonNode> entries(JsonNode body) {
        List<JsonNode> entries = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(entries::add);
        } else {
            entries.add(body);
        }
        return entries;
    }

    private static Instant instant(JsonNode entry, String field) {
        try {
            return Instant.parse(entry.path(field).asText(""));
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, field + " must be an ISO-8601 instant such as 2024-03-01T07:31:00Z");
        }
    }

    /**
     * The optional {@code utcOffset} of a seeded entry ("+05:30"): providers that keep an offset per record store it,
     * the others keep their account's zone.
     */
    private static java.time.ZoneOffset utcOffset(JsonNode entry) {
        String text = textOrNull(entry, "utcOffset");
        try {
            return text == null ? null : java.time.ZoneOffset.of(text);
        } catch (DateTimeException e) {
            throw ApiProblem.invalid("utcOffset", "utcOffset must be an offset such as +05:30 or Z");
        }
    }

    private static String textOrNull(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static ApiAnswer ok(Object body) {
        return new ApiAnswer(200, SandboxJson.write(body), Map.of());
    }

    private static Handler<RoutingContext> answering(Function<RoutingContext, ApiAnswer> endpoint) {
        return ctx -> {
            ApiAnswer answer;
            try {
                answer = endpoint.apply(ctx);
            } catch (ApiProblem problem) {
                answer = ApiAnswer.json(problem.status(), SandboxJson.object().put("error", problem.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Sandbox test API failed on {} {}", ctx.request().method(), ctx.request().path(), e);
                answer = ApiAnswer.json(500, SandboxJson.object().put("error", e.toString()));
            }
            answer.send(ctx.response());
        };
    }
}
