package deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import local.LocalResources;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import state.Tables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * terraform/ checked offline (no AWS, no terraform binary): HashiCorp's parser reads it, and it must create exactly
 * what the app uses — its tables with their keys, indexes and TTL, its queues with their redrive, its bucket, the IAM
 * actions its code makes — plus the security properties a scanner such as checkov asserts, each a test of its own.
 */
class TerraformTest {

    private static Terraform terraform;
    private static Properties app;

    @BeforeAll
    static void parse() throws IOException {
        terraform = Terraform.load(Path.of("terraform"));
        app = new Properties();
        try (InputStream in = TerraformTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            app.load(in);
        }
    }

    private static String appSetting(String key) {
        return app.getProperty(key).trim();
    }

    private static String resolvedAppSetting(String key) {
        return appSetting(key).replace("{{syncwell.queue.hot}}", appSetting("syncwell.queue.hot"))
                .replace("{{syncwell.queue.cold}}", appSetting("syncwell.queue.cold"));
    }

    // --- the app's resources, exactly ---------------------------------------------------------------------------

    @Test
    void everyTableOfTheAppWithItsKeysAttributesAndIndexesAndNoOther() {
        Map<String, Terraform.Table> created = terraform.tables().stream().collect(Collectors.toMap(Terraform.Table::name, t -> t));
        List<LocalResources.TableSpec> used = LocalResources.tableSpecs(Tables.withPrefix(appSetting("syncwell.table-prefix")));
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(used.stream().map(LocalResources.TableSpec::name).toList());
        for (LocalResources.TableSpec spec : used) {
            Terraform.Table table = created.get(spec.name());
            assertThat(table.hashKey()).as(spec.name()).isEqualTo(key(spec.keys(), KeyType.HASH));
            assertThat(table.rangeKey()).as(spec.name()).isEqualTo(key(spec.keys(), KeyType.RANGE));
            Map<String, String> attributes = new TreeMap<>();
            spec.attributes().forEach(a -> attributes.put(a.attributeName(), a.attributeTypeAsString()));
            assertThat(table.attributes()).as(spec.name() + " attribute types").isEqualTo(attributes);
            assertThat(table.indexes()).as(spec.name() + " indexes").containsExactlyInAnyOrderElementsOf(
                    spec.indexes().stream().map(TerraformTest::index).toList());
        }
    }

    private static Terraform.Index index(GlobalSecondaryIndex index) {
        return new Terraform.Index(index.indexName(), key(index.keySchema(), KeyType.HASH), key(index.keySchema(), KeyType.RANGE),
                index.projection().projectionTypeAsString(), index.projection().nonKeyAttributes());
    }

