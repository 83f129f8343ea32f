package app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings as a process is launched with them, before Camel reads any: every key of application.properties,
 * overridden by an environment variable (upper case, '.' and '-' become '_', e.g. {@code CAMEL_SERVER_PORT}) and by a
 * {@code -Dkey=value} system property, in that order. Camel resolves {@code {{...}}} placeholders from environment
 * variables by itself, but it configures its own HTTP servers ({@code camel.server.*}, {@code camel.management.*})
 * from the file and system properties only: the environment's values are handed to it as override properties.
 */
public final class LaunchSettings {

    private static final String FILE = "application.properties";

    private final Properties file;
    private final Map<String, String> environment;

    LaunchSettings(Properties file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    static LaunchSettings ofThisProcess() {
        Properties file = new Properties();
        try (InputStream in = LaunchSettings.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        return new LaunchSettings(file, System.getenv());
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The keys an environment variable sets and no system property overrides, with the variable's value: what the
     * process must pass to Camel as override properties.
     */
    Map<String, String> fromEnvironment() {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : file.stringPropertyNames()) {
            String value = environment.get(environmentName(key));
            if (value != null && System.getProperty(key) == null) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }

    /** A key's value as launched (system property, environment, file), without resolving placeholders. */
    Optional<String> value(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return Optional.ofNullable(value).map(String::trim);
    }
}
