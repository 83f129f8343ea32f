package local;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ in this JVM: a real server speaking the SQS protocol. */
final class ElasticMqServer implements AutoCloseable {

    private final SQSRestServer server;

    ElasticMqServer(int port, String region) {
        server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                .withAWSRegion(region)
                // queue URLs name the address clients use, not the bind address
                .withServerAddress(new NodeAddress("http", "localhost", port, ""))
                .start();
        server.waitUntilStarted();
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
