package sandbox.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;
import sandbox.common.SandboxProvider;
import sandbox.common.SandboxTokens;

/**
 * Google Health API v4 {@code users.dataTypes.dataPoints}: list (AIP-160 time filter, data source
 * families, pages newest first), get, create, patch, batchDelete and exportExerciseTcx. Writes answer a finished long-running
 * Operation. Scopes are checked as Google documents them: a read needs the type's {@code .readonly} scope (a
 * caller with only the {@code .writeonly} one sees just what it wrote), a write the {@code .writeonly} scope,
 * and a client may only change the points it wrote itself.
 */
final class GoogleHealthDataPointEndpoints {

    static final int MAX_BATCH_DELETE = 10_000;
    static final String LOCATION_SCOPE = GoogleHealthDataType.SCOPE_PREFIX + "location.readonly";

    private static final String TYPE_PREFIX = "type.googleapis.com/google.devicesandservices.health.v4.";
    private static final Pattern CLIENT_POINT_ID = Pattern.compile("[a-z0-9-]{4,63}");
    private static final Pattern NAME = Pattern.compile("users/([^/]+)/dataTypes/([^/]+)/dataPoints/([^/]+)");
    private static final Pattern FAMILY = Pattern.compile("users/([^/]+)/dataSourceFamilies/([a-z-]+)");

    /** The data source families of list. */
    private enum Family {
        ALL_SOURCES("all-sources"), GOOGLE_WEARABLES("google-wearables"), GOOGLE_SOURCES("google-sources"),
        SELF_SOURCES("self-sources");

        private final String id;

        Family(String id) {
            this.id = id;
        }

        boolean includes(GoogleHealthPoint point, String clientId) {
            return switch (this) {
                case ALL_SOURCES -> true;
                case GOOGLE_WEARABLES -> point.origin().wearable();
                case GOOGLE_SOURCES -> point.origin().firstParty();
                case SELF_SOURCES -> point.origin().writtenBy(clientId);
            };
        }
    }

    /** What the caller's token lets it read of a type. */
    private enum Access { ALL, OWN_ONLY }

    private final SandboxTokens tokens;
    private final String clientId;

    /** {@code clientId}: the sandbox's one OAuth client, which every token belongs to. */
    GoogleHealthDataPointEndpoints(SandboxTokens tokens, String clientId) {
        this.tokens = tokens;
        this.clientId = clientId;
    }

    /** {@code GET .../dataTypes/{type}/dataPoints?filter&pageSize&pageToken&dataSourceFamily}. */
    ApiAnswer list(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = dataType(ctx);
        checkUser(ctx, user);
        Access access = readAccess(ctx, type);
        String filterText = param(ctx, "filter", "filter");
        GoogleHealthFilter filter = GoogleHealthFilter.parse(filterText, type);
        Family family = family(param(ctx, "dataSourceFamily", "data_source_family"), type, user, access);
        int pageSize = pageSize(param(ctx, "pageSize", "page_size"), type);
        String request = Integer.toHexString(Objects.hash(type.id(), filterText == null ? "" : filterText.trim(), family.id));
        String tokenText = param(ctx, "pageToken", "page_token");
        GoogleHealthPageToken token = tokenText == null || tokenText.isEmpty() ? null : GoogleHealthPageToken.decode(tokenText, request);
        List<GoogleHealthPoint> matching = user.points(type, point -> filter.matches(point) && family.includes(point, clientId)
                && (token == null || token.precedes(point)));
        List<GoogleHealthPoint> page = matching.subList(0, Math.min(pageSize, matching.size()));
        // proto3 JSON leaves out an empty list and an empty token
        ObjectNode body = SandboxJson.object();
        if (!page.isEmpty()) {
            ArrayNode points = body.putArray("dataPoints");
            page.forEach(point -> points.add(point.toJson(user.id())));
        }
        if (page.size() < matching.size()) {
            body.put("nextPageToken", GoogleHealthPageToken.after(request, page.get(page.size() - 1)).encode());
        }
        return ApiAnswer.ok(body);
    }

    /** {@code GET .../dataTypes/{type}/dataPoints/{id}}: only identifiable points have an id. */
    ApiAnswer get(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = dataType(ctx);
        checkUser(ctx, user);
        Access access = readAccess(ctx, type);
        GoogleHealthPoint point = user.find(type, ctx.pathParam("dataPoint"))
                .filter(found -> access == Access.ALL || found.origin().writtenBy(clientId))
                .orElseThrow(() -> new ApiProblem(404, null, "Requested entity was not found."));
        return ApiAnswer.ok(point.toJson(user.id()));
    }

