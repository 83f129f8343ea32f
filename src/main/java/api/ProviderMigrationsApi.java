package api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import model.DataType;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import state.Connection;
import state.ConnectionStore;

/**
 * {@code POST /v1/admin/providers/{provider}/migrate} (admin only), body {@code {"from": "v2", "to": "v3", "userIds"?:
 * [...]}}: moves every connection that reads from or writes to the provider on version {@code from} to version
 * {@code to} — the explicit step after a new version of a provider ships beside the old; with {@code userIds}, only
 * those users' connections (a pilot before everyone). A connection the new version cannot serve (it no longer
 * reads or writes one of the connection's data types) stays where it is and is listed under {@code kept} with the
 * reason. Safe to repeat and to run while jobs run: each connection moves only from the version it was read on, and a
 * job picks the new version up at its next attempt. Answers {@code {provider, from, to, moved, kept:[{connectionId,
 * userId, reason}]}}.
 */
public class ProviderMigrationsApi {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderMigrationsApi.class);

    private final ProviderRegistry providers;
    private final ConnectionStore connections;

    public ProviderMigrationsApi(ProviderRegistry providers, ConnectionStore connections) {
        this.providers = providers;
        this.connections = connections;
    }

    /** The most users one pilot names; everyone is the call without {@code userIds}. */
    static final int MAX_PILOT_USERS = 1_000;

    public record Migration(String from, String to, List<String> userIds) {
    }

    public ApiResponse migrate(ApiRequest request) {
        String id = request.param("provider");
        List<HealthProvider> bound = providers.versions(id);
        if (bound.isEmpty()) {
            throw ApiProblem.notFound("unknown provider '" + id + "'");
        }
        Migration migration = request.bodyAs(Migration.class);
        String from = required(migration.from(), "from");
        String to = required(migration.to(), "to");
        HealthProvider target = providers.find(id, to).orElseThrow(() -> ApiProblem.badRequest("this installation serves no "
                + id + " " + to + "; it serves " + String.join(", ", bound.stream().map(p -> p.info().version()).toList())));
        if (from.equals(to)) {
            throw ApiProblem.badRequest("from and to are the same version");
        }
        // connections stored before versions were pinned are on the oldest version
        boolean unpinnedIsFrom = bound.get(0).info().version().equals(from);
        int moved = 0;
        List<Map<String, String>> kept = new ArrayList<>();
        for (Connection connection : candidates(id, migration.userIds())) {
            boolean source = connection.source().equals(id);
            String pinned = source ? connection.sourceVersion() : connection.destinationVersion();
            if (pinned == null ? !unpinnedIsFrom : !pinned.equals(from)) {
                continue;
            }
            Optional<String> unfit = unfit(target, source, connection.dataTypes());
            if (unfit.isPresent()) {
                kept.add(kept(connection, unfit.get()));
            } else if (connections.repin(connection, source, from, to, unpinnedIsFrom)) {
                moved++;
            } else {
                kept.add(kept(connection, "it changed or was deleted meanwhile; run the migration again"));
            }
        }
        LOG.info("provider migration {} {} -> {}: {} connections moved, {} kept", id, from, to, moved, kept.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", id);
        body.put("from", from);
        body.put("to", to);
        body.put("moved", moved);
        body.put("kept", kept);
        return ApiResponse.ok(body);
    }

    /** The connections that use the provider: all of them, or only the pilot users'. */
    private List<Connection> candidates(String provider, List<String> userIds) {
        if (userIds == null) {
            return connections.usingProvider(provider);
        }
        if (userIds.isEmpty() || userIds.size() > MAX_PILOT_USERS || userIds.stream().anyMatch(u -> u == null || u.isBlank())) {
            throw ApiProblem.badRequest("userIds must name between 1 and " + MAX_PILOT_USERS
                    + " users; leave it out to move every user's connections");
        }
        return userIds.stream().distinct().flatMap(user -> connections.list(user).stream())
                .filter(c -> c.source().equals(provider) || c.destination().equals(provider)).toList();
    }

    /** Why the new version cannot take this end of a connection, if it cannot: as creating the connection would say. */
    private static Optional<String> unfit(HealthProvider target, boolean source, List<DataType> types) {
        return types.stream().map(type -> ConnectionsApi.capabilityGap(target, source, type)).flatMap(Optional::stream)
                .findFirst().map(gap -> "version " + target.info().version() + ": " + gap);
    }

    private static Map<String, String> kept(Connection connection, String reason) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("connectionId", connection.id());
        kept.put("userId", connection.userId());
        kept.put("reason", reason);
        return kept;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("field '" + field + "' is required: the version to move connections " + field);
        }
        return value;
    }
}
