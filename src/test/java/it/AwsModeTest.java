package it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import app.LaunchSettings;
import deploy.Terraform;
import local.LocalStack;
import local.LocalStackSettings;
import model.Json;
import sandbox.ProviderSandbox;
import sandbox.common.SandboxSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import support.ApiClient;
import support.PrometheusText;
import support.SandboxClient;
import support.SyncWellProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code syncwell.mode=aws} end to end, as a cluster runs it: one process per role (api, hot-worker, cold-worker,
 * scheduler) configured by environment variables alone, against AWS-protocol servers started here (ElasticMQ, dynalite, S3Proxy) whose
 * queues, tables and bucket are created from terraform/'s own definitions — the app creates nothing in aws mode —, the
 * token key from a key file both share, users signed in with RS256 JWTs of a test identity provider served as JWKS, and
 * providers pointed at a sandbox run on its own. Two accounts linked, a sync, a dead letter replayed, a scheduled sync
 * and a backfill; the tokens the API stored open in the workers; each process called only what terraform's IAM policy
 * grants its role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsModeTest {

    private static final String ISSUER = "https://login.example.test/";
    private static final String AUDIENCE = "syncwell-api";
    private static final String CLIENT_ID = "syncwell-aws-mode-test";
    private static final String CLIENT_SECRET = "aws-mode-test-client-secret";
    private static final String ACCESS_KEY = "aws-mode-test";
    private static final String SECRET_KEY = "aws-mode-test-secret";
    private static final Path DIR = Path.of("target/it/aws-mode");

    private static Terraform terraform;
    /** terraform's default region (S3Proxy takes buckets in us-east-1 only: no location constraint). */
    private static String region;
    private static LocalStack aws;
    private static ProviderSandbox sandbox;
    private static HttpServer identityProvider;
    private static RSAKey signingKey;
    /** One process per role, as the cluster's Deployments: api, hot-worker, cold-worker, scheduler. */
    private static final Map<String, SyncWellProcess> PROCESSES = new LinkedHashMap<>();
    private static final Map<String, Integer> MANAGEMENT_PORTS = new LinkedHashMap<>();
    private static int apiPort;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void cluster() throws Exception {
        Files.createDirectories(DIR);
        terraform = Terraform.load(Path.of("terraform"));
        region = terraform.variableDefault("region").asText();
        int sqsPort = SyncWellProcess.freePort();
        int s3Port = SyncWellProcess.freePort();
        int dynamoPort = SyncWellProcess.freePort();
        aws = LocalStack.start(new LocalStackSettings(DIR.resolve("aws-" + UUID.randomUUID()), sqsPort, s3Port, dynamoPort, "node",
                Path.of("node_modules/dynalite/cli.js"), 256, ACCESS_KEY, SECRET_KEY), region);
        createWhatTerraformCreates(sqsPort, s3Port, dynamoPort);

        sandbox = new ProviderSandbox(new SandboxSettings(0, Duration.ofDays(30), Duration.ofHours(8), CLIENT_ID, CLIENT_SECRET));
        sandbox.start();
        signingKey = new RSAKeyGenerator(2048).keyID("test-idp-1").generate();
        identityProvider = jwks(signingKey);

        Path tokenKey = DIR.resolve("token.key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(tokenKey, key);

        apiPort = SyncWellProcess.freePort();
        Map<String, String> common = clusterSettings(sqsPort, s3Port, dynamoPort, tokenKey);
        for (String role : List.of("api", "hot-worker", "cold-worker", "scheduler")) {
            int management = SyncWellProcess.freePort();
            Map<String, String> settings = new LinkedHashMap<>(common);
            settings.put("SYNCWELL_ROLES", role);
            settings.put("CAMEL_SERVER_PORT", Integer.toString(role.equals("api") ? apiPort : SyncWellProcess.freePort()));
            settings.put("CAMEL_MANAGEMENT_PORT", Integer.toString(management));
            settings.put("SYNCWELL_DATA_DIR", DIR.resolve(role + "-data").toAbsolutePath().toString());
            MANAGEMENT_PORTS.put(role, management);
            // as the image runs it: the production artifact alone, none of the local source set
            PROCESSES.put(role, SyncWellProcess.startProduction("aws-" + role, DIR, settings, management));
        }
        PROCESSES.values().forEach(SyncWellProcess::awaitStarted);
    }

    @AfterAll
    static void stop() {
        List<AutoCloseable> everything = new ArrayList<>(PROCESSES.values());
        everything.addAll(java.util.Arrays.asList(sandbox, aws, dynamo));
        for (AutoCloseable running : everything) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // the next one still stops
            }
        }
        if (identityProvider != null) {
            identityProvider.stop(0);
        }
    }

    /** The queues, tables and bucket as terraform/ defines them (names, keys, indexes, redrive), on the local servers. */
    private static void createWhatTerraformCreates(int sqsPort, int s3Port, int dynamoPort) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        try (SqsClient sqs = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .endpointOverride(URI.create("http://localhost:" + sqsPort)).build();
             S3Client s3 = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials).forcePathStyle(true)
                     .endpointOverride(URI.create("http://localhost:" + s3Port)).build()) {
            List<Terraform.Queue> queues = new ArrayList<>(terraform.queues());
            // dead-letter queues first: a job queue's redrive names its DLQ's ARN
            queues.sort((a, b) -> Boolean.compare(a.deadLetterQueue() != null, b.deadLetterQueue() != null));
            for (Terraform.Queue queue : queues) {
                Map<QueueAttributeName, String> attributes = new HashMap<>();
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
                if (queue.deadLetterQueue() != null) {
                    String dlqUrl = sqs.getQueueUrl(b -> b.queueName(queue.deadLetterQueue())).queueUrl();
                    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes().get(QueueAttributeName.QUEUE_ARN);
                    attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                            + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
                }
                sqs.createQueue(b -> b.queueName(queue.name()).attributes(attributes));
            }
            s3.createBucket(b -> b.bucket(terraform.deadLetterBucket()));
        }
        dynamo = DynamoDbClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .endpointOverride(URI.create("http://localhost:" + dynamoPort)).build();
        for (Terraform.Table table : terraform.tables()) {
            List<GlobalSecondaryIndex> indexes = table.indexes().stream().map(index -> GlobalSecondaryIndex.builder()
                    .indexName(index.name()).keySchema(keys(index.hashKey(), index.rangeKey()))
                    .projection(Projection.builder().projectionType(index.projection())
                            .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes()).build())
                    .build()).toList();
            dynamo.createTable(b -> {
                b.tableName(table.name()).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(keys(table.hashKey(), table.rangeKey()))
                        .attributeDefinitions(table.attributes().entrySet().stream().map(a -> AttributeDefinition.builder()
                                .attributeName(a.getKey()).attributeType(a.getValue()).build()).toList());
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
            try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo).overrideConfiguration(c -> c.backoffStrategy(
                    FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))).build()) {
                waiter.waitUntilTableExists(b -> b.tableName(table.name()));
            }
        }
    }

    private static List<KeySchemaElement> keys(String hash, String range) {
        List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build()));
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    /** What a ConfigMap and a Secret would give both processes; endpoints on this machine allowed for the test only. */
    private static Map<String, String> clusterSettings(int sqsPort, int s3Port, int dynamoPort, Path tokenKey) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SYNCWELL_MODE", "aws");
        env.put("SYNCWELL_LOG_FORMAT", "json");
        env.put("SYNCWELL_CHECKS_ALLOW_LOCAL_ENDPOINTS", "true");
        env.put("SYNCWELL_AWS_region", region);
        env.put("SYNCWELL_AWS_SQS_ENDPOINT_URL", "http://localhost:" + sqsPort);
        env.put("SYNCWELL_AWS_S3_ENDPOINT_URL", "http://localhost:" + s3Port);
        env.put("SYNCWELL_AWS_DYNAMODB_ENDPOINT_URL", "http://localhost:" + dynamoPort);
        env.put("SYNCWELL_TABLE_PREFIX", terraform.resolve("${var.name_prefix}", null));
        Map<String, String> queues = terraform.localMap("job_queues");
        env.put("SYNCWELL_QUEUE_HOT", queues.get("hot"));
        env.put("SYNCWELL_QUEUE_COLD", queues.get("cold"));
        env.put("SYNCWELL_QUEUE_HOT_DLQ", queues.get("hot") + "-dlq");
        env.put("SYNCWELL_QUEUE_COLD_DLQ", queues.get("cold") + "-dlq");
        env.put("SYNCWELL_BUCKET_DEAD_LETTERS", terraform.deadLetterBucket());
        env.put("SYNCWELL_TOKEN_KEY_FILE", tokenKey.toAbsolutePath().toString());
        env.put("SYNCWELL_AUTH_JWKS_URL", "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/.well-known/jwks.json");
        env.put("SYNCWELL_AUTH_ISSUER", ISSUER);
        env.put("SYNCWELL_AUTH_AUDIENCE", AUDIENCE);
        env.put("SYNCWELL_PUBLIC_BASE_URL", "http://localhost:" + apiPort);
        // schedules down to 5 s, looked for every second
        env.put("SYNCWELL_SCHEDULER_TICK", "PT1S");
        env.put("SYNCWELL_SCHEDULER_MIN_INTERVAL", "PT5S");
        // the test polls its jobs five times a second, well past what a client needs
        env.put("SYNCWELL_API_RATE_LIMIT_USER_PER_MINUTE", "1200");
        env.put("SYNCWELL_MANAGEMENT_USER", "operator");
        env.put("SYNCWELL_MANAGEMENT_PASSWORD", "aws-mode-jolokia-password");
        // the default credential chain, as IRSA would feed it; S3Proxy checks no trailing checksums
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_REQUIRED");
        // every provider at the sandbox, with the sandbox's client
        Properties defaults = new Properties();
        try (InputStream in = AwsModeTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            defaults.load(in);
        }
        for (String key : defaults.stringPropertyNames()) {
            String value = defaults.getProperty(key);
            if (key.startsWith("syncwell.provider.") && value.contains("{{syncwell.sandbox.port}}")) {
                env.put(LaunchSettings.environmentName(key), value.replace("http://localhost:{{syncwell.sandbox.port}}", sandbox.baseUrl()));
            } else if (key.startsWith("syncwell.provider.") && key.endsWith(".client-id")) {
                env.put(LaunchSettings.environmentName(key), CLIENT_ID);
            } else if (key.startsWith("syncwell.provider.") && key.endsWith(".client-secret")) {
                env.put(LaunchSettings.environmentName(key), CLIENT_SECRET);
            }
        }
        env.put("SYNCWELL_PROVIDER_WAHOO_WEBHOOK_TOKEN", "aws-mode-test-wahoo-webhook-token");
        return env;
    }

    private static HttpServer jwks(RSAKey key) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A signed-in user as the identity provider would issue the token: RS256, our issuer and audience. */
    private static ApiClient signedIn(String userId, String... roles) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).claim("roles", List.of(roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return ApiClient.withToken("http://localhost:" + apiPort, jwt.serialize());
    }

    private static String link(ApiClient user, String provider) {
        String providerUser = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
        ApiClient.Answer authorize = user.post("/v1/accounts/" + provider + "/authorize", Map.of("loginHint", providerUser));
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(200);
        HttpResponse<String> approval = ApiClient.open(authorize.json().get("authorizeUrl").asText());
        assertThat(approval.statusCode()).isEqualTo(302);
        HttpResponse<String> callback = ApiClient.open(approval.headers().firstValue("Location").orElseThrow(), authorize.cookie());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        return providerUser;
    }

    private static JsonNode awaitJob(ApiClient user, String jobId, String state) {
        return await("job " + jobId + " " + state).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.get("/v1/jobs/" + jobId).json(), job -> job.path("state").asText().equals(state));
    }

    private static String sync(ApiClient user, String connection) {
        ApiClient.Answer accepted = user.post("/v1/connections/" + connection + "/sync", null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("jobs").get(0).get("id").asText();
    }

    @Test
    @Order(1)
    void linkedAccountsSyncAndADeadLetterIsReplayedWithTheWorkerReadingTheTokensTheApiStored() throws Exception {
        String userId = "aws-user-" + UUID.randomUUID();
        ApiClient user = signedIn(userId, "user");
        String fitbitUser = link(user, "fitbit");
        link(user, "googlefit");
        assertThat(user.get("/v1/accounts").json()).extracting(a -> a.get("status").asText()).containsOnly("linked");
        var stored = dynamo.getItem(b -> b.tableName(terraform.resolve("${var.name_prefix}accounts", null))
                .key(Map.of("userId", AttributeValue.fromS(userId), "provider", AttributeValue.fromS("fitbit")))).item();
        assertThat(stored.get("encryptedTokens").s()).as("tokens under the shared key file").startsWith("v2:file-");

        ApiClient.Answer created = user.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("steps")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connection = created.json().get("id").asText();

        JsonNode synced = awaitJob(user, sync(user, connection), "SUCCEEDED");
        assertThat(synced.get("counts").get("written").asInt()).as("the worker read the source with the API's tokens")
                .isPositive();

        new SandboxClient(sandbox.baseUrl()).fault("fitbit", fitbitUser, Map.of("malformed", true, "count", 1));
        String failedJob = sync(user, connection);
        awaitJob(user, failedJob, "MOVED_TO_DLQ");
        ApiClient admin = signedIn("aws-operator", "user", "admin");
        JsonNode letters = admin.get("/v1/admin/dead-letters").json();
        String letter = null;
        for (JsonNode candidate : letters) {
            if (candidate.path("jobId").asText().equals(failedJob)) {
                letter = candidate.get("id").asText();
            }
        }
        assertThat(letter).as("the dead letter in the bucket: %s", letters).isNotNull();
        ApiClient.Answer replayed = admin.post("/v1/admin/dead-letters/" + letter + "/replay", null);
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
        awaitJob(user, failedJob, "SUCCEEDED");

        assertThat(signedIn(userId, "user").get("/v1/providers").status()).isEqualTo(200);
        String sharedSecretToken = new security.JwtAuthenticator(support.SyncWellInstance.JWT_SECRET.getBytes(StandardCharsets.UTF_8))
                .issue(userId, List.of("user"), Duration.ofHours(1));
        assertThat(ApiClient.withToken("http://localhost:" + apiPort, sharedSecretToken).get("/v1/providers").status())
                .as("no shared-secret tokens in aws mode").isEqualTo(401);
    }

    @Test
    @Order(2)
    void theSchedulerQueuesScheduledSyncsAndColdWorkersRunABackfill() throws Exception {
        String userId = "aws-user-" + UUID.randomUUID();
        ApiClient user = signedIn(userId, "user");
        link(user, "fitbit");
        link(user, "googlefit");
        ApiClient.Answer created = user.post("/v1/connections", Map.of("source", "fitbit", "destination", "googlefit",
                "dataTypes", List.of("steps"), "schedule", "PT5S"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connection = created.json().get("id").asText();

        JsonNode scheduled = await("a scheduled sync done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.get("/v1/connections/" + connection + "/jobs").json(), jobs -> {
                    for (JsonNode job : jobs) {
                        if (job.path("trigger").asText().equals("schedule") && job.path("state").asText().equals("SUCCEEDED")) {
                            return true;
                        }
                    }
                    return false;
                });
        assertThat(scheduled).isNotEmpty();

        Instant to = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        ApiClient.Answer requested = user.post("/v1/connections/" + connection + "/backfill",
                Map.of("from", to.minus(Duration.ofDays(2)).toString(), "to", to.toString(), "dataTypes", List.of("steps")));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String backfill = requested.json().get("backfillId").asText();
        JsonNode done = await("the backfill's windows on the cold path").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.get("/v1/backfills/" + backfill).json(), view -> !view.path("state").asText().equals("running"));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.at("/windows/succeeded").asInt()).isPositive();
    }

    @Test
    @Order(3)
    void eachProcessCalledOnlyWhatTerraformGrantsItsRole() throws Exception {
        Map<String, List<Terraform.Statement>> policies = terraform.rolePolicies();
        for (Map.Entry<String, Integer> role : MANAGEMENT_PORTS.entrySet()) {
            assertGranted(role.getKey(), scrape(role.getValue()), policies.get(role.getKey()));
        }
    }

    private static void assertGranted(String role, PrometheusText metrics, List<Terraform.Statement> policy) {
        Set<String> granted = new TreeSet<>();
        policy.forEach(statement -> granted.addAll(statement.actions()));
        Set<String> called = new TreeSet<>();
        metrics.named("syncwell_aws_calls_total").forEach(sample -> called.addAll(
                actionsOf(sample.labels().get("service"), sample.labels().get("operation"))));
        assertThat(called).as(role + " made AWS calls").isNotEmpty();
        assertThat(granted).as("terraform grants " + role + " every call it made").containsAll(called);
    }

    /** The IAM actions that authorize an SDK operation. */
    private static List<String> actionsOf(String service, String operation) {
        return switch (service + ":" + operation) {
            case "sqs:SendMessageBatch" -> List.of("sqs:SendMessage");
            case "sqs:DeleteMessageBatch" -> List.of("sqs:DeleteMessage");
            case "sqs:ChangeMessageVisibilityBatch" -> List.of("sqs:ChangeMessageVisibility");
            case "s3:ListObjectsV2", "s3:HeadBucket" -> List.of("s3:ListBucket");
            case "s3:HeadObject" -> List.of("s3:GetObject");
            case "s3:CopyObject" -> List.of("s3:GetObject", "s3:PutObject");
            default -> List.of(service + ":" + operation);
        };
    }

    @Test
    @Order(4)
    void nothingLocalRanAndLogsAreJsonLinesWithTheJobsIds() throws IOException {
        for (SyncWellProcess process : PROCESSES.values()) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(process.log())) {
                if (line.startsWith("{")) {
                    lines.add(Json.MAPPER.readTree(line));
                } else if (!line.isBlank() && !line.startsWith("Picked up") && !line.startsWith("WARNING")) {
                    throw new AssertionError(process.log() + " has a line that is no JSON object: " + line);
                }
            }
            assertThat(lines).isNotEmpty().allMatch(line -> line.has("time") && line.has("level") && line.has("message"));
            assertThat(lines).as("aws mode starts no local server").noneMatch(line -> line.get("message").asText()
                    .matches("(?s).*(local AWS stack up|provider sandbox at|Hawtio console|dynalite).*"));
            String log = Files.readString(process.log());
            assertThat(log).as("no token in the log").doesNotContain("access_token\":\"").doesNotContain("refresh_token\":\"");
        }
        List<JsonNode> workerJobLines = new ArrayList<>();
        for (String line : Files.readAllLines(PROCESSES.get("hot-worker").log())) {
            if (line.startsWith("{") && line.contains("\"jobId\"")) {
                workerJobLines.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(workerJobLines).as("the dead letter's lines name the job, its connection and route")
                .anyMatch(line -> line.has("connectionId") && line.has("route") && line.get("message").asText().contains("dead-lettered"));
    }

    private static PrometheusText scrape(int managementPort) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return new PrometheusText(answer.body());
    }
}