    /**
     * {@code GET .../dataTypes/exercise/dataPoints/{id}:exportExerciseTcx}: the exercise's track as TCX, raw with
     * {@code alt=media}, else inside {@code {"tcxData"}}. It needs an activity scope and the location scope. Samples
     * without a position are left out unless {@code partialData=true}.
     */
    ApiAnswer exportExerciseTcx(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = dataType(ctx);
        checkUser(ctx, user);
        if (type != GoogleHealthDataType.EXERCISE) {
            throw ApiProblem.invalid("name", "Only exercise data points can be exported as TCX.");
        }
        Set<String> scopes = scopes(ctx);
        boolean activity = scopes.contains(type.readScope()) || scopes.contains(type.writeScope());
        if (!activity || !scopes.contains(LOCATION_SCOPE)) {
            throw insufficientScopes();
        }
        Access access = readAccess(ctx, type);
        GoogleHealthPoint point = user.find(type, ctx.pathParam("dataPoint"))
                .filter(found -> access == Access.ALL || found.origin().writtenBy(clientId))
                .orElseThrow(() -> new ApiProblem(404, null, "Requested entity was not found."));
        String tcx = GoogleHealthTcx.export(point, "true".equals(param(ctx, "partialData", "partial_data")));
        if ("media".equals(ctx.queryParams().get("alt"))) {
            return new ApiAnswer(200, tcx, Map.of("Content-Type", "application/vnd.garmin.tcx+xml"));
        }
        return ApiAnswer.ok(SandboxJson.object().put("tcxData", tcx));
    }

    /** {@code POST .../dataTypes/{type}/dataPoints}: body a DataPoint; answers a finished Operation. */
    ApiAnswer create(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = writableType(ctx, user);
        JsonNode body = object(SandboxJson.body(ctx));
        String id = null;
        if (body.hasNonNull("name")) {
            id = pointId(body.get("name").asText(), type, user);
            if (!CLIENT_POINT_ID.matcher(id).matches()) {
                throw ApiProblem.invalid("name", "A client-provided data point id must be 4-63 lowercase letters, numbers and hyphens.");
            }
        }
        GoogleHealthUser.Draft draft = GoogleHealthDataPointBody.parse(body, type, origin(body.path("dataSource")));
        String wanted = id;
        GoogleHealthPoint created = user.create(type, id, draft)
                .orElseThrow(() -> new ApiProblem(409, null, "Data point " + wanted + " already exists."));
        return operation("CreateDataPointOperationMetadata", dataPointResponse(created, user));
    }

    /** {@code PATCH .../dataTypes/{type}/dataPoints/{id}}: replaces a point this client wrote. */
    ApiAnswer patch(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = writableType(ctx, user);
        String id = ctx.pathParam("dataPoint");
        GoogleHealthPoint existing = user.find(type, id)
                .orElseThrow(() -> new ApiProblem(404, null, "Data point " + id + " was not found."));
        if (!existing.origin().writtenBy(clientId)) {
            throw new ApiProblem(403, null, "The caller may only change data points it created.");
        }
        JsonNode body = object(SandboxJson.body(ctx));
        if (body.hasNonNull("name") && !id.equals(pointId(body.get("name").asText(), type, user))) {
            throw ApiProblem.invalid("name", "The data point name in the body does not match the URL.");
        }
        GoogleHealthOrigin origin = body.has("dataSource") ? origin(body.get("dataSource")) : existing.origin();
        GoogleHealthPoint replaced = user.replace(existing,
                GoogleHealthDataPointBody.parse(body, type, origin).as(existing.id(), existing.seq()));
        return operation("UpdateDataPointOperationMetadata", dataPointResponse(replaced, user));
    }

