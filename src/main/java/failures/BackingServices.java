package failures;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Failures of our own infrastructure (DynamoDB, S3, SQS) that say nothing about a job: unreachable, throttled
 * ({@code ProvisionedThroughputExceeded}, {@code ThrottlingException}, {@code RequestLimitExceeded}, SQS's and S3's
 * slow-downs) or failing on its side (5xx), once the SDK's own retries are spent. A job meeting one is handed back to
 * its queue, never dead-lettered. Anything else the SDK throws (a validation error: our bug) stays a failure.
 */
public final class BackingServices {

    private BackingServices() {
    }

    public static boolean hiccup(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkClientException) {
                return true;
            }
            if (cause instanceof SdkServiceException service) {
                return service.isThrottlingException() || service.statusCode() >= 500;
            }
            if (cause instanceof SdkException) {
                return false;
            }
        }
        return false;
    }
}
