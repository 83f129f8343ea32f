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

    private LocalStack() {
    }

    public static LocalStack start(LocalStackSettings settings, String region) {
        LocalStack stack = new LocalStack();
        try {
            long t0 = System.nanoTime();
            stack.dynalite = new DynaliteProcess(settings.nodeExecutable(), settings.dynaliteScript(), settings.dynaliteHeapMb(),
                    settings.dynamoDbPort(), settings.dataDir().resolve("dynamodb"));
            stack.started.push(stack.dynalite);
            stack.started.push(new ElasticMqServer(settings.sqsPort(), region));
            stack.started.push(new S3ProxyServer(settings.s3Port(), settings.dataDir().resolve("s3"),
                    settings.s3Identity(), settings.s3Credential()));
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
