package local;

import java.net.URI;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.AwsClientsConfiguration;
import console.HawtioConsole;
import app.LocalEnvironment;
import config.Settings;
import sandbox.ProviderSandbox;
import sandbox.common.SandboxSettings;
import security.JwtAuthenticator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import state.Tables;

/**
 * Local mode's {@link LocalEnvironment} (docs/architecture.md §4): before any route starts, brings up ElasticMQ, S3Proxy
 * and dynalite (unless {@code syncwell.local.stack=external}: another process runs them), the provider sandbox and
 * Hawtio, which stop with the Camel context, after the routes; creates the queues, tables and bucket they lack; and once
 * the engine is up, the demo. Found by the engine through {@code META-INF/services/app.LocalEnvironment}.
 */
public class LocalStackEnvironment implements LocalEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackEnvironment.class);

    @Override
    public void start(CamelContext context, Settings settings) throws Exception {
        // S3Proxy cannot check the trailing checksums the current SDK adds by default
        System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
        System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
        Path dataDir = settings.path("syncwell.data-dir");
        if (embeddedStack(settings)) {
            LocalStack stack = LocalStack.start(new LocalStackSettings(dataDir, settings.integer("syncwell.local.sqs-port"),
                    settings.integer("syncwell.local.s3-port"), settings.integer("syncwell.local.dynamodb-port"),
                    settings.string("syncwell.local.node"), settings.path("syncwell.local.dynalite-script"),
                    settings.integer("syncwell.local.dynalite-heap-mb"), AwsClientsConfiguration.LOCAL_ACCESS_KEY,
                    AwsClientsConfiguration.LOCAL_SECRET_KEY),
                    settings.string("syncwell.aws.region"));
            context.getRegistry().bind("localStack", LocalStack.class, stack);
            stopWithContext(context, "local AWS stack", stack);
        } else {
            LOG.info("using the local AWS stack another process runs: SQS :{}, S3 :{}, DynamoDB :{}",
                    settings.integer("syncwell.local.sqs-port"), settings.integer("syncwell.local.s3-port"),
                    settings.integer("syncwell.local.dynamodb-port"));
        }

        if (settings.bool("syncwell.sandbox.enabled")) {
            ProviderSandbox sandbox = new ProviderSandbox(new SandboxSettings(settings.integer("syncwell.sandbox.port"),
                    settings.duration("syncwell.sandbox.history"), settings.duration("syncwell.sandbox.access-token-ttl"),
                    settings.string("syncwell.provider.fitbit.client-id"),
                    settings.string("syncwell.provider.fitbit.client-secret")));
            sandbox.start();
            stopWithContext(context, "provider sandbox", sandbox);
            LOG.info("provider sandbox at {}", sandbox.baseUrl());
        }
        if (settings.bool("syncwell.hawtio.enabled")) {
            HawtioConsole hawtio = HawtioConsole.local(settings.integer("syncwell.hawtio.port"), dataDir.resolve("tmp"));
            hawtio.start();
            stopWithContext(context, "Hawtio console", hawtio);
            LOG.info("Hawtio console (Camel routes live): {}", hawtio.url());
        }
    }

    @Override
    public void createMissingResources(Settings settings, SqsClient sqs, S3Client s3, DynamoDbClient dynamo) {
        new LocalResources(sqs, s3, dynamo).createMissing(Tables.withPrefix(settings.string("syncwell.table-prefix")),
                settings.string("syncwell.queue.hot"), settings.string("syncwell.queue.cold"),
                settings.integer("syncwell.worker.max-receive-count"), settings.string("syncwell.bucket.dead-letters"));
    }

    @Override
    public void afterStart(CamelContext context, Settings settings) {
        if (settings.bool("syncwell.demo.enabled")) {
            JwtAuthenticator jwt = context.getRegistry().lookupByNameAndType("jwtAuthenticator", JwtAuthenticator.class);
            new DemoSetup(URI.create("http://localhost:" + settings.integer("camel.server.port")),
                    URI.create("http://localhost:" + settings.integer("syncwell.sandbox.port")), jwt).run();
        }
    }

    /**
     * {@code syncwell.local.stack}: {@code embedded} starts the servers in this process; {@code external} uses the
     * ones another SyncWell process on this machine runs (same ports), e.g. a worker-only process beside the API.
     */
    static boolean embeddedStack(Settings settings) {
        String stack = settings.string("syncwell.local.stack", "embedded").trim();
        if (!stack.equals("embedded") && !stack.equals("external")) {
            throw new IllegalStateException("syncwell.local.stack must be 'embedded' or 'external', got '" + stack + "'");
        }
        return stack.equals("embedded");
    }

    /** Stops {@code resource} when the context stops, which Camel does after it has stopped the routes. */
    private static void stopWithContext(CamelContext context, String name, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                LOG.info("stopping {}", name);
                resource.close();
            }

            @Override
            public String toString() {
                return name;
            }
        }, true, true);
    }
}
