package deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import app.LaunchSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ checked offline: the example overlay parsed strictly into the Kubernetes model ({@link KubernetesManifests}),
 * then what running it at scale needs — probes per role, resources, a locked-down security context, disruption
 * budgets, IRSA roles, fixed image tags, queue-driven scaling, traffic only where it belongs, config from a ConfigMap
 * and secrets from a Secret that is not in git.
 */
class KubernetesTest {

    private static final List<String> APP_ROLES = List.of("api", "hot-worker", "cold-worker", "scheduler");
    private static KubernetesManifests k8s;
    private static Properties app;

    @BeforeAll
    static void render() throws IOException {
        k8s = KubernetesManifests.render(Path.of("k8s/overlays/example"), Path.of("k8s/base"));
        app = new Properties();
        try (InputStream in = KubernetesTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            app.load(in);
        }
    }

    private static Deployment deployment(String role) {
        return k8s.named(Deployment.class, "syncwell-" + role);
    }

    private static Container container(String role) {
        return deployment(role).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void everyObjectIsOneTheKubernetesApiKnowsWithNoUnknownField() {
        assertThat(k8s.objects).as("rendered by " + k8s.renderedBy).hasSizeGreaterThan(20);
        assertThat(k8s.keda).hasSize(3);
        for (String role : APP_ROLES) {
            assertThat(deployment(role).getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        }
    }

    @Test
    void eachRoleRunsOneImageWithItsRoleAndProbesOnTheManagementPort() {
        for (String role : APP_ROLES) {
            Container container = container(role);
            assertThat(container.getEnv()).as(role).anyMatch(env -> env.getName().equals("SYNCWELL_ROLES") && env.getValue().equals(role));
            assertThat(container.getPorts()).as(role).anyMatch(port -> port.getName().equals("management")
                    && port.getContainerPort() == Integer.parseInt(app.getProperty("camel.management.port")));
            assertProbe(role, container.getLivenessProbe(), "/observe/health/live");
            assertProbe(role, container.getReadinessProbe(), "/observe/health/ready");
            assertThat(container.getStartupProbe()).as(role + " startup probe").isNotNull();
        }
        assertThat(k8s.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().startsWith("syncwell-")
                && !d.getMetadata().getName().equals("syncwell-hawtio")).map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .collect(Collectors.toSet())).as("one image for every role").hasSize(1);
    }

    private static void assertProbe(String role, Probe probe, String path) {
        assertThat(probe).as(role + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(role).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(role).isEqualTo("management");
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimit() {
        for (Deployment deployment : k8s.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String name = deployment.getMetadata().getName();
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
            }
        }
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithoutPrivilegeEscalation() {
        for (Deployment deployment : k8s.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).contains("ALL");
            }
        }
    }

    @Test
    void aStoppingPodHasTimeToFinishItsJobs() {
        int shutdownTimeout = Integer.parseInt(app.getProperty("camel.main.shutdown-timeout"));
        for (String role : APP_ROLES) {
            assertThat(deployment(role).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).as(role)
                    .isGreaterThanOrEqualTo((long) shutdownTimeout);
        }
    }

    @Test
    void everyRoleHasADisruptionBudget() {
        Set<String> budgeted = k8s.all(PodDisruptionBudget.class).stream()
                .map(pdb -> pdb.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component")).collect(Collectors.toSet());
        assertThat(budgeted).containsAll(APP_ROLES);
    }

    @Test
    void eachRoleHasItsOwnServiceAccountWithAnIrsaRole() {
        for (String role : APP_ROLES) {
            String account = deployment(role).getSpec().getTemplate().getSpec().getServiceAccountName();
            assertThat(account).isEqualTo("syncwell-" + role);
            assertThat(k8s.named(ServiceAccount.class, account).getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"))
                    .as(account).matches("arn:aws:iam::\\d{12}:role/[A-Za-z0-9+=,.@_-]+");
        }
    }

    @Test
    void imagesHaveAFixedTagNeverLatest() {
        for (Deployment deployment : k8s.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(container.getImage()).as(deployment.getMetadata().getName()).matches(".+:[A-Za-z0-9._-]+$")
                        .doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void workersScaleOnTheirQueuesDepthAndTheColdOnesToZero() {
        JsonNode hot = k8s.kedaNamed("ScaledObject", "syncwell-hot-worker");
        JsonNode cold = k8s.kedaNamed("ScaledObject", "syncwell-cold-worker");
        assertThat(hot.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("syncwell-hot-worker");
        assertThat(cold.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("syncwell-cold-worker");
        assertThat(cold.path("spec").path("minReplicaCount").asInt()).isZero();
        assertThat(hot.path("spec").path("minReplicaCount").asInt()).isPositive();
        Map<String, JsonNode> config = Map.of("hot", hot, "cold", cold);
        ConfigMap settings = k8s.named(ConfigMap.class, "syncwell-config");
        config.forEach((path, scaled) -> {
            JsonNode trigger = scaled.path("spec").path("triggers").path(0);
            assertThat(trigger.path("type").asText()).isEqualTo("aws-sqs-queue");
            assertThat(trigger.path("metadata").path("queueURL").asText()).as("the queue the workers read")
                    .endsWith("/" + settings.getData().get("SYNCWELL_QUEUE_" + path.toUpperCase()));
            assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo("syncwell-keda-aws");
        });
        assertThat(deployment("hot-worker").getSpec().getReplicas()).as("KEDA owns the workers' replicas").isNull();
        assertThat(deployment("cold-worker").getSpec().getReplicas()).isNull();
        HorizontalPodAutoscaler api = k8s.all(HorizontalPodAutoscaler.class).get(0);
        assertThat(api.getSpec().getScaleTargetRef().getName()).isEqualTo("syncwell-api");
    }

    @Test
    void onlyTheApiTakesTrafficAndTheManagementPortIsNotExposed() {
        Ingress ingress = k8s.all(Ingress.class).get(0);
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
                assertThat(path.getBackend().getService().getName()).isEqualTo("syncwell-api")));
        Service api = k8s.named(Service.class, "syncwell-api");
        assertThat(api.getSpec().getPorts()).noneMatch(port -> port.getTargetPort().getIntVal() != null
                && port.getTargetPort().getIntVal() == 9876 || "management".equals(port.getTargetPort().getStrVal()));
        assertThat(k8s.named(Service.class, "syncwell-hawtio").getSpec().getType()).isIn(null, "ClusterIP");

        List<NetworkPolicy> policies = k8s.all(NetworkPolicy.class);
        assertThat(policies).as("a default deny").anyMatch(p -> (p.getSpec().getPodSelector().getMatchLabels() == null || p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty());
        for (NetworkPolicy policy : policies) {
            Map<String, String> selects = policy.getSpec().getPodSelector().getMatchLabels();
            boolean openToAll = policy.getSpec().getIngress().stream().anyMatch(rule -> rule.getFrom().isEmpty());
            if (openToAll) {
                assertThat(selects).as(policy.getMetadata().getName() + ": open to all, so only the API").containsEntry(
                        "app.kubernetes.io/component", "api");
                policy.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(port ->
                        assertThat(port.getPort().getIntVal()).isEqualTo(Integer.parseInt(app.getProperty("camel.server.port")))));
            }
        }
    }

    @Test
    void settingsComeFromAConfigMapOfTheAppsKeysAndSecretsFromASecretNotInGit() {
        ConfigMap config = k8s.named(ConfigMap.class, "syncwell-config");
        Set<String> variables = app.stringPropertyNames().stream().map(LaunchSettings::environmentName).collect(Collectors.toSet());
        assertThat(config.getData().keySet()).as("each an environment variable of a setting in application.properties")
                .allMatch(variables::contains);
        assertThat(config.getData().keySet()).as("no secret in the ConfigMap")
                .noneMatch(key -> key.contains("SECRET") || key.contains("PASSWORD") || key.endsWith("_TOKEN"));
        assertThat(config.getData()).containsEntry("SYNCWELL_MODE", "aws");
        for (String role : APP_ROLES) {
            List<EnvFromSource> from = container(role).getEnvFrom();
            assertThat(from).as(role).anyMatch(source -> source.getConfigMapRef() != null
                    && source.getConfigMapRef().getName().equals("syncwell-config"));
            assertThat(from).as(role).anyMatch(source -> source.getSecretRef() != null
                    && source.getSecretRef().getName().equals("syncwell-secrets"));
        }
        assertThat(k8s.all(io.fabric8.kubernetes.api.model.Secret.class)).as("Secrets are made by hand, never kept here").isEmpty();
    }

}
