package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.awaitility.Awaitility.await;

/**
 * The real app in local mode, started in this JVM with its own free ports and data dir: ElasticMQ,
 * S3Proxy, dynalite, the sandbox and the API, exactly as the run command starts them.
 */
public final class SyncWellInstance implements AutoCloseable {

    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123";
    /** The subscriber verification code Fitbit's developer console would show us. */
    public static final String FITBIT_VERIFICATION_CODE = "fitbit-verify-4f1c";
    /** The verify_token we would give Strava when subscribing to its webhook events. */
    public static final String STRAVA_VERIFY_TOKEN = "strava-verify-7d3a";
    /** The sandbox's client secret, which signs Fitbit notifications. */
    public static final String SANDBOX_CLIENT_SECRET = "sandbox-secret";
    /** The webhook_token Wahoo's developer portal would hold for our webhook. */
    public static final String WAHOO_WEBHOOK_TOKEN = "wahoo-webhook-9d2e";
    /** The Authorization value a test registers as the Google Health subscriber's secret. */
    public static final String GOOGLE_HEALTH_WEBHOOK_SECRET = "Bearer googlehealth-webhook-4c1f";

    private final String name;
    private final Path dataDir;
    private final Ports ports;
    private final Map<String, String> overrides;
    private Properties settings;
    private Main main;

    public record Ports(int api, int management, int sandbox, int sqs, int s3, int dynamoDb) {
        static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                    FreePorts.next());
        }
    }

    public SyncWellInstance(String name, Path dataDir) {
        this(name, dataDir, Map.of());
    }

    /** With settings of its own on top of the test defaults, e.g. {@code syncwell.roles=api} for an API-only process. */
    public SyncWellInstance(String name, Path dataDir, Map<String, String> overrides) {
        this.name = name;
        this.dataDir = dataDir;
        this.ports = Ports.free();
        this.overrides = Map.copyOf(overrides);
    }

    public SyncWellInstance start() {
        Properties props = new Properties();
        props.setProperty("camel.main.name", name);
        props.setProperty("syncwell.mode", "local");
        props.setProperty("syncwell.data-dir", dataDir.toString());
        props.setProperty("camel.server.port", Integer.toString(ports.api()));
        props.setProperty("camel.management.port", Integer.toString(ports.management()));
        props.setProperty("syncwell.sandbox.port", Integer.toString(ports.sandbox()));
        props.setProperty("syncwell.local.sqs-port", Integer.toString(ports.sqs()));
        props.setProperty("syncwell.local.s3-port", Integer.toString(ports.s3()));
        props.setProperty("syncwell.local.dynamodb-port", Integer.toString(ports.dynamoDb()));
        props.setProperty("syncwell.auth.jwt-secret", JWT_SECRET);
        props.setProperty("syncwell.demo.enabled", "false");
        props.setProperty("syncwell.hawtio.enabled", "false");
        props.setProperty("syncwell.provider.fitbit.subscriber-verification-code", FITBIT_VERIFICATION_CODE);
        props.setProperty("syncwell.provider.strava.verify-token", STRAVA_VERIFY_TOKEN);
        // the sandbox processes uploads at once unless a test delays them: no need to wait a second per poll
        props.setProperty("syncwell.provider.strava.upload-poll-interval", "PT0.2S");
        // the application quota matching the sandbox's raised Strava limits (start() below); AppQuotaTest lowers both
        props.setProperty("syncwell.provider.strava.app-quota", "100000/PT15M,1000000/P1D");
        // rate-limit tests shorten the sandbox's windows to a second; Strava's headers cannot say so
        props.setProperty("syncwell.provider.strava.rate-limit-window", "PT1S");
        props.setProperty("syncwell.provider.wahoo.webhook-token", WAHOO_WEBHOOK_TOKEN);
        props.setProperty("syncwell.provider.googlehealth.webhook-token", GOOGLE_HEALTH_WEBHOOK_SECRET);
        // the sandbox finishes an upload by its first poll: no need to wait between polls
        props.setProperty("syncwell.provider.wahoo.upload-poll-interval", "PT0.05S");
        // quick retries and short polls keep the suite fast; the policy is the same
        props.setProperty("syncwell.retry.initial-delay-ms", "100");
        props.setProperty("syncwell.retry.max-redeliveries", "3");
        // 429s without a reset header (Google's) would defer jobs a minute; tests shorten provider windows to a second
        props.setProperty("syncwell.rate-limit.default-wait", "PT1S");
        props.setProperty("syncwell.worker.wait-time-seconds", "1");
        // pushes start their jobs at once (ForgedPushTest runs a process with the production delay)
        props.setProperty("syncwell.webhooks.start-delay", "PT0S");
        // every test calls from this machine's address, many as one user: RequestLimitsTest runs a process with limits
        props.setProperty("syncwell.api.rate-limit.user-per-minute", "0");
        props.setProperty("syncwell.api.rate-limit.address-per-minute", "0");
        props.setProperty("syncwell.api.rate-limit.push-address-per-minute", "0");
        props.setProperty("syncwell.webhooks.deauthorization-check-interval", "PT0S");
        // a provider down when an account is unlinked is asked again within a second
        props.setProperty("syncwell.revocations.retry-interval", "PT0.5S");
        overrides.forEach(props::setProperty);
        settings = props;
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        main = new Main();
        main.setOverrideProperties(props);
        try {
            main.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("SyncWell did not start: " + e.getMessage(), e);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
        // Strava counts requests per application, and every test user shares the sandbox's one application: raised
        // limits, as Strava grants them on request, so that only tests that lower them meet a 429
        sandbox().rateLimit("strava", java.util.Map.of("per15Minutes", 100_000, "perDay", 1_000_000,
                "readPer15Minutes", 100_000, "readPerDay", 1_000_000));
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String apiUrl() {
        return "http://localhost:" + ports.api();
    }

    public String sandboxUrl() {
        return "http://localhost:" + ports.sandbox();
    }

    public Ports ports() {
        return ports;
    }

    /** The settings this instance was started with (ports, data dir, secrets, test timings): for processes beside it. */
    public Properties settings() {
        Properties copy = new Properties();
        copy.putAll(settings);
        return copy;
    }

    /** The local AWS stack this instance runs (dynalite can be stopped and started again through it). */
    public local.LocalStack localStack() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("localStack", local.LocalStack.class);
    }

    /** The app's own DynamoDB client, for a test that reads or arranges the tables beside the API. */
    public DynamoDbClient dynamo() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
    }

    public Path dataDir() {
        return dataDir;
    }

    public ApiClient api(String userId) {
        return ApiClient.forUser(apiUrl(), userId);
    }

    public SandboxClient sandbox() {
        return new SandboxClient(sandboxUrl());
    }

    /** The app's meters as Prometheus scrapes them from the management port ({@code /observe/metrics}). */
    public PrometheusText metrics() {
        try {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + ports.management()
                            + "/observe/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("/observe/metrics answered " + answer.statusCode());
            }
            return new PrometheusText(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("/observe/metrics did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }
}
