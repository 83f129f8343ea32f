package console;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Hawtio web console (io.hawt:hawtio-war from Maven Central) on Jetty, in two flavours. Neither is part of
 * the engine's artifact: this is the console's own project ({@code console/pom.xml}), whose sources the engine's build
 * also compiles with its tests and its run command:
 * <ul>
 * <li>{@link #local}: local mode, in the app's JVM, bound to 127.0.0.1, so an operator sees the Camel routes with live
 * counts without starting anything else. Hawtio's own Jolokia (bundled in the war) reads the platform MBeanServer,
 * where camel-management registers the Camel MBeans.</li>
 * <li>{@link #connecting}: a console of its own ({@link HawtioLauncher}, the cluster's Deployment
 * {@code syncwell-hawtio}) that connects to SyncWell processes' Jolokia through its proxy, only to the hosts of its
 * allowlist; each connection signs in with the management user of the processes.</li>
 * </ul>
 */
public final class HawtioConsole implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

    /** Where the builds (maven-dependency-plugin, copy-hawtio-war, in both poms) put io.hawt:hawtio-war. */
    static final String WAR_RESOURCE = "/hawtio/hawtio.war";
    static final String CONTEXT_PATH = "/hawtio";

    private final String host;
    private final int port;
    private final Path workDir;
    /** Hawtio (the war) reads its settings from system properties. A value the operator already set with -D wins. */
    private final Map<String, String> hawtioSettings;
    private Server server;

    private HawtioConsole(String host, int port, Path workDir, Map<String, String> hawtioSettings) {
        this.host = host;
        this.port = port;
        this.workDir = workDir;
        this.hawtioSettings = Map.copyOf(hawtioSettings);
    }

    /**
     * The local console, straight onto this JVM's Camel view.
     *
     * @param port    the console's own HTTP port (bound to 127.0.0.1 only)
     * @param workDir a directory for the copied war and its extracted files, e.g. {@code <dataDir>/tmp}
     */
    public static HawtioConsole local(int port, Path workDir) {
        return new HawtioConsole("127.0.0.1", port, workDir, Map.of(
                // no login page: the console is bound to loopback and only used on a developer's machine
                "hawtio.authenticationEnabled", "false",
                // it only shows this JVM: no proxy servlet (Connect plugin), so it can't be used to reach
                // other hosts; this also skips the proxy allowlist and its local-address probing
                "hawtio.disableProxy", "true"));
    }

    /**
     * A console that connects to other processes' Jolokia through its proxy, only to the hosts of {@code proxyAllowlist}
     * (Hawtio's syntax: names, and {@code r:}-prefixed regular expressions). It has no login page of its own — it is
     * reached with {@code kubectl port-forward} only — and shows nothing until a connection signs in to a process's
     * Jolokia with the management user.
     */
    public static HawtioConsole connecting(String host, int port, Path workDir, String proxyAllowlist) {
        return new HawtioConsole(host, port, workDir, Map.of(
                "hawtio.authenticationEnabled", "false",
                "hawtio.disableProxy", "false",
                "hawtio.proxyAllowlist", proxyAllowlist,
                // the allowlist is all: no guessing of this host's own addresses
                "hawtio.localAddressProbing", "false"));
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        hawtioSettings.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });

        // Jetty needs a file: the war is a classpath resource (possibly inside the app's jar).
        Path war = copyWar(workDir.resolve("hawtio.war"));
        Path extracted = workDir.resolve("hawtio-webapp");
        Files.createDirectories(extracted);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.toString());
        webapp.setTempDirectory(extracted.toFile());
        // Hawtio logs through the app's SLF4J and so its log4j2 config: otherwise the war's own
        // slf4j-api, log4j-core and log4j2.properties take over and its lines bypass the app's format.
        webapp.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        // The war's Jolokia 2.1.1 must not see the app's Jolokia 2.5.0 (camel-platform-http-jolokia):
        // Jolokia reads its service lists from META-INF/jolokia/ on every class loader up the chain,
        // and the app's entries name classes 2.1.1 can't use (every request fails, ClassCastException).
        webapp.setClassLoader(new WebAppClassLoader(
                new HidingClassLoader(HawtioConsole.class.getClassLoader()), webapp));
        // Fail start() if the webapp can't start, instead of serving a 503.
        webapp.setThrowUnavailableOnStartupException(true);
        jetty.setHandler(webapp);
        // No Jetty shutdown hook: the owner calls close() (also from its own shutdown path).
        jetty.setStopAtShutdown(false);

        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            if (isBindFailure(e)) {
                throw new IllegalStateException("Hawtio console: port " + port
                        + " on " + host + " is already in use; choose another port for the console", e);
            }
            throw new IllegalStateException("Hawtio console failed to start: " + e.getMessage(), e);
        }
        server = jetty;
        LOG.info("Hawtio console at {} (started in {} ms)", url(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The console's address, e.g. {@code http://localhost:8090/hawtio/}. */
    public String url() {
        return "http://localhost:" + port + CONTEXT_PATH + "/";
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
            LOG.info("Hawtio console stopped");
        }
    }

    private static Path copyWar(Path target) throws IOException {
        try (InputStream in = HawtioConsole.class.getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Hawtio console: classpath resource " + WAR_RESOURCE
                        + " is missing (the build copies io.hawt:hawtio-war there)");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
            jetty.join();
        } catch (Exception e) {
            LOG.warn("Hawtio console did not stop cleanly", e);
        }
    }

    /** Parent of the webapp's class loader: the app's loader minus its Jolokia classes and descriptors. */
    private static final class HidingClassLoader extends ClassLoader {

        private static final String HIDDEN_PACKAGE = "org.jolokia.";
        private static final String HIDDEN_RESOURCES = "META-INF/jolokia/";

        HidingClassLoader(ClassLoader appLoader) {
            super("hawtio-parent", appLoader);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(HIDDEN_PACKAGE)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }

        private static boolean hidden(String name) {
            String path = name.startsWith("/") ? name.substring(1) : name;
            return path.startsWith(HIDDEN_RESOURCES) || path.startsWith(HIDDEN_PACKAGE.replace('.', '/'));
        }
    }
}
