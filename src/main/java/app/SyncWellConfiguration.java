package app;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import javax.crypto.SecretKey;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import api.AccountRevocations;
import api.AccountsApi;
import api.BackfillsApi;
import api.ConnectionsApi;
import api.DeadLettersApi;
import api.DeauthorizationChecks;
import api.JobRequests;
import api.JobsApi;
import api.ProviderMigrationsApi;
import api.ProvidersApi;
import api.RecordsApi;
import api.RedirectAllowlist;
import api.RequestLimits;
import api.TokenKeysApi;
import api.WebhooksApi;
import config.Settings;
import deadletters.DeadLetterArchive;
import metrics.QueueDepths;
import metrics.SyncMetrics;
import processors.CheckBatchSentProcessor;
import processors.ClaimDeadLetterReplayProcessor;
import processors.DeferJobProcessor;
import processors.EnrichReads;
import processors.FinishDeadLetterReplayProcessor;
import processors.FinishDryRunProcessor;
import processors.JobOutcomes;
import processors.LoadSyncContextProcessor;
import processors.MarkJobDeadLetteredProcessor;
import processors.MarkJobRetryingProcessor;
import processors.PrepareDeadLetterProcessor;
import processors.PrepareDrainedDeadLetterProcessor;
import processors.ProviderRequests;
import processors.ReadJobMessageProcessor;
import processors.RecordFatesProcessor;
import processors.ResolveConflictsProcessor;
import processors.StopRouteProcessor;
import processors.UpdateSyncStateProcessor;
import processors.WaitForConnectionProcessor;
import providers.http.AccountTokens;
import providers.http.AppQuota;
import providers.http.AppQuotas;
import providers.http.ProviderContext;
import providers.http.ProviderHttp;
import providers.http.RateBudgets;
import providers.spi.HealthProvider;
import providers.spi.ProviderRegistry;
import routes.SyncSteps;
import scheduling.ClaimScheduledRunProcessor;
import scheduling.FindDueConnectionsProcessor;
import scheduling.FinishScheduledRunProcessor;
import scheduling.QueueScheduledRunProcessor;
import security.JwtAuthenticator;
import security.LocalSecrets;
import security.TokenCipher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import state.AccountStore;
import state.BackfillStore;
import state.ClaimRenewals;
import state.ConnectionLeases;
import state.ConnectionStore;
import state.DueIndex;
import state.JobStore;
import state.OAuthStateStore;
import state.QuotaStore;
import state.RecordLedger;
import state.RevocationStore;
import state.ScheduleSettings;
import state.ScheduledRuns;
import state.Tables;
import state.WaitingJobs;

/**
 * The engine's beans, bound under the names the routes use: stores, security, providers, the pipeline's
 * processors and the API. Also turns {@code syncwell.roles} into the {@code syncwell.role.*} flags the
 * worker routes start by, and runs the demo set-up once everything is up.
 */
