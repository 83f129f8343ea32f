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
 * cannot reach them, and none of the operators' console (Hawtio, Jetty: {@code console/}, an artifact of its own whose
 * pins follow the engine's); and local mode, started from it, says what is missing and stops. (aws mode running from
 * it end to end: {@code it.AwsModeTest}.)
 */
class ProductionArtifactTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theProductionClassesHoldNeitherTheSandboxNorTheLocalStack() throws IOException {
        assertThat(CLASSES.resolve("sandbox")).doesNotExist();
        assertThat(CLASSES.resolve("local")).doesNotExist();
        assertThat(CLASSES.resolve("console")).doesNotExist();
        assertThat(CLASSES.resolve("hawtio")).as("the Hawtio war").doesNotExist();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            assertThat(files.filter(file -> file.toString().endsWith(".class")).map(CLASSES::relativize).map(Path::toString))
                    .isNotEmpty()
                    .noneMatch(name -> name.startsWith("sandbox") || name.startsWith("local") || name.startsWith("console"))
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
                .noneMatch(name -> name.startsWith("elasticmq-") || name.startsWith("s3proxy-") || name.startsWith("pekko-"))
                .noneMatch(name -> name.startsWith("jetty-") || name.startsWith("hawtio-"));
    }

    @Test
    void theConsolesProjectPinsTheVersionsTheEngineTestsItWith() throws Exception {
        Map<String, String> engine = properties(Path.of("pom.xml"));
        Map<String, String> console = properties(Path.of("console/pom.xml"));
        for (String pin : List.of("jetty.version", "log4j.version", "hawtio.version", "maven.compiler.release")) {
            assertThat(console.get(pin)).as(pin).isNotNull().isEqualTo(engine.get(pin));
        }
    }

    /** A pom's {@code <properties>}. */
    private static Map<String, String> properties(Path pom) throws Exception {
        org.w3c.dom.Document document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        org.w3c.dom.NodeList children = ((org.w3c.dom.Element) document.getElementsByTagName("properties").item(0)).getChildNodes();
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof org.w3c.dom.Element property) {
                properties.put(property.getTagName(), property.getTextContent().trim());
            }
        }
        return properties;
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
