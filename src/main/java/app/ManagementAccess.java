package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Who may use Jolokia on the management port: with {@code syncwell.management.user} and {@code .password} set (aws
 * mode requires them), {@code /observe/jolokia} asks for HTTP basic authentication — Hawtio in the cluster signs in
 * with them — while health and metrics stay open to the kubelet and Prometheus. Camel's management server reads
 * its users from a properties file, written here under the data dir (owner-only) before Camel starts.
 */
final class ManagementAccess {

    static final String JOLOKIA_PATHS = "/observe/jolokia/*";

    private ManagementAccess() {
    }

    /** The Camel settings that protect Jolokia, or none when no management user is configured. */
    static Map<String, String> configure(LaunchSettings launch) {
        String user = launch.value("syncwell.management.user").orElse("");
        String password = launch.value("syncwell.management.password").orElse("");
        if (user.isEmpty() && password.isEmpty()) {
            return Map.of();
        }
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalStateException("syncwell.management.user and syncwell.management.password must both be set, or neither");
        }
        // the users file is a properties file whose values list password and roles separated by commas
        if (!user.matches("[A-Za-z0-9_-]+") || !password.matches("[\\x21-\\x7e&&[^,\\\\]]{16,}")) {
            throw new IllegalStateException("syncwell.management.user must be letters, digits, '-' or '_', and "
                    + "syncwell.management.password at least 16 printable characters without spaces, ',' or '\\'");
        }
        Path keys = Path.of(launch.value("syncwell.data-dir").orElse("./data")).resolve("keys");
        Path users = keys.resolve("management-users.properties");
        write(users, "user." + user + "=" + password + ",admin\n");
        return Map.of("camel.management.authenticationEnabled", "true",
                "camel.management.authenticationPath", JOLOKIA_PATHS,
                "camel.management.authenticationRealm", "syncwell-management",
                "camel.management.basicPropertiesFile", users.toAbsolutePath().toString());
    }

    /** Owner-only, and whole: written beside and moved into place (processes sharing a data dir may start together). */
    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path draft = Files.createTempFile(file.getParent(), "management-users", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(draft, content, StandardCharsets.UTF_8);
            Files.move(draft, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the management users file " + file, e);
        }
    }
}
