package app;

import java.nio.file.Path;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import config.Settings;
import local.HawtioConsole;
import local.LocalStack;
import local.LocalStackSettings;
import sandbox.ProviderSandbox;
import sandbox.SandboxSettings;

/**
 * Local mode (docs/architecture.md §4): before any route starts, brings up ElasticMQ, S3Proxy and dynalite (unless
 * {@code syncwell.local.stack=external}: another process runs them), the provider sandbox and Hawtio; they stop
 * with the Camel context, after the routes.
 */
public class LocalStackConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackConfiguration.class);
    /** Credentials of the local S3 server only; they open nothing anywhere else. */
    static final String LOCAL_ACCESS_KEY = "local";
    static final String LOCAL_SECRET_KEY = "local-secret";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!settings.localMode()) {
            return;
        }
        // S3Proxy cannot check the trailing checksums the current SDK adds by default
        System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
        System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
        Path dataDir = settings.path("syncwell.data-dir");
        if (embeddedStack(settings)) {
            LocalStack stack = LocalStack.start(new LocalStackSettings(dataDir, settings.integer("syncwell.local.sqs-port"),
                    settings.integer("syncwell.local.s3-port"), settings.integer("syncwell.local.dynamodb-port"),
                    settings.string("syncwell.local.node"), settings.path("syncwell.local.dynalite-script"),
                    LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY), settings.string("syncwell.aws.region"));
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
