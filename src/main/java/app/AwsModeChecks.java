package app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import config.Settings;
import security.TokenCipher;

/**
 * aws mode refuses to start on settings that are only right on a workstation: provider, JWKS or public URLs on
 * loopback or plain http, the sandbox's client secrets or the Wahoo webhook token this repository publishes, sign-in
 * without issuer, audience or key set, tokens without a shared key, Jolokia without a password. Each problem is one
 * line of the start-up error. Runs before anything else is configured.
 */
public class AwsModeChecks implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AwsModeChecks.class);
    /** Values application.properties ships for the sandbox; real provider apps have their own. */
    private static final String SANDBOX_CLIENT_ID = "syncwell-local";
    private static final String SANDBOX_CLIENT_SECRET = "sandbox-secret";
    /** What application.properties once shipped as the Wahoo webhook token: public, so anyone could post pushes. */
    private static final String PUBLISHED_WAHOO_WEBHOOK_TOKEN = "sandbox-wahoo-webhook-token";
    private static final List<String> PROVIDER_URL_KEYS = List.of("base-url", "auth-url", "token-url", "revoke-url", "file-base-url");

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        if (settings.localMode()) {
            return;
        }
        List<String> providers = context.getPropertiesComponent()
                .loadProperties(key -> key.startsWith("syncwell.provider.") && key.endsWith(".base-url"))
                .stringPropertyNames().stream()
                .map(key -> key.substring("syncwell.provider.".length(), key.length() - ".base-url".length()))
                .sorted().toList();
        List<String> problems = problems(settings, providers);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("aws mode refuses these settings:\n  " + String.join("\n  ", problems));
        }
    }

    /** One line for each setting aws mode refuses. */
    static List<String> problems(Settings settings, List<String> providers) {
        boolean allowLocal = settings.bool("syncwell.checks.allow-local-endpoints");
        List<String> problems = new ArrayList<>();
        for (String provider : providers) {
            String prefix = "syncwell.provider." + provider + ".";
            for (String urlKey : PROVIDER_URL_KEYS) {
                settings.optional(prefix + urlKey).ifPresent(url -> publicHttps(prefix + urlKey, url, allowLocal, problems));
            }
            for (String credential : List.of("client-id", "client-secret")) {
                if (isPlaceholder(settings.string(prefix + credential, ""))) {
                    problems.add(prefix + credential + " is still the placeholder of k8s/'s templates");
                }
            }
            if (SANDBOX_CLIENT_ID.equals(settings.string(prefix + "client-id", "").trim())) {
                problems.add(prefix + "client-id is the sandbox's; set the client id of SyncWell's app at " + provider);
            }
            if (SANDBOX_CLIENT_SECRET.equals(settings.string(prefix + "client-secret", "").trim())) {
                problems.add(prefix + "client-secret is the sandbox's; set the secret of SyncWell's app at " + provider);
            }
        }
        if (PUBLISHED_WAHOO_WEBHOOK_TOKEN.equals(settings.string("syncwell.provider.wahoo.webhook-token", "").trim())) {
            problems.add("syncwell.provider.wahoo.webhook-token is the one application.properties once published; set the "
                    + "webhook_token of Wahoo's developer portal");
        }
        publicHttps("syncwell.public-base-url", settings.string("syncwell.public-base-url"), allowLocal, problems);
        signIn(settings, allowLocal, problems);
        tokenKeys(settings, problems);
        if (settings.optional("syncwell.management.user").isEmpty() || settings.optional("syncwell.management.password").isEmpty()) {
            problems.add("syncwell.management.user and syncwell.management.password must be set: Jolokia on the management "
                    + "port is reachable from the cluster");
        }
        return problems;
    }

    /** The values k8s/'s ConfigMap and Secret templates hold until an operator fills them in. */
    private static boolean isPlaceholder(String value) {
        String trimmed = value.trim();
        return trimmed.equals("replace-me") || trimmed.startsWith("replace-with-");
    }

    private static void signIn(Settings settings, boolean allowLocal, List<String> problems) {
        for (String key : List.of("syncwell.auth.jwks-url", "syncwell.auth.issuer", "syncwell.auth.audience")) {
            if (settings.optional(key).isEmpty()) {
                problems.add(key + " must be set: aws mode accepts only tokens of your identity provider");
            }
        }
        settings.optional("syncwell.auth.jwks-url").ifPresent(url -> publicHttps("syncwell.auth.jwks-url", url, allowLocal, problems));
        if (settings.optional("syncwell.auth.jwt-secret").isPresent()) {
            problems.add("syncwell.auth.jwt-secret must be empty: shared-secret (HS256) tokens are for local mode only");
        }
    }

    private static void tokenKeys(Settings settings, List<String> problems) {
        var kmsKey = settings.optional("syncwell.kms.key-id");
        var keyFile = settings.optional("syncwell.token-key-file");
        if (kmsKey.isPresent()) {
            for (String arn : concat(kmsKey.get(), settings.list("syncwell.kms.previous-key-ids"))) {
                try {
                    TokenCipher.kmsKeyRef(arn);
                } catch (IllegalArgumentException notAKeyArn) {
                    problems.add("syncwell.kms: " + notAKeyArn.getMessage());
                }
            }
        } else if (keyFile.isEmpty()) {
            problems.add("syncwell.kms.key-id (a KMS key ARN) or syncwell.token-key-file must be set: every replica must "
                    + "decrypt the tokens another one stored");
        } else if (!Files.isReadable(Path.of(keyFile.get()))) {
            problems.add("syncwell.token-key-file " + keyFile.get() + " cannot be read (aws mode never creates a key)");
        }
    }

    /** Refuses {@code url} unless it is https on a host other than this machine (relaxed for tests, and said so). */
    private static void publicHttps(String key, String url, boolean allowLocal, List<String> problems) {
        String problem = publicHttpsProblem(url);
        if (problem == null) {
            return;
        }
        if (allowLocal) {
            LOG.warn("{} {} (allowed by syncwell.checks.allow-local-endpoints: tests only)", key, problem);
        } else {
            problems.add(key + " " + problem);
        }
    }

    private static String publicHttpsProblem(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException notAUri) {
            return "is not a URL: '" + url + "'";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an https URL, got '" + url + "'";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        if (host.isEmpty() || host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1") || host.equals("0.0.0.0")) {
            return "points at this machine (" + (host.isEmpty() ? "no host" : host) + "), got '" + url + "'";
        }
        return null;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** For tests: what {@link #problems} says of a plain set of settings. */
    static List<String> problems(Properties properties, List<String> providers) {
        return problems(new Settings(key -> java.util.Optional.ofNullable(properties.getProperty(key))), providers);
    }
}