    private static String key(List<KeySchemaElement> keys, KeyType type) {
        return keys.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).findFirst().orElse(null);
    }

    @Test
    void timeToLiveOnExactlyTheTablesWhoseItemsCarryAnEpochExpiry() {
        // DynamoDB TTL reads a number of epoch seconds; an ISO string (OAuthState's Instant) it ignores
        Map<String, Class<?>> itemOf = Map.of("connections", state.Connection.class, "accounts", state.Account.class,
                "oauth-states", state.OAuthState.class, "jobs", state.Job.class, "backfills", state.Backfill.class,
                "revocations", state.Revocation.class, "quotas", state.QuotaWindow.class, "records", state.RecordLedger.Part.class);
        String prefix = appSetting("syncwell.table-prefix");
        for (Terraform.Table table : terraform.tables()) {
            Class<?> item = itemOf.get(table.name().substring(prefix.length()));
            boolean epochExpiry = Stream.of(item.getRecordComponents())
                    .anyMatch(c -> c.getName().equals("expiresAt") && (c.getType() == Long.class || c.getType() == long.class));
            assertThat(table.ttlAttribute()).as(table.name()).isEqualTo(epochExpiry ? "expiresAt" : null);
        }
    }

    @Test
    void theHotAndColdQueuesEachWithItsDeadLetterQueueAndTheWorkersSettings() {
        List<Terraform.Queue> queues = terraform.queues();
        assertThat(queues).extracting(Terraform.Queue::name).containsExactlyInAnyOrder(appSetting("syncwell.queue.hot"),
                appSetting("syncwell.queue.cold"), resolvedAppSetting("syncwell.queue.hot-dlq"), resolvedAppSetting("syncwell.queue.cold-dlq"));
        for (Terraform.Queue queue : queues) {
            assertThat(queue.visibilityTimeoutSeconds()).as(queue.name()).isEqualTo(Integer.parseInt(appSetting("syncwell.worker.visibility-timeout")));
            if (queue.deadLetterQueue() != null) {
                assertThat(queue.deadLetterQueue()).isEqualTo(queue.name() + "-dlq");
                assertThat(queue.maxReceiveCount()).isEqualTo(Integer.parseInt(appSetting("syncwell.worker.max-receive-count")));
            }
        }
        JsonNode allow = terraform.resource("aws_sqs_queue_redrive_allow_policy", "dlq");
        assertThat(allow.get("redrive_allow_policy").asText()).as("a DLQ takes only its own queue's messages")
                .contains("byQueue").contains("aws_sqs_queue.jobs[each.key].arn");
    }

    @Test
    void theDeadLetterBucketOfTheApp() {
        assertThat(terraform.deadLetterBucket()).isEqualTo(appSetting("syncwell.bucket.dead-letters"));
    }

    /** For each IAM action, code that makes the call (outside local mode's own servers and the sandbox). */
    private static final Map<String, Pattern> EVIDENCE = Map.ofEntries(
            Map.entry("dynamodb:GetItem", Pattern.compile("\\.getItem\\(")),
            Map.entry("dynamodb:PutItem", Pattern.compile("\\.putItem\\(")),
            Map.entry("dynamodb:UpdateItem", Pattern.compile("\\.updateItem\\(")),
            Map.entry("dynamodb:DeleteItem", Pattern.compile("\\.deleteItem\\(")),
            Map.entry("dynamodb:Query", Pattern.compile("\\.query(Paginator)?\\(")),
            Map.entry("dynamodb:Scan", Pattern.compile("\\.scan(Paginator)?\\(")),
            Map.entry("dynamodb:BatchWriteItem", Pattern.compile("batchWriteItem\\(")),
            Map.entry("sqs:SendMessage", Pattern.compile("- to:\\s*\\n(\\s*id:[^\\n]*\\n)?\\s*uri: \"aws2-sqs:")),
            Map.entry("sqs:ReceiveMessage", Pattern.compile("from:\\s*\\n\\s*uri: \"aws2-sqs:")),
            Map.entry("sqs:DeleteMessage", Pattern.compile("from:\\s*\\n\\s*uri: \"aws2-sqs:")),
            Map.entry("sqs:ChangeMessageVisibility", Pattern.compile("extendMessageVisibility: true")),
            Map.entry("sqs:GetQueueUrl", Pattern.compile("getQueueUrl\\(")),
            Map.entry("sqs:GetQueueAttributes", Pattern.compile("getQueueAttributes\\(")),
            Map.entry("s3:PutObject", Pattern.compile("uri: \"aws2-s3:|copyObject\\(")),
            Map.entry("s3:GetObject", Pattern.compile("getObject(AsBytes)?\\(|copyObject\\(")),
            Map.entry("s3:DeleteObject", Pattern.compile("deleteObject\\(")),
            Map.entry("s3:ListBucket", Pattern.compile("listObjectsV2")),
            Map.entry("kms:GenerateDataKey", Pattern.compile("KmsMasterKeyProvider")),
            Map.entry("kms:Decrypt", Pattern.compile("KmsMasterKeyProvider")));

    @Test
    void everyActionGrantedIsOneTheCodeMakes() throws IOException {
        String code = mainCode();
        Set<String> granted = new TreeSet<>();
        terraform.rolePolicies().forEach((role, statements) -> statements.stream().filter(s -> s.effect().equals("Allow"))
                .forEach(s -> granted.addAll(s.actions())));
        for (String action : granted) {
            assertThat(EVIDENCE).as("an action nobody accounted for: " + action).containsKey(action);
            assertThat(EVIDENCE.get(action).matcher(code).find()).as("code making " + action).isTrue();
        }
    }

    private static String mainCode() throws IOException {
        StringBuilder code = new StringBuilder();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/resources/camel"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> !f.startsWith("src/main/java/sandbox") && !f.startsWith("src/main/java/local")).toList()) {
                    code.append(Files.readString(file)).append('\n');
                }
            }
        }
        return code.toString();
    }

    // --- what a scanner (checkov) would assert -------------------------------------------------------------------

    @Test
    void queuesAreEncryptedWithTheKmsKey() {
        for (Terraform.Queue queue : terraform.queues()) {
            assertThat(queue.block().path("kms_master_key_id").asText()).as(queue.name()).isEqualTo("${aws_kms_key.syncwell.arn}");
        }
    }

    @Test
    void tablesHavePointInTimeRecoveryAndKmsEncryption() {
        for (Terraform.Table table : terraform.tables()) {
            assertThat(table.block().path("point_in_time_recovery").path(0).path("enabled").asBoolean()).as(table.name()).isTrue();
            JsonNode sse = table.block().path("server_side_encryption").path(0);
            assertThat(sse.path("enabled").asBoolean()).as(table.name()).isTrue();
            assertThat(sse.path("kms_key_arn").asText()).as(table.name()).isEqualTo("${aws_kms_key.syncwell.arn}");
        }
    }

    @Test
    void tablesBillOnDemandAndAreProtectedFromDeletion() {
        for (Terraform.Table table : terraform.tables()) {
            assertThat(table.block().path("billing_mode").asText()).as(table.name()).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.block().path("deletion_protection_enabled").asText()).isEqualTo("${var.deletion_protection}");
        }
        assertThat(terraform.variableDefault("deletion_protection").asBoolean()).isTrue();
    }

    @Test
    void theBucketBlocksEveryKindOfPublicAccess() {
        JsonNode block = terraform.resource("aws_s3_bucket_public_access_block", "dead_letters");
        for (String setting : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
            assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
        }
        assertThat(terraform.resource("aws_s3_bucket_ownership_controls", "dead_letters").path("rule").path(0)
                .path("object_ownership").asText()).isEqualTo("BucketOwnerEnforced");
    }

    @Test
    void theBucketIsVersionedAndKmsEncrypted() {
        assertThat(terraform.resource("aws_s3_bucket_versioning", "dead_letters").path("versioning_configuration").path(0)
                .path("status").asText()).isEqualTo("Enabled");
        JsonNode byDefault = terraform.resource("aws_s3_bucket_server_side_encryption_configuration", "dead_letters")
                .path("rule").path(0).path("apply_server_side_encryption_by_default").path(0);
        assertThat(byDefault.path("sse_algorithm").asText()).isEqualTo("aws:kms");
        assertThat(byDefault.path("kms_master_key_id").asText()).isEqualTo("${aws_kms_key.syncwell.arn}");
    }

    @Test
    void theBucketRefusesPlainHttp() {
        JsonNode policy = terraform.blocks("data", "aws_iam_policy_document").get("dead_letters_bucket");
        assertThat(policy.path("statement")).anySatisfy(statement -> {
            assertThat(statement.path("effect").asText()).isEqualTo("Deny");
            assertThat(statement.path("condition").path(0).path("variable").asText()).isEqualTo("aws:SecureTransport");
            assertThat(statement.path("condition").path(0).path("values").toString()).contains("false");
        });
    }

    @Test
    void replayedDeadLettersExpire() {
        JsonNode rules = terraform.resource("aws_s3_bucket_lifecycle_configuration", "dead_letters").path("rule");
        assertThat(rules).anySatisfy(rule -> assertThat(rule.path("filter").path(0).path("prefix").asText()).isEqualTo("replayed/"));
    }

    @Test
    void theKmsKeyRotates() {
        assertThat(terraform.resource("aws_kms_key", "syncwell").path("enable_key_rotation").asBoolean()).isTrue();
    }

    @Test
    void noPolicyAllowsAnyActionOrAnyResource() {
        terraform.rolePolicies().forEach((role, statements) -> {
            for (Terraform.Statement statement : statements) {
                assertThat(statement.effect()).as(role + " " + statement.sid()).isEqualTo("Allow");
                assertThat(statement.actions()).as(role + " " + statement.sid()).noneMatch(a -> a.contains("*"));
                assertThat(statement.resources()).as(role + " " + statement.sid()).isNotEmpty()
                        .noneMatch(r -> r.equals("*") || r.matches(".*:\\*$"));
            }
        });
    }

    @Test
    void eachRoleIsAssumableOnlyByItsOwnServiceAccount() {
        JsonNode trust = terraform.blocks("data", "aws_iam_policy_document").get("irsa_trust").path("statement").path(0);
        assertThat(trust.path("actions").toString()).isEqualTo("[\"sts:AssumeRoleWithWebIdentity\"]");
        List<String> conditions = new ArrayList<>();
        trust.path("condition").forEach(c -> conditions.add(c.path("variable").asText() + " " + c.path("values").toString()));
        assertThat(conditions).contains("${var.eks_oidc_provider_url}:sub [\"system:serviceaccount:${each.value.namespace}:${each.value.name}\"]",
                "${var.eks_oidc_provider_url}:aud [\"sts.amazonaws.com\"]");
        assertThat(terraform.rolePolicies().keySet()).containsExactlyInAnyOrder("api", "hot-worker", "cold-worker", "scheduler", "keda");
    }

    @Test
    void alarmsWatchTheDeadLetterQueuesTheOldestHotJobAndDeadLettersWritten() {
        Map<String, JsonNode> alarms = terraform.resources("aws_cloudwatch_metric_alarm");
        Map<String, String> metrics = new HashMap<>();
        alarms.forEach((name, alarm) -> metrics.put(alarm.path("metric_name").asText(), name));
        assertThat(metrics).containsKeys("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "PutRequests");
    }

    @Test
    void filesAreLaidOutAsTerraformFmtWritesThem() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("terraform"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".tfvars")).toList()) {
                TerraformLayout.check(file, Files.readAllLines(file));
            }
        }
    }
}
