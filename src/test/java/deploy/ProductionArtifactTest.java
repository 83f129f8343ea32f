package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import support.SyncWellProcess;

/**
 * What the production artifact holds — {@code target/classes} with the runtime-scope libraries, which
 * {@code target/syncwell.jar}, {@code target/lib/} and the image are made of: none of the local source set
 * ({@code src/local/java}: the provider sandbox, the local AWS stack, the demo) nor its servers' libraries, so aws mode
 * cannot reach them; and local mode, started from it, says what is missing and stops. (aws mode running from it end to
 * end: {@code it.AwsModeTest}.)
 */
class ProductionArtifactTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theProductionClassesHoldNeitherTheSandboxNorTheLocalStack() throws IOException {
        assertThat(CLASSES.resolve("sandbox")).doesNotExist();
        assertThat(CLASSES.resolve("local")).doesNotExist();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            assertThat(files.filter(file -> file.toString().endsWith(".class")).map(CLASSES::relativize).map(Path::toString))
                    .isNotEmpty()
                    .noneMatch(name -> name.startsWith("sandbox") || name.startsWith("local"))
                    .contains(Path.of("app", "SyncWellApplication.class").toString());
        }
        assertThat(CLASSES.resolve("META-INF/services/app.LocalEnvironment")).as("only the local source set names one")
                .doesNotExist();
    }

    @Test
    void theProductionLibrariesLeaveOutTheLocalServers() {
        List<String> libraries = Arrays.stream(SyncWellProcess.productionClasspath().split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        assertThat(libraries).anyMatch(name -> name.startsWith("camel-main-"))
                .noneMatch(name -> name.startsWith("elasticmq-") || name.startsWith("s3proxy-") || name.startsWith("pekko-"));
    }

    @Test
    void localModeFromTheProductionArtifactSaysWhatIsMissingAndStops() throws IOException {
        Path dir = Path.of("target/it/production-artifact");
        try (SyncWellProcess app = SyncWellProcess.startProduction("local-mode", dir, Map.of(
                "SYNCWELL_MODE", "local",
                "SYNCWELL_DATA_DIR", dir.resolve("data").toAbsolutePath().toString(),
                "CAMEL_SERVER_PORT", Integer.toString(SyncWellProcess.freePort()),
                "CAMEL_MANAGEMENT_PORT", Integer.toString(SyncWellProcess.freePort())), -1)) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(Files.readString(app.log()))
                    .contains("SyncWell did not start: syncwell.mode=local needs the local environment")
                    .doesNotContain("\tat ");
        }
    }
}
