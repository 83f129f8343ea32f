package config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed access to the keys of application.properties (overridable by -D and environment variables, which
 * Camel's properties component already resolves). A missing key is a start-up error that names it.
 */
public final class Settings {

    private final Function<String, Optional<String>> properties;

    public Settings(CamelContext context) {
        PropertiesComponent component = context.getPropertiesComponent();
        this.properties = component::resolveProperty;
    }

    /** Settings read from {@code properties} (a key → value lookup), e.g. in a unit test. */
    public Settings(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    public String string(String key) {
        return properties.apply(key)
                .orElseThrow(() -> new IllegalStateException("missing setting '" + key + "'"));
    }

    public String string(String key, String defaultValue) {
        return properties.apply(key).orElse(defaultValue);
    }

    /** A setting that may be absent or empty: its trimmed value, if it has one. */
    public Optional<String> optional(String key) {
        return properties.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    public int integer(String key) {
        String value = string(key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    /** A number from 0 to 1. */
    public double fraction(String key) {
        String value = string(key);
        try {
            double fraction = Double.parseDouble(value.trim());
            if (fraction >= 0 && fraction <= 1) {
                return fraction;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalStateException("setting '" + key + "' must be a number from 0 to 1, got '" + value + "'");
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key).trim());
    }

    /** ISO-8601 durations; day-based ones such as {@code P7D} are accepted too. */
    public Duration duration(String key) {
        String value = string(key).trim();
        try {
            if (value.contains("T")) {
                return Duration.parse(value);
            }
            Period days = Period.parse(value);
            if (days.getYears() != 0 || days.getMonths() != 0) {
                throw new IllegalArgumentException("months and years have no fixed length");
            }
            return Duration.ofDays(days.getDays());
        } catch (RuntimeException e) {
            throw new IllegalStateException("setting '" + key + "' must be an ISO-8601 duration in days, hours, minutes or seconds (PT1H, P7D), got '"
                    + value + "'");
        }
    }

    public Path path(String key) {
        return Path.of(string(key).trim());
    }

    public List<String> list(String key) {
        return Arrays.stream(string(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean localMode() {
        String mode = string("syncwell.mode").trim();
        if (!mode.equals("local") && !mode.equals("aws")) {
            throw new IllegalStateException("syncwell.mode must be 'local' or 'aws', got '" + mode + "'");
        }
        return mode.equals("local");
    }

    public boolean hasRole(String role) {
        return list("syncwell.roles").contains(role);
    }
}