    /** {@code POST .../dataTypes/{type|-}/dataPoints:batchDelete} with {@code {"names":[...]}}: all or nothing. */
    ApiAnswer batchDelete(RoutingContext ctx, GoogleHealthUser user) {
        String parent = ctx.pathParam("dataType");
        GoogleHealthDataType parentType = "-".equals(parent) ? null : dataType(ctx);
        checkUser(ctx, user);
        JsonNode names = object(SandboxJson.body(ctx)).path("names");
        if (!names.isArray() || names.isEmpty()) {
            throw ApiProblem.invalid("names", "names must list the data points to delete.");
        }
        if (names.size() > MAX_BATCH_DELETE) {
            throw ApiProblem.invalid("names", "At most " + MAX_BATCH_DELETE + " data points can be deleted in one request.");
        }
        List<GoogleHealthPoint> doomed = new ArrayList<>();
        for (JsonNode nameJson : names) {
            Matcher name = NAME.matcher(nameJson.asText(""));
            if (!name.matches()) {
                throw ApiProblem.invalid("names", "Invalid data point name: " + nameJson.asText(""));
            }
            checkUserSegment(name.group(1), user);
            GoogleHealthDataType type = GoogleHealthDataType.byId(name.group(2)).orElseThrow(() ->
                    new ApiProblem(400, "INVALID_PARENT_DATA_TYPE_COLLECTION", "Invalid data type ID: " + name.group(2) + "."));
            if (parentType != null && parentType != type) {
                throw ApiProblem.invalid("names", "Data point " + name.group(0) + " is not in the parent collection " + parent + ".");
            }
            requireWrite(ctx, type);
            GoogleHealthPoint point = user.find(type, name.group(3))
                    .orElseThrow(() -> new ApiProblem(404, null, "Data point " + name.group(0) + " was not found."));
            if (!point.origin().writtenBy(clientId)) {
                throw new ApiProblem(403, null, "The caller may only delete data points it created.");
            }
            doomed.add(point);
        }
        user.delete(doomed);
        return operation("BatchDeleteDataPointsOperationMetadata",
                SandboxJson.object().put("@type", TYPE_PREFIX + "BatchDeleteDataPointsResponse"));
    }

    private GoogleHealthDataType writableType(RoutingContext ctx, GoogleHealthUser user) {
        GoogleHealthDataType type = dataType(ctx);
        checkUser(ctx, user);
        requireWrite(ctx, type);
        if (!type.writable()) {
            throw new ApiProblem(400, null, "Data type " + type.id() + " does not support writes; its points are recorded by devices.");
        }
        return type;
    }

    /** What the client says about the source; platform and application are output only and set here. */
    private GoogleHealthOrigin origin(JsonNode dataSource) {
        String recordingMethod = enumValue(dataSource.path("recordingMethod"), GoogleHealthOrigin.RECORDING_METHODS, "recordingMethod");
        JsonNode device = dataSource.path("device");
        String formFactor = enumValue(device.path("formFactor"), GoogleHealthOrigin.FORM_FACTORS, "device.formFactor");
        return GoogleHealthOrigin.webClient(clientId, recordingMethod, formFactor, textOrNull(device.path("manufacturer")),
                textOrNull(device.path("displayName")));
    }

    private static ApiAnswer operation(String metadataType, ObjectNode response) {
        ObjectNode operation = SandboxJson.object().put("name", "operations/" + UUID.randomUUID()).put("done", true);
        operation.putObject("metadata").put("@type", TYPE_PREFIX + metadataType);
        operation.set("response", response);
        return ApiAnswer.ok(operation);
    }

    private static ObjectNode dataPointResponse(GoogleHealthPoint point, GoogleHealthUser user) {
        ObjectNode response = SandboxJson.object().put("@type", TYPE_PREFIX + "DataPoint");
        response.setAll(point.toJson(user.id()));
        return response;
    }

    private Access readAccess(RoutingContext ctx, GoogleHealthDataType type) {
        Set<String> scopes = scopes(ctx);
        if (scopes.contains(type.readScope())) {
            return Access.ALL;
        }
        if (scopes.contains(type.writeScope())) {
            return Access.OWN_ONLY;
        }
        throw insufficientScopes();
    }

    private void requireWrite(RoutingContext ctx, GoogleHealthDataType type) {
        if (!scopes(ctx).contains(type.writeScope())) {
            throw insufficientScopes();
        }
    }

    private Set<String> scopes(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        // the gate let the call in, so the grant exists; its scope is what the user approved
        return tokens.accessGrant(SandboxProvider.GOOGLE_HEALTH, bearer)
                .map(grant -> Set.copyOf(Arrays.asList(grant.scope().trim().split("\\s+"))))
                .orElse(Set.of());
    }

