package local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import state.Tables;

/**
 * Creates what local mode needs and does not have yet: the tables, the hot and cold queues each with an
 * SQS dead-letter queue (redrive after {@code maxReceiveCount} receives), and the dead-letter bucket.
 * The same shapes as terraform/ creates in AWS.
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

    public void createMissing(Tables tables, String hotQueue, String coldQueue, int maxReceiveCount, String bucket) {
        table(tables.connections(), "userId", "id");
        accountsTable(tables.accounts());
        table(tables.oauthStates(), "state", null);
        jobsTable(tables.jobs());
        queueWithDeadLetterQueue(hotQueue, maxReceiveCount);
        queueWithDeadLetterQueue(coldQueue, maxReceiveCount);
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // kept from an earlier run
        }
        LOG.info("local resources ready: tables {}, queues {} and {} (+ -dlq), bucket {}", tables, hotQueue, coldQueue, bucket);
    }

    private void table(String name, String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = rangeKey == null
                ? List.of(key(hashKey, KeyType.HASH))
                : List.of(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE));
        List<AttributeDefinition> attributes = rangeKey == null
                ? List.of(stringAttribute(hashKey))
                : List.of(stringAttribute(hashKey), stringAttribute(rangeKey));
        create(name, () -> dynamo.createTable(b -> b.tableName(name).keySchema(keys).attributeDefinitions(attributes)
                .provisionedThroughput(CAPACITY)));
    }

    private void accountsTable(String name) {
        create(name, () -> dynamo.createTable(b -> b.tableName(name)
                .keySchema(key("userId", KeyType.HASH), key("provider", KeyType.RANGE))
                .attributeDefinitions(stringAttribute("userId"), stringAttribute("provider"), stringAttribute("externalUserId"))
                .provisionedThroughput(CAPACITY)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(Tables.ACCOUNTS_BY_PROVIDER_USER)
                        .provisionedThroughput(CAPACITY)
                        .keySchema(key("provider", KeyType.HASH), key("externalUserId", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())));
    }

    private void jobsTable(String name) {
        create(name, () -> dynamo.createTable(b -> b.tableName(name)
                .keySchema(key("id", KeyType.HASH))
                .attributeDefinitions(stringAttribute("id"), stringAttribute("connectionId"), stringAttribute("createdAt"))
                .provisionedThroughput(CAPACITY)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(Tables.JOBS_BY_CONNECTION)
                        .provisionedThroughput(CAPACITY)
                        .keySchema(key("connectionId", KeyType.HASH), key("createdAt", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())));
    }

    private void create(String table, Runnable createTable) {
        try {
            createTable.run();
            try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                    .overrideConfiguration(c -> c.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))))
                    .build()) {
                waiter.waitUntilTableExists(b -> b.tableName(table));
            }
        } catch (ResourceInUseException exists) {
            // kept from an earlier run
        }
    }

    private void queueWithDeadLetterQueue(String name, int maxReceiveCount) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
