package app;

import org.apache.camel.main.Main;

/** Starts SyncWell: Camel Main with application.properties, the YAML routes and the configuration classes it names. */
public final class SyncWellApplication {

    private SyncWellApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        int exit = main.run(args);
        // ElasticMQ's and the SDK's threads would keep the JVM alive after Camel stopped
        System.exit(exit);
    }
}
