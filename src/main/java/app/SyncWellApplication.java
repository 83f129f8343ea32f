package app;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts SyncWell: Camel Main with application.properties, the YAML routes and the configuration classes it names. */
public final class SyncWellApplication {

    private SyncWellApplication() {
    }

    public static void main(String[] args) {
        int exit;
        LaunchSettings launch = LaunchSettings.ofThisProcess();
        // read by log4j2.properties, so before anything logs; a format it does not know logs as text and stops
        String format = launch.value("syncwell.log.format").orElse("text");
        boolean knownFormat = format.equals("text") || format.equals("json");
        System.setProperty("syncwell.log.format", knownFormat ? format : "text");
        Logger log = LoggerFactory.getLogger(SyncWellApplication.class);
        if (!knownFormat) {
            log.error("SyncWell did not start: syncwell.log.format must be 'text' or 'json', got '{}'", format);
            System.exit(1);
        }
        try {
            Main main = new Main();
            launch.fromEnvironment().forEach(main::addOverrideProperty);
            ManagementAccess.configure(launch).forEach(main::addOverrideProperty);
            exit = main.run(args);
        } catch (Exception e) {
            // a start-up failure (a port taken, node missing, ...) is one clear line; the trace is for debugging
            log.error("SyncWell did not start: {}", reason(e));
            log.debug("start-up failure", e);
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
