package local;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-ins for AWS, started in order and stopped in reverse: ElasticMQ (SQS), S3Proxy (S3)
 * and dynalite (DynamoDB). Real servers speaking the real protocols; the app uses the same SDK clients
 * as in aws mode.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private DynaliteProcess dynalite;
    private ElasticMqServer sqs;
    private S3ProxyServer s3;

    private LocalStack() {
    }

    public static LocalStack start(LocalStackSettings settings, String region) {
        LocalStack stack = new LocalStack();
        try {
            long t0 = System.nanoTime();
            stack.dynalite = new DynaliteProcess(settings.nodeExecutable(), settings.dynaliteScript(), settings.dynaliteHeapMb(),
                    settings.dynamoDbPort(), settings.dataDir().resolve("dynamodb"));
            stack.started.push(stack.dynalite);
            stack.sqs = new ElasticMqServer(settings.sqsPort(), region);
            stack.started.push(stack.sqs);
            stack.s3 = new S3ProxyServer(settings.s3Port(), settings.dataDir().resolve("s3"), settings.s3Identity(),
                    settings.s3Credential());
            stack.started.push(stack.s3);
            LOG.info("local AWS stack up in {} ms: SQS :{}, S3 :{}, DynamoDB :{}", (System.nanoTime() - t0) / 1_000_000,
                    settings.sqsPort(), settings.s3Port(), settings.dynamoDbPort());
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("local AWS stack failed to start: " + e.getMessage(), e);
        }
    }

    /** Takes the DynamoDB API away (an outage, for fault tests); its data stays on disk. */
    public void stopDynamoDb() throws InterruptedException {
        LOG.warn("stopping dynalite: the DynamoDB API is unreachable until it is started again");
        dynalite.stop();
    }

    /** Brings dynalite back on the same port with the same data. */
    public void startDynamoDb() {
        dynalite.start();
    }

    /** Takes the SQS API away (an outage, for fault tests): its port closes, its queues keep their messages. */
    public void stopSqs() throws Exception {
        LOG.warn("stopping ElasticMQ's API: SQS is unreachable until it is started again");
        sqs.stopApi();
    }

    /** Brings the SQS API back on the same port, over the same queues. */
    public void startSqs() {
        sqs.startApi();
    }

    /** Takes the S3 API away (an outage, for fault tests); the objects stay on disk. */
    public void stopS3() throws Exception {
        LOG.warn("stopping S3Proxy: S3 is unreachable until it is started again");
        s3.stopApi();
    }

    /** Brings the S3 API back on the same port with the same objects. */
    public void startS3() throws Exception {
        s3.startApi();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable server = started.pop();
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", server.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
