package metrics;

import java.util.Locale;

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
        Counter.builder("syncwell.aws.calls").description("Calls to AWS services (SQS, DynamoDB, S3, KMS)")
                .tag("service", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT))
                .tag("operation", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
                .tag("outcome", outcome)
                .register(registry).increment();
    }
}
