package app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** aws mode's refusals: each unsafe setting is one clear line; a production-shaped set passes. */
class AwsModeChecksTest {

    private static final List<String> PROVIDERS = List.of("fitbit", "googlefit", "googlehealth", "withings", "strava", "garmin", "wahoo");
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/8a3c0f52-1b2d-4e5f-9a7b-0c1d2e3f4a5b";

    @TempDir
    Path dir;

    private Properties settings;

    @BeforeEach
    void productionShapedSettings() throws IOException {
        settings = new Properties();
        try (InputStream file = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            settings.load(file);
        }
        settings.setProperty("syncwell.mode", "aws");
        for (String provider : PROVIDERS) {
            String prefix = "syncwell.provider." + provider + ".";
            settings.setProperty(prefix + "base-url", "https://api." + provider + ".example/v1");
            settings.setProperty(prefix + "auth-url", "https://login." + provider + ".example/authorize");
            settings.setProperty(prefix + "token-url", "https://login." + provider + ".example/token");
            settings.setProperty(prefix + "revoke-url", provider.equals("withings") ? "" : "https://login." + provider + ".example/revoke");
            settings.setProperty(prefix + "client-id", "syncwell-prod-" + provider);
            settings.setProperty(prefix + "client-secret", "a-secret-only-the-cluster-knows-" + provider);
        }
        settings.setProperty("syncwell.provider.wahoo.file-base-url", "https://cdn.wahoo.example/");
        settings.setProperty("syncwell.provider.wahoo.webhook-token", "wahoo-portal-token-of-this-install");
        settings.setProperty("syncwell.public-base-url", "https://sync.example.com");
        settings.setProperty("syncwell.auth.jwks-url", "https://login.example.com/.well-known/jwks.json");
        settings.setProperty("syncwell.auth.issuer", "https://login.example.com/");
        settings.setProperty("syncwell.auth.audience", "syncwell-api");
        settings.setProperty("syncwell.kms.key-id", KEY_ARN);
        settings.setProperty("syncwell.management.user", "hawtio");
        settings.setProperty("syncwell.management.password", "a-long-management-password");
    }

    private List<String> problems() {
        // application.properties' placeholders ({{...}}) are resolved by Camel; these values have none left that matter
        return AwsModeChecks.problems(settings, PROVIDERS);
    }

    @Test
    void productionShapedSettingsPass() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void providerUrlsOnLoopbackOrPlainHttpAreRefused() {
        settings.setProperty("syncwell.provider.fitbit.base-url", "http://api.fitbit.com");
        settings.setProperty("syncwell.provider.strava.token-url", "https://localhost:8089/strava/oauth/token");
        settings.setProperty("syncwell.provider.garmin.auth-url", "https://127.0.0.1/garmin/oauth2Confirm");
        assertThat(problems()).containsExactlyInAnyOrder(
                "syncwell.provider.fitbit.base-url must be an https URL, got 'http://api.fitbit.com'",
                "syncwell.provider.strava.token-url points at this machine (localhost), got 'https://localhost:8089/strava/oauth/token'",
                "syncwell.provider.garmin.auth-url points at this machine (127.0.0.1), got 'https://127.0.0.1/garmin/oauth2Confirm'");
    }

    @Test
    void theSandboxsCredentialsAndThePublishedWahooTokenAreRefused() {
        settings.setProperty("syncwell.provider.withings.client-secret", "sandbox-secret");
        settings.setProperty("syncwell.provider.googlefit.client-id", "syncwell-local");
        settings.setProperty("syncwell.provider.wahoo.webhook-token", "sandbox-wahoo-webhook-token");
        assertThat(problems()).hasSize(3).anyMatch(line -> line.startsWith("syncwell.provider.withings.client-secret is the sandbox's"))
                .anyMatch(line -> line.startsWith("syncwell.provider.googlefit.client-id is the sandbox's"))
                .anyMatch(line -> line.startsWith("syncwell.provider.wahoo.webhook-token is the one application.properties once published"));
    }

    @Test
    void placeholdersOfTheKubernetesTemplatesAreRefused() {
        settings.setProperty("syncwell.provider.strava.client-secret", "replace-me");
        settings.setProperty("syncwell.provider.garmin.client-id", "replace-with-garmin-client-id");
        assertThat(problems()).containsExactlyInAnyOrder(
                "syncwell.provider.strava.client-secret is still the placeholder of k8s/'s templates",
                "syncwell.provider.garmin.client-id is still the placeholder of k8s/'s templates");
    }

    @Test
    void signInNeedsIssuerAudienceAndAnHttpsKeySet() {
        settings.setProperty("syncwell.auth.issuer", "");
        settings.setProperty("syncwell.auth.audience", " ");
        settings.setProperty("syncwell.auth.jwks-url", "http://login.example.com/jwks.json");
        settings.setProperty("syncwell.auth.jwt-secret", "a-shared-secret-of-at-least-32-bytes!!");
        assertThat(problems()).containsExactlyInAnyOrder(
                "syncwell.auth.issuer must be set: aws mode accepts only tokens of your identity provider",
                "syncwell.auth.audience must be set: aws mode accepts only tokens of your identity provider",
                "syncwell.auth.jwks-url must be an https URL, got 'http://login.example.com/jwks.json'",
                "syncwell.auth.jwt-secret must be empty: shared-secret (HS256) tokens are for local mode only");
    }

    @Test
    void thePublicBaseUrlMustBeHttps() {
        settings.setProperty("syncwell.public-base-url", "http://sync.example.com");
        assertThat(problems()).containsExactly("syncwell.public-base-url must be an https URL, got 'http://sync.example.com'");
    }

    @Test
    void tokensNeedAKeyEveryReplicaShares() throws IOException {
        settings.setProperty("syncwell.kms.key-id", "");
        assertThat(problems()).singleElement().asString().startsWith("syncwell.kms.key-id (a KMS key ARN) or syncwell.token-key-file");

        settings.setProperty("syncwell.kms.key-id", "alias/syncwell-tokens");
        assertThat(problems()).singleElement().asString().contains("key ARN");

        settings.setProperty("syncwell.kms.key-id", "");
        settings.setProperty("syncwell.token-key-file", dir.resolve("absent.key").toString());
        assertThat(problems()).singleElement().asString().contains("cannot be read (aws mode never creates a key)");

        Files.write(dir.resolve("token.key"), new byte[32]);
        settings.setProperty("syncwell.token-key-file", dir.resolve("token.key").toString());
        assertThat(problems()).isEmpty();
    }

    @Test
    void jolokiaNeedsAManagementPassword() {
        settings.setProperty("syncwell.management.password", "");
        assertThat(problems()).singleElement().asString().startsWith("syncwell.management.user and syncwell.management.password must be set");
    }

    @Test
    void testsMayRelaxTheEndpointChecksButNothingElse() {
        settings.setProperty("syncwell.checks.allow-local-endpoints", "true");
        settings.setProperty("syncwell.provider.fitbit.base-url", "http://localhost:8089/fitbit");
        settings.setProperty("syncwell.public-base-url", "http://localhost:8080");
        settings.setProperty("syncwell.provider.fitbit.client-secret", "sandbox-secret");
        assertThat(problems()).singleElement().asString().startsWith("syncwell.provider.fitbit.client-secret is the sandbox's");
    }
}
