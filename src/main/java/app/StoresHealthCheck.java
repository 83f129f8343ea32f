package app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Readiness of a process that serves the API: its stores answer. One small read of the connections table (a key no
 * item has), at most every few seconds whatever the probe rate; DOWN with the reason while DynamoDB does not answer,
 * so a rolling update sends no traffic to a pod that could only answer 503s.
 */
public class StoresHealthCheck extends AbstractHealthCheck {

    private static final Duration RECHECK_AFTER = Duration.ofSeconds(5);

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile String problem = "not checked yet";

    public StoresHealthCheck(DynamoDbClient dynamo, String table) {
        super("syncwell", "stores");
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean isLiveness() {
        // a DynamoDB outage is no reason to restart the pod
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (Instant.now().isAfter(checkedAt.plus(RECHECK_AFTER)) || problem != null) {
            problem = read();
            checkedAt = Instant.now();
        }
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }

    private String read() {
        try {
            dynamo.getItem(b -> b.tableName(table).key(Map.of("userId", AttributeValue.fromS("readiness-probe"),
                    "id", AttributeValue.fromS("readiness-probe"))));
            return null;
        } catch (RuntimeException e) {
            return "DynamoDB table " + table + " does not answer: " + e.getClass().getSimpleName();
        }
    }
}
