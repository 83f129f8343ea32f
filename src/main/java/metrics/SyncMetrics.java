package metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * SyncWell's own meters, exported by Micrometer's Prometheus registry at {@code /observe/metrics}:
 * {@code syncwell_jobs_seconds}, {@code syncwell_provider_calls_seconds}, {@code syncwell_rate_limited_total},
 * {@code syncwell_dead_letters_total}, {@code syncwell_jobs_queue_wait_seconds} (and the queue gauges of
 * {@link QueueDepths}, the AWS call counts of {@link AwsCalls}). Labels are low-cardinality names
 * only: never a user id, an account or a health value.
 */
public final class SyncMetrics {

    /** Path segments kept as they are in a provider call's operation: lower-case words, never an id or a date. */
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("-|[a-z][a-z_:-]{0,39}(\\.json|\\.tcx|\\.fit)?");

    private final MeterRegistry registry;
    /** Every provider call passes here: its timer is found once per provider, operation and status. */
    private final Map<String, Timer> providerCallTimers = new ConcurrentHashMap<>();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The registry whose meters {@code /observe/metrics} serves: Camel's {@code metricsRegistry} (Camel Main makes it
     * when {@code camel.metrics.enabled} is set), or a Prometheus one bound under that name.
     */
    public static MeterRegistry registryOf(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind("metricsRegistry", registry);
        }
        return registry;
    }

    /** Meters that go nowhere (unit tests that build a provider by hand). */
    public static SyncMetrics discarding() {
        return new SyncMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One attempt of a job ended: {@code outcome} succeeded, dry_run, deferred, requeued, retrying or dead_lettered. */
    public void jobFinished(String path, String source, String destination, String dataType, String outcome, Duration took) {
        Timer.builder("syncwell.jobs")
                .description("Job attempts by how they ended, from the message's receipt to its end")
                .tag("path", orUnknown(path)).tag("source", orUnknown(source)).tag("destination", orUnknown(destination))
                .tag("data_type", orUnknown(dataType)).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    /** How long a job's message waited on its queue ({@code path}: hot or cold) before a worker took it. */
    public void queueWait(String path, Duration waited) {
        Timer.builder("syncwell.jobs.queue.wait")
                .description("Time job messages waited on their queue before a worker took them")
                .tag("path", path)
                .publishPercentileHistogram()
                .register(registry)
                .record(waited);
    }

    /** One HTTP exchange with a provider's API ({@code status}: the HTTP status, or {@code io_error} / {@code timeout}). */
    public void providerCall(String provider, String method, String path, String status, Duration took) {
        String operation = operation(method, path);
        providerCallTimers.computeIfAbsent(provider + " " + operation + " " + status, key -> Timer.builder("syncwell.provider.calls")
                .description("Calls to provider APIs")
                .tag("provider", provider).tag("operation", operation).tag("status", status)
                .publishPercentileHistogram()
                .register(registry))
                .record(took);
    }

    public void rateLimited(String provider) {
        Counter.builder("syncwell.rate.limited").description("Provider answers that said: too many requests (429)")
                .tag("provider", provider).register(registry).increment();
    }

    /** A job went to the dead-letter bucket; {@code reasonKind} is the failure's class (permanent, reauth, exhausted...). */
    public void deadLettered(String queue, String reasonKind) {
        Counter.builder("syncwell.dead.letters").description("Jobs archived as dead letters")
                .tag("queue", orUnknown(queue)).tag("reason_kind", orUnknown(reasonKind)).register(registry).increment();
    }

    /**
     * A call's operation: its method and path with every segment that is not a plain lower-case word (ids, dates,
     * numbers, user names) replaced by {@code {}} — e.g. {@code GET /1/user/-/activities/steps/date/{}/{}}.
     */
    static String operation(String method, String path) {
        StringBuilder operation = new StringBuilder(method.toUpperCase(Locale.ROOT)).append(' ');
        String[] segments = path == null ? new String[0] : path.split("/");
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            operation.append('/').append(PLAIN_SEGMENT.matcher(segment).matches() ? segment : "{}");
        }
        return segments.length == 0 ? operation.append('/').toString() : operation.toString();
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value.toLowerCase(Locale.ROOT);
    }
}
