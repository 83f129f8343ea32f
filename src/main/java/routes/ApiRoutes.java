package routes;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

import api.AccountsApi;
import api.ApiEndpoint;
import api.ApiProcessor.Access;
import api.ApiProcessor;
import api.BackfillsApi;
import api.ConnectionsApi;
import api.DeadLettersApi;
import api.HttpEdges;
import api.JobsApi;
import api.ProviderMigrationsApi;
import api.ProvidersApi;
import api.RecordsApi;
import api.RequestLimits;
import api.TokenKeysApi;
import api.WebhooksApi;
import security.JwtAuthenticator;

/**
 * The HTTP API v1 (docs/architecture.md §5) on platform-http. Each operation is a route {@code api-<operation>}
 * whose one step is its endpoint logic behind {@link ApiProcessor} (auth, JSON, problem+json).
 */
public class ApiRoutes extends RouteBuilder {

    private long maxRequestBody;
    private long maxPushBody;

    @Override
    public void configure() {
        if (!Boolean.parseBoolean(getContext().resolvePropertyPlaceholders("{{syncwell.role.api}}"))) {
            return;
        }
        maxRequestBody = Long.parseLong(getContext().resolvePropertyPlaceholders("{{syncwell.api.max-request-body}}"));
        maxPushBody = Long.parseLong(getContext().resolvePropertyPlaceholders("{{syncwell.api.max-push-body}}"));
        int port = Integer.parseInt(getContext().resolvePropertyPlaceholders("{{camel.server.port}}"));
        RequestLimits limits = bean("requestLimits", RequestLimits.class);
        HttpEdges.Rules rules = new HttpEdges.Rules(maxRequestBody, maxPushBody, limits,
                getContext().resolvePropertyPlaceholders("{{syncwell.api.client-address-header}}"));
        // the server runs before the routes start: its own refusals are problem+json from the first request on
        try {
            getContext().addStartupListener((context, alreadyStarted) -> HttpEdges.install(context, port, rules));
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the API server's edges", e);
        }
        rest("/v1")
                .get("/providers").to("direct:api-list-providers")
                .post("/accounts/{provider}/authorize").to("direct:api-authorize-account")
                .get("/oauth/callback/{provider}").to("direct:api-oauth-callback")
                .get("/accounts").to("direct:api-list-accounts")
                .delete("/accounts/{provider}").to("direct:api-unlink-account")
                .post("/connections").to("direct:api-create-connection")
                .get("/connections").to("direct:api-list-connections")
                .get("/connections/{id}").to("direct:api-get-connection")
                .patch("/connections/{id}").to("direct:api-update-connection")
                .delete("/connections/{id}").to("direct:api-delete-connection")
                .post("/connections/{id}/sync").to("direct:api-sync-connection")
                .get("/connections/{id}/jobs").to("direct:api-list-connection-jobs")
                .get("/connections/{id}/records").to("direct:api-list-connection-records")
                .post("/connections/{id}/backfill").to("direct:api-request-backfill")
                .get("/connections/{id}/backfills").to("direct:api-list-connection-backfills")
                .get("/backfills/{id}").to("direct:api-get-backfill")
                .delete("/backfills/{id}").to("direct:api-cancel-backfill")
                .get("/jobs/{id}").to("direct:api-get-job")
                .get("/admin/overview").to("direct:api-admin-overview")
                .get("/admin/dead-letters").to("direct:api-list-dead-letters")
                .post("/admin/dead-letters/replay").to("direct:api-replay-all-dead-letters")
                .post("/admin/dead-letters/{id}/replay").to("direct:api-replay-dead-letter")
                .post("/admin/token-keys/rewrap").to("direct:api-rewrap-token-keys")
                .post("/admin/providers/{provider}/migrate").to("direct:api-migrate-provider-connections")
                .get("/webhooks/{provider}").to("direct:api-verify-webhook")
                .post("/webhooks/{provider}").to("direct:api-receive-webhook");

        ProvidersApi providers = bean("providersApi", ProvidersApi.class);
        AccountsApi accounts = bean("accountsApi", AccountsApi.class);
        ConnectionsApi connections = bean("connectionsApi", ConnectionsApi.class);
        JobsApi jobs = bean("jobsApi", JobsApi.class);
        RecordsApi records = bean("recordsApi", RecordsApi.class);
        BackfillsApi backfills = bean("backfillsApi", BackfillsApi.class);
        WebhooksApi webhooks = bean("webhooksApi", WebhooksApi.class);
        DeadLettersApi deadLetters = bean("deadLettersApi", DeadLettersApi.class);
        TokenKeysApi tokenKeys = bean("tokenKeysApi", TokenKeysApi.class);
        ProviderMigrationsApi migrations = bean("providerMigrationsApi", ProviderMigrationsApi.class);

        operation("list-providers", Access.USER, List.of(), providers::list);
        operation("authorize-account", Access.USER, List.of("provider"), accounts::authorize);
        operation("oauth-callback", Access.PUBLIC, List.of("provider", "code", "state", "error"), accounts::callback);
        operation("list-accounts", Access.USER, List.of(), accounts::list);
        operation("unlink-account", Access.USER, List.of("provider"), accounts::unlink);
        operation("create-connection", Access.USER, List.of(), connections::create);
        operation("list-connections", Access.USER, List.of("limit", "cursor"), connections::list);
        operation("get-connection", Access.USER, List.of("id"), connections::get);
        operation("update-connection", Access.USER, List.of("id"), connections::update);
        operation("delete-connection", Access.USER, List.of("id"), connections::delete);
        operation("sync-connection", Access.USER, List.of("id"), connections::sync);
        operation("list-connection-jobs", Access.USER, List.of("id", "limit"), jobs::listForConnection);
        operation("list-connection-records", Access.USER, List.of("id", "dataType", "from", "to", "outcome", "limit", "cursor"),
                records::list);
        operation("get-job", Access.USER, List.of("id"), jobs::get);
        operation("request-backfill", Access.USER, List.of("id"), backfills::request);
        operation("list-connection-backfills", Access.USER, List.of("id"), backfills::listForConnection);
        operation("get-backfill", Access.USER, List.of("id"), backfills::get);
        operation("cancel-backfill", Access.USER, List.of("id"), backfills::cancel);
        operation("admin-overview", Access.ADMIN, List.of(), deadLetters::overview);
        operation("list-dead-letters", Access.ADMIN, List.of("limit", "cursor"), deadLetters::list);
        operation("replay-all-dead-letters", Access.ADMIN, List.of(), deadLetters::replayAll);
        operation("replay-dead-letter", Access.ADMIN, List.of("id"), deadLetters::replay);
        operation("rewrap-token-keys", Access.ADMIN, List.of(), tokenKeys::rewrap);
        operation("migrate-provider-connections", Access.ADMIN, List.of("provider"), migrations::migrate);
        operation("verify-webhook", Access.PUBLIC, List.of("provider"), webhooks::verify);
        operation("receive-webhook", Access.PUBLIC, List.of("provider"), maxPushBody, webhooks::receive);
    }

    private void operation(String name, Access access, List<String> params, ApiEndpoint endpoint) {
        operation(name, access, params, maxRequestBody, endpoint);
    }

    private void operation(String name, Access access, List<String> params, long maxBody, ApiEndpoint endpoint) {
        from("direct:api-" + name).routeId("api-" + name)
                .process(new ApiProcessor(bean("jwtAuthenticator", JwtAuthenticator.class), bean("requestLimits", RequestLimits.class),
                        access, params, maxBody, endpoint))
                .id("api-" + name + "-handle");
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = getContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("bean '" + name + "' is missing from the registry");
        }
        return bean;
    }
}
