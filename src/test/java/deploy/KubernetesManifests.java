package deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example overlay of k8s/ as the cluster would get it — rendered by {@code kubectl kustomize} where this machine
 * has kubectl, else the base's files one by one — parsed strictly: every object into the fabric8 Kubernetes model of
 * its apiVersion and kind with no field left over (an unknown or misspelt field is an error), KEDA's objects against
 * the fields of KEDA's CRDs.
 */
final class KubernetesManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** fabric8's model is bound with Jackson 3. */
    private static final JsonMapper MODEL = JsonMapper.builder().build();
    private static final Map<String, Class<? extends HasMetadata>> MODEL_OF = Map.of(
            "v1/Namespace", Namespace.class, "v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class,
            "v1/ServiceAccount", ServiceAccount.class, "v1/Service", Service.class, "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/Ingress", Ingress.class, "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    final List<HasMetadata> objects = new ArrayList<>();
    /** KEDA's ScaledObjects and TriggerAuthentications, as YAML trees (checked by {@link KedaSchema}). */
    final List<JsonNode> keda = new ArrayList<>();
    final String renderedBy;

    private KubernetesManifests(String renderedBy) {
        this.renderedBy = renderedBy;
    }

    static KubernetesManifests render(Path overlay, Path base) throws IOException {
        String rendered = kubectlKustomize(overlay);
        KubernetesManifests manifests;
        List<String> documents = new ArrayList<>();
        if (rendered != null) {
            manifests = new KubernetesManifests("kubectl kustomize " + overlay);
            documents.add(rendered);
        } else {
            manifests = new KubernetesManifests("the files of " + base);
            try (var files = Files.list(base)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                    documents.add(Files.readString(file));
                }
            }
        }
        for (String document : documents) {
            try (var parser = YAML.createParser(document)) {
                for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                    JsonNode object = it.next();
                    if (object != null && !object.isEmpty()) {
                        manifests.add(object);
                    }
                }
            }
        }
        return manifests;
    }

    private void add(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        if (type.startsWith("keda.sh/")) {
            KedaSchema.check(object);
            keda.add(object);
            return;
        }
        Class<? extends HasMetadata> model = MODEL_OF.get(type);
        if (model == null) {
            throw new AssertionError("no model known for " + type + " (" + object.path("metadata").path("name").asText() + ")");
        }
        HasMetadata parsed = MODEL.readValue(object.toString(), model);
        List<String> unknown = new ArrayList<>();
        leftovers(parsed, type + " " + parsed.getMetadata().getName(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields the Kubernetes API does not know: " + unknown);
        }
        objects.add(parsed);
    }

    /** Fields fabric8 kept aside because its model has no such field: what the API server would refuse. */
    private static void leftovers(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                leftovers(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> leftovers(item, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    leftovers(field, path + "." + getter.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The rendered overlay, or null when this machine has no kubectl. */
    private static String kubectlKustomize(Path overlay) throws IOException {
        Process kubectl;
        try {
            // -Dsyncwell.test.kubectl=... names another binary (a missing one: the fallback without kubectl)
            kubectl = new ProcessBuilder(System.getProperty("syncwell.test.kubectl", "kubectl"), "kustomize", overlay.toString()).start();
        } catch (IOException noKubectl) {
            return null;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + overlay + " failed: " + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in " + renderedBy));
    }

    JsonNode kedaNamed(String kind, String name) {
        return keda.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + renderedBy));
    }

    /**
     * The fields of KEDA 2.x's ScaledObject and TriggerAuthentication (keda.sh/v1alpha1) as its CRDs define them, for
     * the parts these manifests use; trigger metadata is free-form (strings).
     */
    static final class KedaSchema {
        private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
                Map.entry("", Set.of("apiVersion", "kind", "metadata", "spec")),
                Map.entry("metadata", Set.of("name", "namespace", "labels", "annotations")),
                Map.entry("ScaledObject.spec", Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
                        "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers")),
                Map.entry("ScaledObject.spec.scaleTargetRef", Set.of("name", "kind", "apiVersion", "envSourceContainerName")),
                Map.entry("ScaledObject.spec.fallback", Set.of("failureThreshold", "replicas", "behavior")),
                Map.entry("ScaledObject.spec.advanced", Set.of("restoreToOriginalReplicaCount", "horizontalPodAutoscalerConfig",
                        "scalingModifiers")),
                Map.entry("ScaledObject.spec.advanced.horizontalPodAutoscalerConfig", Set.of("name", "behavior")),
                Map.entry("ScaledObject.spec.triggers[]", Set.of("type", "name", "metadata", "authenticationRef", "metricType",
                        "useCachedMetrics")),
                Map.entry("ScaledObject.spec.triggers[].authenticationRef", Set.of("name", "kind")),
                Map.entry("TriggerAuthentication.spec", Set.of("podIdentity", "secretTargetRef", "env", "hashiCorpVault",
                        "azureKeyVault", "gcpSecretManager", "awsSecretManager", "configMapTargetRef")),
                Map.entry("TriggerAuthentication.spec.podIdentity", Set.of("provider", "identityId", "roleArn", "identityOwner",
                        "identityTenantId", "identityAuthorityHost")));

        static void check(JsonNode object) {
            String kind = object.path("kind").asText();
            if (!Set.of("ScaledObject", "TriggerAuthentication").contains(kind) || !object.path("apiVersion").asText().equals("keda.sh/v1alpha1")) {
                throw new AssertionError("unknown KEDA object " + object.path("apiVersion").asText() + "/" + kind);
            }
            fields(object, "", kind);
        }

        private static void fields(JsonNode node, String path, String kind) {
            Set<String> allowed = FIELDS.get(path.isEmpty() || path.equals("metadata") ? path : kind + "." + path);
            if (allowed == null) {
                return;
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!allowed.contains(field)) {
                    throw new AssertionError(kind + " " + node + ": '" + (path.isEmpty() ? "" : path + ".") + field
                            + "' is not a field of KEDA's " + kind);
                }
                JsonNode value = node.get(field);
                String child = path.isEmpty() ? field : path + "." + field;
                if (value.isArray()) {
                    value.forEach(item -> fields(item, child + "[]", kind));
                } else if (value.isObject()) {
                    fields(value, child, kind);
                }
            });
            if (path.equals("spec.triggers[]")) {
                node.path("metadata").fields().forEachRemaining(entry -> {
                    if (!entry.getValue().isTextual()) {
                        throw new AssertionError("trigger metadata values are strings: " + entry.getKey());
                    }
                });
            }
        }
    }
}
