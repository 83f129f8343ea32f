package app;

import org.apache.camel.CamelContext;

import config.Settings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What local mode runs beside the engine: the servers speaking the AWS protocols (ElasticMQ, S3Proxy, dynalite), the
 * queues, tables and bucket on them, the provider sandbox, Hawtio and the demo. It lives in the local source set
 * ({@code src/local/java}), which the production artifact does not hold, and is found through {@link java.util.ServiceLoader}
 * by {@link LocalModeConfiguration}.
 */
public interface LocalEnvironment {

    /** Before the AWS clients are made: starts the servers, the sandbox and Hawtio, which stop with the context. */
    void start(CamelContext context, Settings settings) throws Exception;

    /** Once the clients exist: creates the queues, tables and bucket that are missing. */
    void createMissingResources(Settings settings, SqsClient sqs, S3Client s3, DynamoDbClient dynamo);

    /** Once the engine has fully started (API role): the demo's user, accounts and connections, if enabled. */
    void afterStart(CamelContext context, Settings settings);
}