    private static ApiProblem insufficientScopes() {
        return new ApiProblem(403, "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "Request had insufficient authentication scopes.");
    }

    private Family family(String text, GoogleHealthDataType type, GoogleHealthUser user, Access access) {
        // sleep listing cannot be restricted by source: an explicit family is refused, an implied one denied
        if (type == GoogleHealthDataType.SLEEP && text != null && !text.isEmpty()) {
            throw new ApiProblem(400, null, "Filtering by data source family is not supported for sleep; use reconcile.");
        }
        if (type == GoogleHealthDataType.SLEEP && access == Access.OWN_ONLY) {
            throw new ApiProblem(403, null, "Filtering by data source family is not supported for sleep; use reconcile.");
        }
        Family family = Family.ALL_SOURCES;
        if (text != null && !text.isEmpty()) {
            Matcher matcher = FAMILY.matcher(text);
            family = matcher.matches()
                    ? Arrays.stream(Family.values()).filter(f -> f.id.equals(matcher.group(2))).findFirst().orElse(null)
                    : null;
            if (family == null) {
                throw new ApiProblem(400, "INVALID_DATA_POINT_DATA_SOURCE_FAMILY", "Invalid data source family: " + text + ".");
            }
            checkUserSegment(matcher.group(1), user);
        }
        if (access == Access.OWN_ONLY) {
            if (text != null && !text.isEmpty() && family != Family.SELF_SOURCES) {
                throw new ApiProblem(403, null, "With write scopes only, a caller may read only the data it wrote (self-sources).");
            }
            return Family.SELF_SOURCES;
        }
        return family;
    }

    private static int pageSize(String text, GoogleHealthDataType type) {
        if (text == null || text.isEmpty()) {
            return type.defaultPageSize();
        }
        try {
            int size = Integer.parseInt(text);
            if (size < 0) {
                throw ApiProblem.invalid("pageSize", "pageSize must not be negative.");
            }
            return size == 0 ? type.defaultPageSize() : Math.min(size, type.maxPageSize());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("pageSize", "Invalid value at 'page_size' (TYPE_INT32), \"" + text + "\"");
        }
    }

    private static GoogleHealthDataType dataType(RoutingContext ctx) {
        String id = ctx.pathParam("dataType");
        return GoogleHealthDataType.byId(id).orElseThrow(() -> new ApiProblem(400, "INVALID_PARENT_DATA_TYPE_COLLECTION",
                "Invalid data type ID referenced in the parent data type collection: " + id + "."));
    }

    private static void checkUser(RoutingContext ctx, GoogleHealthUser user) {
        checkUserSegment(ctx.pathParam("user"), user);
    }

    /** {@code me} or the caller's own health user id; nobody reads another user's data. */
    private static void checkUserSegment(String segment, GoogleHealthUser user) {
        if (!"me".equals(segment) && !user.id().equals(segment)) {
            throw new ApiProblem(403, null, "The caller does not have permission");
        }
    }

    /** The id of a name {@code users/{me|id}/dataTypes/{type}/dataPoints/{id}} of this collection. */
    private static String pointId(String name, GoogleHealthDataType type, GoogleHealthUser user) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches() || !matcher.group(2).equals(type.id())) {
            throw ApiProblem.invalid("name", "Invalid data point name: expected users/{user}/dataTypes/" + type.id() + "/dataPoints/{id}.");
        }
        checkUserSegment(matcher.group(1), user);
        return matcher.group(3);
    }

    private static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw ApiProblem.invalid("body", "Invalid JSON payload received. Expected an object.");
        }
        return body;
    }

    private static String enumValue(JsonNode json, Set<String> allowed, String field) {
        if (json.isMissingNode() || json.isNull()) {
            return null;
        }
        if (!json.isTextual() || !allowed.contains(json.asText())) {
            throw ApiProblem.invalid(field, "Invalid value at '" + field + "', \"" + json.asText() + "\"");
        }
        return json.asText();
    }

    private static String textOrNull(JsonNode json) {
        return json.isTextual() && !json.asText().isEmpty() ? json.asText() : null;
    }

    private static String param(RoutingContext ctx, String camel, String snake) {
        String value = ctx.queryParams().get(camel);
        return value != null ? value : ctx.queryParams().get(snake);
    }
}
