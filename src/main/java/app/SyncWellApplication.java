package app;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts SyncWell: Camel Main with application.properties, the YAML routes and the configuration classes it names. */
public final class SyncWellApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWellApplication.class);

    private SyncWellApplication() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            Main main = new Main();
            LaunchSettings launch = LaunchSettings.ofThisProcess();
            launch.fromEnvironment().forEach(main::addOverrideProperty);
            ManagementAccess.configure(launch).forEach(main::addOverrideProperty);
            exit = main.run(args);
        } catch (Exception e) {
            // a start-up failure (a port taken, node missing, ...) is one clear line; the trace is for debugging
            LOG.error("SyncWell did not start: {}", reason(e));
            LOG.debug("start-up failure", e);
            exit = 1;
        }
        // ElasticMQ's and the SDK's threads would keep the JVM alive after Camel stopped
        System.exit(exit);
    }

    /** The first message in the cause chain that says more than the wrapped exception's name. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (t.getCause() == null || !message.equals(t.getCause().toString()))) {
                return message;
            }
        }
        return failure.toString();
    }
}
