package local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import state.DueIndex;
import state.ItemBatches;
import state.Tables;

/**
 * Creates what local mode needs and does not have yet: the tables with their indexes, the hot and cold queues each
 * with an SQS dead-letter queue (redrive after {@code maxReceiveCount} receives), and the dead-letter bucket. The same
 * shapes as terraform/ creates in AWS. A table kept in the data dir from an older version that lacks an index this
 * version needs is rebuilt with its items (dynalite cannot add an index to a table).
 */
public class LocalResources {

    private static final Logger LOG = LoggerFactory.getLogger(LocalResources.class);

    /** dynalite wants capacities; it does not enforce them. */
    private static final ProvisionedThroughput CAPACITY = ProvisionedThroughput.builder()
            .readCapacityUnits(100L).writeCapacityUnits(100L).build();

    private final SqsClient sqs;
    private final S3Client s3;
    private final DynamoDbClient dynamo;

    public LocalResources(SqsClient sqs, S3Client s3, DynamoDbClient dynamo) {
        this.sqs = sqs;
        this.s3 = s3;
        this.dynamo = dynamo;
    }

    /** A table's keys (hash, optional range) and its global secondary indexes: terraform/ creates the same in AWS. */
    public record TableSpec(String name, List<KeySchemaElement> keys, List<AttributeDefinition> attributes,
                             List<GlobalSecondaryIndex> indexes) {
    }

    public void createMissing(Tables tables, String hotQueue, String coldQueue, int maxReceiveCount, String bucket) {
        for (TableSpec table : tableSpecs(tables)) {
            ensure(table);
        }
        queueWithDeadLetterQueue(hotQueue, maxReceiveCount);
        queueWithDeadLetterQueue(coldQueue, maxReceiveCount);
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // kept from an earlier run
        }
        LOG.info("local resources ready: tables {}, queues {} and {} (+ -dlq), bucket {}", tables, hotQueue, coldQueue, bucket);
    }

    public static List<TableSpec> tableSpecs(Tables tables) {
        return List.of(
                new TableSpec(tables.connections(), List.of(key("userId", KeyType.HASH), key("id", KeyType.RANGE)),
                        List.of(attribute("userId", ScalarAttributeType.S), attribute("id", ScalarAttributeType.S),
                                attribute(DueIndex.SHARD, ScalarAttributeType.S), attribute(DueIndex.DUE_AT, ScalarAttributeType.N)),
                        List.of(index(Tables.CONNECTIONS_BY_DUE_TIME, DueIndex.SHARD, DueIndex.DUE_AT,
                                Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()))),
                new TableSpec(tables.accounts(), List.of(key("userId", KeyType.HASH), key("provider", KeyType.RANGE)),
                        List.of(attribute("userId", ScalarAttributeType.S), attribute("provider", ScalarAttributeType.S),
                                attribute("externalUserId", ScalarAttributeType.S)),
                        List.of(index(Tables.ACCOUNTS_BY_PROVIDER_USER, "provider", "externalUserId", all()))),
                new TableSpec(tables.oauthStates(), List.of(key("state", KeyType.HASH)),
                        List.of(attribute("state", ScalarAttributeType.S)), List.of()),
                new TableSpec(tables.jobs(), List.of(key("id", KeyType.HASH)),
                        List.of(attribute("id", ScalarAttributeType.S), attribute("connectionId", ScalarAttributeType.S),
                                attribute("createdAt", ScalarAttributeType.S), attribute("backfillId", ScalarAttributeType.S)),
                        List.of(index(Tables.JOBS_BY_CONNECTION, "connectionId", "createdAt", all()),
                                index(Tables.JOBS_BY_BACKFILL, "backfillId", null, Projection.builder()
                                        .projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("dataType", "window", "state", "counts", "updatedAt").build()))),
                new TableSpec(tables.backfills(), List.of(key("id", KeyType.HASH)),
                        List.of(attribute("id", ScalarAttributeType.S), attribute("connectionId", ScalarAttributeType.S),
                                attribute("createdAt", ScalarAttributeType.S)),
                        List.of(index(Tables.BACKFILLS_BY_CONNECTION, "connectionId", "createdAt", all()))),
                new TableSpec(tables.revocations(), List.of(key("id", KeyType.HASH)),
                        List.of(attribute("id", ScalarAttributeType.S)), List.of()),
                new TableSpec(tables.quotas(), List.of(key("id", KeyType.HASH)),
                        List.of(attribute("id", ScalarAttributeType.S)), List.of()),
                new TableSpec(tables.records(), List.of(key("connectionId", KeyType.HASH), key("position", KeyType.RANGE)),
                        List.of(attribute("connectionId", ScalarAttributeType.S), attribute("position", ScalarAttributeType.S)),
                        List.of()));
    }

    private void ensure(TableSpec table) {
        List<GlobalSecondaryIndexDescription> existing;
        try {
            existing = dynamo.describeTable(b -> b.tableName(table.name())).table().globalSecondaryIndexes();
        } catch (ResourceNotFoundException absent) {
            create(table);
            return;
        }
        Set<String> present = new HashSet<>();
        existing.forEach(index -> present.add(index.indexName()));
        List<String> missing = table.indexes().stream().map(GlobalSecondaryIndex::indexName)
                .filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            rebuild(table, missing);
        }
    }

    private void create(TableSpec table) {
        try {
            dynamo.createTable(b -> {
                b.tableName(table.name()).keySchema(table.keys()).attributeDefinitions(table.attributes())
                        .provisionedThroughput(CAPACITY);
                if (!table.indexes().isEmpty()) {
                    b.globalSecondaryIndexes(table.indexes());
                }
            });
        } catch (ResourceInUseException createdMeanwhile) {
            // another process on this local stack (workers beside the API) made it first
        }
        try (DynamoDbWaiter waiter = waiter()) {
            waiter.waitUntilTableExists(b -> b.tableName(table.name()));
        }
    }

    /** The table as this version needs it, with every item it held: read, dropped, created again, written back. */
    private void rebuild(TableSpec table, List<String> missingIndexes) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table.name()).consistentRead(true)).items().forEach(items::add);
        LOG.info("local table {} lacks the index(es) {} of this version: rebuilding it with its {} item(s)",
                table.name(), missingIndexes, items.size());
        dynamo.deleteTable(b -> b.tableName(table.name()));
        try (DynamoDbWaiter waiter = waiter()) {
            waiter.waitUntilTableNotExists(b -> b.tableName(table.name()));
        }
        create(table);
        ItemBatches.putAll(dynamo, table.name(), items);
    }

    private DynamoDbWaiter waiter() {
        return DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(c -> c.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))))
                .build();
    }

    private void queueWithDeadLetterQueue(String name, int maxReceiveCount) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
    }

    private static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey, Projection projection) {
        List<KeySchemaElement> keys = rangeKey == null ? List.of(key(hashKey, KeyType.HASH))
                : List.of(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE));
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(projection)
                .provisionedThroughput(CAPACITY).build();
    }

    private static Projection all() {
        return Projection.builder().projectionType(ProjectionType.ALL).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
