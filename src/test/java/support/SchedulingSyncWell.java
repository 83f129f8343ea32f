package support;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a second running SyncWell for the tests of syncs that run by themselves — schedules as short as
 * five seconds, a reconciliation pass every 20 s, and 400 days of generated history per new sandbox user (backfills).
 * It runs the API and the workers; the tests start the schedulers as processes of their own
 * ({@link #startScheduler}). One instance for the whole test run, like {@link SharedSyncWell}.
 */
public final class SchedulingSyncWell implements BeforeAllCallback {

    /** The reconciliation interval of this instance: short enough to wait for in a test. */
    public static final String RECONCILE_INTERVAL = "PT20S";
    private static SyncWellInstance instance;
    private static Path dir;

    @Override
    public void beforeAll(ExtensionContext context) {
        instance(context);
    }

    public static synchronized SyncWellInstance instance(ExtensionContext context) {
        if (instance == null) {
            dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("scheduling-" + System.currentTimeMillis());
            SyncWellInstance started = new SyncWellInstance("syncwell-scheduling", dir.resolve("data"), Map.of(
                    "syncwell.roles", "api,hot-worker,cold-worker",
                    "syncwell.sandbox.history", "P400D",
                    "syncwell.scheduler.min-interval", "PT5S",
                    "syncwell.scheduler.tick", "PT1S",
                    "syncwell.reconcile.interval", RECONCILE_INTERVAL,
                    "syncwell.reconcile.window", "P7D")).start();
            // a year of minute steps is more than Fitbit's 150 calls an hour allow; Fitbit raises it for partners
            started.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(SchedulingSyncWell.class, (ExtensionContext.Store.CloseableResource) started::close);
            instance = started;
        }
        return instance;
    }

    public static synchronized SyncWellInstance instance() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SchedulingSyncWell.class)");
        }
        return instance;
    }

    /** A process with the scheduler role only, beside this instance (its queues, tables and settings). */
    public static SyncWellProcess startScheduler(String name) {
        return SyncWellProcess.start(instance(), name, dir, Map.of("syncwell.roles", "scheduler")).awaitStarted();
    }
}
