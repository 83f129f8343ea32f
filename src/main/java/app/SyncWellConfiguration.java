package app;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import api.AccountsApi;
import api.ConnectionsApi;
import api.DeadLettersApi;
import api.JobRequests;
import api.JobsApi;
import api.ProvidersApi;
import api.WebhooksApi;
import processors.CallDestinationProcessor;
import processors.CallSourceProcessor;
import processors.ClaimDeadLetterReplayProcessor;
import processors.DeadLetterArchive;
import processors.FinishDeadLetterReplayProcessor;
import processors.PrepareDrainedDeadLetterProcessor;
import processors.StopRouteProcessor;
import processors.DeferJobProcessor;
import processors.FinishDryRunProcessor;
import processors.LoadSyncContextProcessor;
import processors.MarkJobDeadLetteredProcessor;
import processors.MarkJobRetryingProcessor;
import processors.PrepareDeadLetterProcessor;
import processors.ReadJobMessageProcessor;
import processors.ResolveConflictsProcessor;
import processors.UpdateSyncStateProcessor;
import processors.WriteDestinationProcessor;
import providers.AccountTokens;
import providers.HealthProvider;
import providers.ProviderContext;
import providers.ProviderHttp;
import providers.ProviderRegistry;
import security.JwtAuthenticator;
import security.LocalSecrets;
import security.TokenCipher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import state.AccountStore;
import state.ClaimRenewals;
import state.ConnectionStore;
import state.JobStore;
import state.OAuthStateStore;
import state.Tables;

/**
 * The engine's beans, bound under the names the routes use: stores, security, providers, the pipeline's
 * processors and the API. Also turns {@code syncwell.roles} into the {@code syncwell.role.*} flags the
 * worker routes start by, and runs the demo set-up once everything is up.
 */
public class SyncWellConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWellConfiguration.class);
    private static final List<String> ROLES = List.of("api", "hot-worker", "cold-worker", "scheduler");

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        for (String role : ROLES) {
            context.getPropertiesComponent().addInitialProperty("syncwell.role." + role, Boolean.toString(settings.hasRole(role)));
        }
        LOG.info("SyncWell starting in {} mode with roles {}", settings.localMode() ? "local" : "aws",
                settings.list("syncwell.roles"));
        Registry registry = context.getRegistry();
        DynamoDbClient dynamo = registry.lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
        Tables tables = Tables.withPrefix(settings.string("syncwell.table-prefix"));
        ConnectionStore connections = new ConnectionStore(dynamo, tables);
        JobStore jobs = new JobStore(dynamo, tables);
        AccountStore accounts = new AccountStore(dynamo, tables);

        Path keys = settings.path("syncwell.data-dir").resolve("keys");
        TokenCipher cipher = new TokenCipher(LocalSecrets.tokenKey(keys));
        String jwtSecret = settings.string("syncwell.auth.jwt-secret", "");
        JwtAuthenticator jwt = new JwtAuthenticator(jwtSecret.isBlank() ? LocalSecrets.jwtSecret(keys)
                : jwtSecret.getBytes(StandardCharsets.UTF_8));
        registry.bind("jwtAuthenticator", jwt);

        // the providers themselves are declared by camel/providers/<id>.camel.yaml and found by type
        registry.bind("providerContext", new ProviderContext(settings, new AccountTokens(accounts, cipher),
                ProviderHttp.secureClient()));
        ProviderRegistry providers = new ProviderRegistry(() -> registry.findByType(HealthProvider.class));
        registry.bind("providerRegistry", providers);

        registry.bind("readJobMessageProcessor", new ReadJobMessageProcessor());
        Duration claimLease = Duration.ofSeconds(settings.integer("syncwell.worker.visibility-timeout"));
        ClaimRenewals claimRenewals = new ClaimRenewals(jobs, claimLease);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                claimRenewals.close();
            }
        });
        registry.bind("loadSyncContextProcessor", new LoadSyncContextProcessor(jobs, connections, providers,
                settings.duration("syncwell.initial-window"), claimLease, claimRenewals));
        registry.bind("callSourceProcessor", new CallSourceProcessor());
        registry.bind("callDestinationProcessor", new CallDestinationProcessor());
        registry.bind("resolveConflictsProcessor", new ResolveConflictsProcessor());
        registry.bind("writeDestinationProcessor", new WriteDestinationProcessor());
        registry.bind("updateSyncStateProcessor", new UpdateSyncStateProcessor(jobs, connections));
        registry.bind("finishDryRunProcessor", new FinishDryRunProcessor(jobs));
        registry.bind("markJobRetryingProcessor", new MarkJobRetryingProcessor(jobs));
        registry.bind("deferJobProcessor", new DeferJobProcessor(jobs, connections));
        registry.bind("prepareDeadLetterProcessor", new PrepareDeadLetterProcessor(jobs));
        registry.bind("markJobDeadLetteredProcessor", new MarkJobDeadLetteredProcessor(jobs, connections));
        registry.bind("prepareDrainedDeadLetterProcessor", new PrepareDrainedDeadLetterProcessor(jobs));
        DeadLetterArchive deadLetterArchive = new DeadLetterArchive(registry.lookupByNameAndType("s3Client", S3Client.class),
                settings.string("syncwell.bucket.dead-letters"));
        registry.bind("claimDeadLetterReplayProcessor", new ClaimDeadLetterReplayProcessor(deadLetterArchive, jobs));
        registry.bind("finishDeadLetterReplayProcessor", new FinishDeadLetterReplayProcessor(deadLetterArchive));
        registry.bind("stopRouteProcessor", new StopRouteProcessor());

        String publicBaseUrl = settings.string("syncwell.public-base-url");
        registry.bind("providersApi", new ProvidersApi(providers));
        registry.bind("accountsApi", new AccountsApi(providers, accounts, new OAuthStateStore(dynamo, tables), cipher,
                publicBaseUrl));
        JobRequests jobRequests = new JobRequests(jobs, context.createProducerTemplate(), settings.duration("syncwell.job-retention"));
        registry.bind("connectionsApi", new ConnectionsApi(providers, accounts, connections, jobRequests, jobs,
                settings.duration("syncwell.dry-run.wait")));
        registry.bind("jobsApi", new JobsApi(jobs, connections));
        registry.bind("webhooksApi", new WebhooksApi(providers, accounts, connections, jobRequests));
        registry.bind("deadLettersApi", new DeadLettersApi(deadLetterArchive, context.createProducerTemplate()));

        if (settings.localMode() && settings.bool("syncwell.demo.enabled") && settings.hasRole("api")) {
            DemoSetup demo = new DemoSetup(URI.create("http://localhost:" + settings.integer("camel.server.port")), jwt);
            whenFullyStarted(context, demo::run);
        }
    }

    /** Runs {@code action} once the context and all routes have started (the HTTP server is then up). */
    private static void whenFullyStarted(CamelContext context, Runnable action) throws Exception {
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // routes are not all started yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                action.run();
            }
        });
    }
}
