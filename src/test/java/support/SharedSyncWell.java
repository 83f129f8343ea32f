package support;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: one running SyncWell (local stack, sandbox, API, workers) for the whole test run,
 * started by the first class that needs it and stopped when the run ends.
 */
public final class SharedSyncWell implements BeforeAllCallback {

    private static SyncWellInstance instance;

    @Override
    public void beforeAll(ExtensionContext context) {
        instance(context);
    }

    public static synchronized SyncWellInstance instance(ExtensionContext context) {
        if (instance == null) {
            Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("shared-" + System.currentTimeMillis());
            SyncWellInstance started = new SyncWellInstance("syncwell-test", dir).start();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(SharedSyncWell.class, (ExtensionContext.Store.CloseableResource) started::close);
            instance = started;
        }
        return instance;
    }

    public static synchronized SyncWellInstance instance() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedSyncWell.class)");
        }
        return instance;
    }
}