public class SyncWellConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWellConfiguration.class);
    private static final List<String> ROLES = List.of("api", "hot-worker", "cold-worker", "scheduler");
    /** A tick handles at most this many due connections per shard; the rest are due still at the next tick. */
    private static final int DUE_PER_SHARD_AND_TICK = 1000;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        for (String role : ROLES) {
            context.getPropertiesComponent().addInitialProperty("syncwell.role." + role, Boolean.toString(settings.hasRole(role)));
        }
        LOG.info("SyncWell starting in {} mode with roles {}", settings.localMode() ? "local" : "aws",
                settings.list("syncwell.roles"));
        ScheduleSettings scheduling = new ScheduleSettings(settings.duration("syncwell.scheduler.tick"),
                settings.duration("syncwell.scheduler.min-interval"), settings.duration("syncwell.reconcile.interval"),
                settings.duration("syncwell.reconcile.window"));
        // the timer takes milliseconds
        context.getPropertiesComponent().addInitialProperty("syncwell.scheduler.tick-millis",
                Long.toString(scheduling.tick().toMillis()));
        Registry registry = context.getRegistry();
        SyncMetrics metrics = metrics(context, settings);
        DynamoDbClient dynamo = registry.lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
        Tables tables = Tables.withPrefix(settings.string("syncwell.table-prefix"));
        DueIndex dueIndex = new DueIndex(settings.integer("syncwell.scheduler.shards"));
        ConnectionStore connections = new ConnectionStore(dynamo, tables, dueIndex);
        if (settings.hasRole("api")) {
            HealthCheckHelper.getHealthCheckRegistry(context).register(new StoresHealthCheck(dynamo, tables.connections()));
        }
        ConnectionLeases leases = new ConnectionLeases(dynamo, tables);
        JobStore jobs = new JobStore(dynamo, tables);
        AccountStore accounts = new AccountStore(dynamo, tables);
        BackfillStore backfills = new BackfillStore(dynamo, tables);

        Path keys = settings.path("syncwell.data-dir").resolve("keys");
        TokenCipher cipher = tokenCipher(settings, keys, registry);
        registry.bind("tokenCipher", cipher);
        JwtAuthenticator jwt = jwtAuthenticator(settings, keys);
        registry.bind("jwtAuthenticator", jwt);

        // the providers themselves are bound by ProvidersConfiguration, each taking this context, and found by type
        registry.bind("providerContext", new ProviderContext(settings, new AccountTokens(accounts, cipher),
                ProviderHttp.secureClient(), new RateBudgets(settings.fraction("syncwell.backfill.provider-share"),
                        appQuotas(context, settings, new QuotaStore(dynamo, tables))), metrics));
        ProviderRegistry providers = new ProviderRegistry(() -> registry.findByType(HealthProvider.class));
        registry.bind("providerRegistry", providers);

        registry.bind("readJobMessageProcessor", new ReadJobMessageProcessor(metrics));
        Duration claimLease = Duration.ofSeconds(settings.integer("syncwell.worker.visibility-timeout"));
        ClaimRenewals claimRenewals = new ClaimRenewals(claimLease);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                claimRenewals.close();
            }
        });
        registry.bind("loadSyncContextProcessor", new LoadSyncContextProcessor(jobs, leases, providers, settings.duration("syncwell.initial-window"), claimLease, claimRenewals));
        registry.bind("syncSteps", new SyncSteps());
        registry.bind("providerRequests", new ProviderRequests());
        registry.bind("enrichReads", new EnrichReads());
        registry.bind("resolveConflictsProcessor", new ResolveConflictsProcessor());
        RecordLedger ledger = new RecordLedger(dynamo, tables, settings.duration("syncwell.records.retention"));
        registry.bind("recordLedger", ledger);
        registry.bind("recordFatesProcessor", new RecordFatesProcessor(ledger));
        registry.bind("updateSyncStateProcessor", new UpdateSyncStateProcessor(jobs, connections, leases));
        registry.bind("finishDryRunProcessor", new FinishDryRunProcessor(jobs));
        registry.bind("markJobRetryingProcessor", new MarkJobRetryingProcessor(jobs));
        registry.bind("deferJobProcessor", new DeferJobProcessor(jobs, connections, leases));
        registry.bind("waitForConnectionProcessor", new WaitForConnectionProcessor(jobs));
        registry.bind("checkBatchSentProcessor", new CheckBatchSentProcessor());
        registry.bind("prepareDeadLetterProcessor", new PrepareDeadLetterProcessor(jobs, ledger));
        registry.bind("markJobDeadLetteredProcessor", new MarkJobDeadLetteredProcessor(jobs, connections, leases, metrics));
        registry.bind("prepareDrainedDeadLetterProcessor", new PrepareDrainedDeadLetterProcessor(jobs, claimLease));
        DeadLetterArchive deadLetterArchive = new DeadLetterArchive(registry.lookupByNameAndType("s3Client", S3Client.class),
                settings.string("syncwell.bucket.dead-letters"));
        registry.bind("claimDeadLetterReplayProcessor", new ClaimDeadLetterReplayProcessor(deadLetterArchive, jobs));
        registry.bind("finishDeadLetterReplayProcessor", new FinishDeadLetterReplayProcessor(deadLetterArchive));
        registry.bind("stopRouteProcessor", new StopRouteProcessor());

        registry.bind("requestLimits", new RequestLimits(settings.integer("syncwell.api.rate-limit.user-per-minute"),
                settings.integer("syncwell.api.rate-limit.address-per-minute"),
                settings.integer("syncwell.api.rate-limit.push-address-per-minute")));
        String publicBaseUrl = settings.string("syncwell.public-base-url");
        registry.bind("providersApi", new ProvidersApi(providers));
        Duration revocationRetry = settings.duration("syncwell.revocations.retry-interval");
        context.getPropertiesComponent().addInitialProperty("syncwell.revocations.retry-interval-millis",
                Long.toString(revocationRetry.toMillis()));
        AccountRevocations revocations = new AccountRevocations(providers, accounts, connections,
                new RevocationStore(dynamo, tables), cipher, backgroundPool(context, "revocations"),
                revocationRetry, settings.duration("syncwell.revocations.give-up-after"));
        registry.bind("accountRevocations", revocations);
        registry.bind("accountsApi", new AccountsApi(providers, accounts, new OAuthStateStore(dynamo, tables), cipher,
                publicBaseUrl, new RedirectAllowlist(settings.list("syncwell.oauth.allowed-redirects")), revocations));
        Duration retention = settings.duration("syncwell.job-retention");
        JobRequests jobRequests = new JobRequests(jobs, new WaitingJobs(dynamo, tables, jobs), context.createProducerTemplate(), retention);
        ConnectionsApi connectionsApi = new ConnectionsApi(providers, accounts, connections, jobRequests, jobs,
                settings.duration("syncwell.dry-run.wait"), scheduling);
        registry.bind("connectionsApi", connectionsApi);
        registry.bind("backfillsApi", new BackfillsApi(connectionsApi, providers, backfills, jobs, jobRequests,
                settings.duration("syncwell.backfill.max-range"), retention));
        registry.bind("jobsApi", new JobsApi(jobs, connections));
        registry.bind("recordsApi", new RecordsApi(connectionsApi, registry.lookupByNameAndType("recordLedger", RecordLedger.class)));
        DeauthorizationChecks deauthorizations = new DeauthorizationChecks(providers,
                backgroundPool(context, "deauthorization-checks"),
                settings.duration("syncwell.webhooks.deauthorization-check-interval"));
        registry.bind("webhooksApi", new WebhooksApi(providers, accounts, connections, jobRequests, deauthorizations,
                settings.duration("syncwell.webhooks.start-delay")));
        registry.bind("tokenKeysApi", new TokenKeysApi(accounts, cipher));
        registry.bind("providerMigrationsApi", new ProviderMigrationsApi(providers, connections));
        QueueDepths queueDepths = registry.lookupByNameAndType("queueDepths", QueueDepths.class);
        registry.bind("deadLettersApi", new DeadLettersApi(deadLetterArchive, context.createProducerTemplate(), queueDepths::read,
                settings.localMode() && settings.bool("syncwell.hawtio.enabled")
                        ? "http://localhost:" + settings.integer("syncwell.hawtio.port") + "/hawtio/" : null));

        bindScheduler(registry, new ScheduledRuns(dynamo, tables, dueIndex), dueIndex, scheduling, accounts, jobs, jobRequests);

        if (settings.localMode() && settings.hasRole("api")) {
            LocalEnvironment local = LocalModeConfiguration.environment(context);
            whenFullyStarted(context, () -> local.afterStart(context, settings));
        }
    }

    /**
     * The application's quotas at the providers ({@code syncwell.provider.<id>.app-quota}), each setting checked now so
     * that a mistyped one stops the start instead of the first job that calls the provider.
     */
    private static AppQuotas appQuotas(CamelContext context, Settings settings, QuotaStore counters) {
        for (String key : context.getPropertiesComponent().loadProperties(key -> key.endsWith(".app-quota")).stringPropertyNames()) {
            try {
                AppQuota.parse(settings.string(key, ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("setting '" + key + "': " + e.getMessage(), e);
            }
        }
        return new AppQuotas(provider -> AppQuota.parse(settings.string("syncwell.provider." + provider + ".app-quota", "")),
                counters);
    }

    /**
     * A small pool for calls made after an API answer (provider checks and revocations): a bounded queue, and a task
     * beyond it refused (RejectedExecutionException) rather than run on the caller's thread, which is serving a request.
     */
    private ExecutorService backgroundPool(CamelContext context, String name) {
        return context.getExecutorServiceManager().newThreadPool(this, name, new org.apache.camel.builder.ThreadPoolProfileBuilder(name)
                .poolSize(1).maxPoolSize(2).maxQueueSize(1000)
                .rejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.Abort).build());
    }

    /**
     * The Prometheus registry Camel's metrics use too ({@code metricsRegistry}, served at {@code /observe/metrics}),
     * SyncWell's meters on it, job outcomes recorded as workers finish them, queue depths read by {@code queue-metrics}.
     */
    private static SyncMetrics metrics(CamelContext context, Settings settings) {
        SyncMetrics metrics = new SyncMetrics(SyncMetrics.registryOf(context));
        context.getManagementStrategy().addEventNotifier(new JobOutcomes(metrics));
        // the queue URLs AwsClientsConfiguration resolved at start
        Map<String, String> queueUrls = new java.util.LinkedHashMap<>();
        for (String queue : List.of("hot", "cold", "hot-dlq", "cold-dlq")) {
            queueUrls.put(queue, settings.string("syncwell.queue." + queue + ".url"));
        }
        context.getRegistry().bind("queueDepths", new QueueDepths(context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class),
                metrics, queueUrls));
        return metrics;
    }

    /**
     * Token encryption every replica shares: under the KMS key {@code syncwell.kms.key-id}, else under the key file
     * {@code syncwell.token-key-file} (local mode: the data dir's, created on first start).
     */
    private static TokenCipher tokenCipher(Settings settings, Path keys, Registry registry) {
        Optional<String> kmsKey = settings.optional("syncwell.kms.key-id");
        if (kmsKey.isPresent()) {
            LOG.info("OAuth tokens are encrypted under KMS key {}", kmsKey.get());
            return TokenCipher.withKms(registry.lookupByNameAndType("kmsClient", KmsClient.class), kmsKey.get(),
                    settings.list("syncwell.kms.previous-key-ids"), settings.duration("syncwell.kms.data-key-max-age"),
                    settings.integer("syncwell.kms.data-key-max-uses"));
        }
        boolean local = settings.localMode();
        SecretKey current = settings.optional("syncwell.token-key-file").map(file -> LocalSecrets.readKey(Path.of(file)))
                .orElseGet(() -> LocalSecrets.tokenKey(keys));
        List<SecretKey> previous = settings.list("syncwell.token-key-previous-files").stream()
                .map(file -> LocalSecrets.readKey(Path.of(file))).toList();
        // tokens stored before the v2 format are under the data dir's key file (local mode only had that)
        return TokenCipher.withKeyFiles(current, previous, local ? LocalSecrets.tokenKey(keys) : null);
    }

    /**
     * Sign-in: the identity provider's keys (aws mode, or wherever a JWKS URL is set), else the local HS256 secret; the
     * same claim rules either way.
     */
    private static JwtAuthenticator jwtAuthenticator(Settings settings, Path keys) throws MalformedURLException {
        JwtAuthenticator.ClaimRules rules = new JwtAuthenticator.ClaimRules(settings.optional("syncwell.auth.issuer").orElse(null),
                settings.optional("syncwell.auth.audience").orElse(null), settings.duration("syncwell.auth.max-token-lifetime"));
        Optional<String> jwksUrl = settings.optional("syncwell.auth.jwks-url");
        if (jwksUrl.isPresent()) {
            return JwtAuthenticator.withJwks(URI.create(jwksUrl.get()).toURL(), rules);
        }
        return new JwtAuthenticator(settings.optional("syncwell.auth.jwt-secret")
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> LocalSecrets.jwtSecret(keys)), rules);
    }

    /** The steps of the scheduler's route (camel/scheduler.camel.yaml), under this process's name in its claims. */
    private static void bindScheduler(Registry registry, ScheduledRuns runs, DueIndex dueIndex, ScheduleSettings scheduling,
                                      AccountStore accounts, JobStore jobs, JobRequests jobRequests) {
        String holder = "scheduler-" + UUID.randomUUID();
        registry.bind("findDueConnectionsProcessor", new FindDueConnectionsProcessor(runs, dueIndex, DUE_PER_SHARD_AND_TICK));
        registry.bind("claimScheduledRunProcessor", new ClaimScheduledRunProcessor(runs, scheduling, holder));
        registry.bind("queueScheduledRunProcessor", new QueueScheduledRunProcessor(accounts, jobs, jobRequests, scheduling));
        registry.bind("finishScheduledRunProcessor", new FinishScheduledRunProcessor(runs, holder));
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
