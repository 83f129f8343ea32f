package sandbox.googlefit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.SandboxJson;

/** Google Fit {@code users.dataSources}: list, get, create. */
final class GoogleFitDataSourceEndpoints {

    /** {@code GET /dataSources[?dataTypeName=...]} (the filter may repeat). */
    ApiAnswer list(RoutingContext ctx, GoogleFitUser user) {
        List<String> typeNames = ctx.queryParam("dataTypeName");
        ObjectNode body = SandboxJson.object();
        ArrayNode sources = body.putArray("dataSource");
        user.dataSources().stream()
                .filter(source -> typeNames.isEmpty() || typeNames.contains(source.dataType().name()))
                .forEach(source -> sources.add(source.toJson()));
        return ApiAnswer.ok(body);
    }

    /** {@code GET /dataSources/{dataSourceId}}. */
    ApiAnswer get(RoutingContext ctx, GoogleFitUser user) {
        return ApiAnswer.ok(existing(ctx, user).toJson());
    }

    /** {@code POST /dataSources}: 409 when the computed data stream id exists already. */
    ApiAnswer create(RoutingContext ctx, GoogleFitUser user) {
        GoogleFitDataSource source = GoogleFitDataSource.fromClient(SandboxJson.body(ctx));
        if (!user.addDataSource(source)) {
            throw new ApiProblem(409, null, "Data Source: " + source.id() + " already exists");
        }
        return ApiAnswer.ok(source.toJson());
    }

    static GoogleFitDataSource existing(RoutingContext ctx, GoogleFitUser user) {
        String id = ctx.pathParam("sourceId");
        return user.dataSource(id).orElseThrow(() -> ApiProblem.notFound("DataSourceId: " + id + " not found."));
    }
}
