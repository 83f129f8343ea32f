package app;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import config.Settings;
import metrics.AwsCalls;
import metrics.SyncMetrics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * One SQS, S3 and DynamoDB client each, bound in the registry: Camel's aws2 components autowire them,
 * and our stores use the same DynamoDB client for conditional writes. In local mode they point at the
 * local servers, which get their queues, tables and bucket here; in aws mode terraform made those, and the app
 * creates nothing. A KMS client (aws mode with {@code syncwell.kms.key-id}) wraps the token data keys.
 */
public class AwsClientsConfiguration implements CamelConfiguration {

    /** Credentials of the local S3 server only (local mode); they open nothing anywhere else. */
    public static final String LOCAL_ACCESS_KEY = "local";
    public static final String LOCAL_SECRET_KEY = "local-secret";

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        Region region = Region.of(settings.string("syncwell.aws.region"));
        boolean local = settings.localMode();
        AwsCredentialsProvider credentials = local
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY))
                : DefaultCredentialsProvider.builder().build();

        var sqs = SqsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        var s3 = S3Client.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder());
        var dynamo = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        // every call counted (syncwell_aws_calls_total); attempts per call, the SDK's own retries included (unset: the
        // SDK's default for each service)
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(new AwsCalls(SyncMetrics.registryOf(context)));
        String maxAttempts = settings.string("syncwell.aws.max-attempts", "").trim();
        if (!maxAttempts.isEmpty()) {
            int attempts = settings.integer("syncwell.aws.max-attempts");
            override.retryStrategy(b -> b.maxAttempts(attempts));
        }
        ClientOverrideConfiguration clientConfiguration = override.build();
        sqs.overrideConfiguration(clientConfiguration);
        s3.overrideConfiguration(clientConfiguration);
        dynamo.overrideConfiguration(clientConfiguration);
        if (local) {
            sqs.endpointOverride(localEndpoint(settings, "syncwell.local.sqs-port"));
            s3.endpointOverride(localEndpoint(settings, "syncwell.local.s3-port")).forcePathStyle(true);
            dynamo.endpointOverride(localEndpoint(settings, "syncwell.local.dynamodb-port"));
        } else {
            endpointOverride(settings, "sqs").ifPresent(sqs::endpointOverride);
            // servers other than AWS's (S3Proxy, MinIO) address buckets by path, not by host name
            endpointOverride(settings, "s3").ifPresent(uri -> s3.endpointOverride(uri).forcePathStyle(true));
            endpointOverride(settings, "dynamodb").ifPresent(dynamo::endpointOverride);
        }
        SqsClient sqsClient = sqs.build();
        S3Client s3Client = s3.build();
        DynamoDbClient dynamoClient = dynamo.build();
        context.getRegistry().bind("sqsClient", SqsClient.class, sqsClient);
        context.getRegistry().bind("s3Client", S3Client.class, s3Client);
        context.getRegistry().bind("dynamoDbClient", DynamoDbClient.class, dynamoClient);
        if (!settings.string("syncwell.kms.key-id", "").isBlank()) {
            var kms = KmsClient.builder().region(region).credentialsProvider(credentials)
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(clientConfiguration);
            endpointOverride(settings, "kms").ifPresent(kms::endpointOverride);
            context.getRegistry().bind("kmsClient", KmsClient.class, kms.build());
        }

        if (local) {
            LocalModeConfiguration.environment(context).createMissingResources(settings, sqsClient, s3Client, dynamoClient);
        }
        resolveQueueUrls(context, settings, sqsClient);
    }

    /**
     * Each queue's URL, asked for once by name ({@code sqs:GetQueueUrl}, which IAM scopes to the queue) as
     * {@code syncwell.queue.<queue>.url}: the routes' SQS endpoints take it, else each would look its queue up with
     * {@code sqs:ListQueues}, which IAM cannot scope to our queues.
     */
    private static void resolveQueueUrls(CamelContext context, Settings settings, SqsClient sqs) {
        for (String queue : List.of("hot", "cold", "hot-dlq", "cold-dlq")) {
            String name = settings.string("syncwell.queue." + queue);
            try {
                context.getPropertiesComponent().addInitialProperty("syncwell.queue." + queue + ".url",
                        sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
            } catch (QueueDoesNotExistException missing) {
                throw new IllegalStateException("SQS queue " + name + " (syncwell.queue." + queue + ") does not exist"
                        + " (aws mode: terraform creates it)");
            }
        }
    }

    /**
     * Where a service is reached instead of AWS's own endpoint: {@code syncwell.aws.<service>.endpoint-url}, else
     * {@code syncwell.aws.endpoint-url} (one server for all, or a VPC endpoint); empty: AWS's endpoint for the region.
     */
    static Optional<URI> endpointOverride(Settings settings, String service) {
        String url = settings.string("syncwell.aws." + service + ".endpoint-url", "").trim();
        if (url.isEmpty()) {
            url = settings.string("syncwell.aws.endpoint-url", "").trim();
        }
        return url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url));
    }

    private static URI localEndpoint(Settings settings, String portKey) {
        return URI.create("http://localhost:" + settings.integer(portKey));
    }
}
