package metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@code syncwell_aws_calls_total{service, operation, outcome}}: every call this process makes to SQS, DynamoDB, S3 and
 * KMS, counted by the SDK clients' interceptor. An operator sees what the service costs and where throttling hits; the
 * aws-mode test compares the calls each role really made with what terraform's IAM policy grants it.
 */
public class AwsCalls implements ExecutionInterceptor {

    private final MeterRegistry registry;
    /** One counter per service, operation and outcome, found once: every AWS call passes here. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AwsCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, "error");
    }

    private void count(ExecutionAttributes attributes, String outcome) {
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT);
        String operation = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        counters.computeIfAbsent(service + " " + operation + " " + outcome, key -> Counter.builder("syncwell.aws.calls")
                .description("Calls to AWS services (SQS, DynamoDB, S3, KMS)")
                .tag("service", service).tag("operation", operation).tag("outcome", outcome)
                .register(registry)).increment();
    }
}
