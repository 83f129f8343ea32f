package deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import model.Json;

/**
 * terraform/ as HashiCorp's own parser reads it (npm {@code @cdktf/hcl2json}, run by node: there is no terraform binary
 * here), with the few expressions the module uses resolved against its variables' defaults: what the offline checks and
 * the aws-mode test compare with the app.
 */
public final class Terraform {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{var\\.([a-z_]+)}");
    private static final Pattern INDEX_OF_RESOURCE = Pattern.compile("\\[\"([a-z-]+)\"]");

    /** Per file ({@code sqs.tf}...), the parse of it. */
    private final JsonNode files;

    private Terraform(JsonNode files) {
        this.files = files;
    }

    public static Terraform load(Path folder) {
        Path script = Path.of("src/test/node/hcl2json.js");
        try {
            Process node = new ProcessBuilder("node", script.toString(), folder.toString()).redirectErrorStream(false).start();
            byte[] out = node.getInputStream().readAllBytes();
            String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("hcl2json failed on " + folder + ": " + err);
            }
            return new Terraform(Json.MAPPER.readTree(out));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node for hcl2json (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode files() {
        return files;
    }

    /** Every block {@code <kind> "<type>" "<name>"} (kind: resource or data), by name, over all files. */
    public Map<String, JsonNode> blocks(String kind, String type) {
        Map<String, JsonNode> blocks = new TreeMap<>();
        files.forEach(file -> file.path(kind).path(type).fields().forEachRemaining(entry -> blocks.put(entry.getKey(),
                entry.getValue().get(0))));
        return blocks;
    }

    public Map<String, JsonNode> resources(String type) {
        return blocks("resource", type);
    }

    public JsonNode resource(String type, String name) {
        JsonNode block = resources(type).get(name);
        if (block == null) {
            throw new AssertionError("terraform/ has no resource " + type + "." + name);
        }
        return block;
    }

    /** A variable's default value. */
    public JsonNode variableDefault(String name) {
        for (JsonNode file : files) {
            JsonNode variable = file.path("variable").path(name);
            if (!variable.isMissingNode()) {
                return variable.get(0).path("default");
            }
        }
        return MissingNode.getInstance();
    }

    /** {@code expression} with {@code ${var.x}} replaced by x's default and {@code ${each.key|value}} by {@code each}. */
    public String resolve(String expression, Map.Entry<String, String> each) {
        String resolved = expression;
        if (each != null) {
            resolved = resolved.replace("${each.key}", each.getKey()).replace("${each.value}", each.getValue());
        }
        Matcher variable = VARIABLE.matcher(resolved);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            JsonNode value = variableDefault(variable.group(1));
            if (value.isMissingNode() || value.isNull()) {
                throw new AssertionError("variable " + variable.group(1) + " has no default to resolve '" + expression + "'");
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
        }
        variable.appendTail(out);
        return out.toString();
    }

    /** A local value that is a map of strings, resolved (e.g. {@code job_queues}: hot → syncwell-jobs-hot). */
    public Map<String, String> localMap(String name) {
        for (JsonNode file : files) {
            for (JsonNode locals : file.path("locals")) {
                if (locals.has(name)) {
                    Map<String, String> map = new LinkedHashMap<>();
                    locals.get(name).fields().forEachRemaining(e -> map.put(e.getKey(), resolve(e.getValue().asText(), null)));
                    return map;
                }
            }
        }
        throw new AssertionError("terraform/ has no local " + name);
    }

    /** A table as terraform creates it. */
    public record Table(String name, String hashKey, String rangeKey, Map<String, String> attributes, List<Index> indexes,
                        String ttlAttribute, JsonNode block) {
    }

    public record Index(String name, String hashKey, String rangeKey, String projection, List<String> nonKeyAttributes) {
    }

    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        resources("aws_dynamodb_table").forEach((id, block) -> {
            Map<String, String> attributes = new TreeMap<>();
            block.path("attribute").forEach(a -> attributes.put(a.get("name").asText(), a.get("type").asText()));
            List<Index> indexes = new ArrayList<>();
            block.path("global_secondary_index").forEach(i -> indexes.add(new Index(i.get("name").asText(),
                    i.get("hash_key").asText(), text(i, "range_key"), i.get("projection_type").asText(), strings(i.path("non_key_attributes")))));
            JsonNode ttl = block.path("ttl").path(0);
            tables.add(new Table(resolve(block.get("name").asText(), null), block.get("hash_key").asText(), text(block, "range_key"),
                    attributes, indexes, ttl.path("enabled").asBoolean(false) ? ttl.get("attribute_name").asText() : null, block));
        });
        return tables;
    }

    /** A queue terraform creates: its name, and for a job queue the DLQ it redrives to after {@code maxReceiveCount}. */
    public record Queue(String name, String deadLetterQueue, Integer maxReceiveCount, int visibilityTimeoutSeconds, JsonNode block) {
    }

    public List<Queue> queues() {
        Map<String, String> jobQueues = localMap("job_queues");
        List<Queue> queues = new ArrayList<>();
        for (Map.Entry<String, String> each : jobQueues.entrySet()) {
            JsonNode dlq = resource("aws_sqs_queue", "dlq");
            JsonNode jobs = resource("aws_sqs_queue", "jobs");
            String dlqName = resolve(dlq.get("name").asText(), each);
            queues.add(new Queue(dlqName, null, null, Integer.parseInt(resolve(dlq.get("visibility_timeout_seconds").asText(), each)), dlq));
            String redrive = jobs.get("redrive_policy").asText();
            if (!redrive.contains("aws_sqs_queue.dlq[each.key].arn") || !redrive.contains("maxReceiveCount     = var.max_receive_count")) {
                throw new AssertionError("the job queue's redrive policy is not to its own -dlq after var.max_receive_count: " + redrive);
            }
            queues.add(new Queue(resolve(jobs.get("name").asText(), each), dlqName, variableDefault("max_receive_count").asInt(),
                    Integer.parseInt(resolve(jobs.get("visibility_timeout_seconds").asText(), each)), jobs));
        }
        return queues;
    }

    /** The dead-letter bucket's name with the variables' defaults. */
    public String deadLetterBucket() {
        JsonNode configured = variableDefault("dead_letter_bucket_name");
        return configured.isNull() || configured.isMissingNode() ? resolve("${var.name_prefix}dead-letters", null) : configured.asText();
    }

    /** One Allow statement of a role's policy: its actions and resources as written (expressions unresolved). */
    public record Statement(String sid, String effect, List<String> actions, List<String> resources) {
    }

    /** The IAM policy of each role (api, hot-worker, cold-worker, scheduler, keda), statement by statement. */
    public Map<String, List<Statement>> rolePolicies() {
        JsonNode policies = resource("aws_iam_role_policy", "irsa").get("for_each");
        Map<String, JsonNode> documents = blocks("data", "aws_iam_policy_document");
        Map<String, List<Statement>> byRole = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = policies.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> role = it.next();
            String reference = role.getValue().asText();
            String document = reference.replaceAll("^\\$\\{data\\.aws_iam_policy_document\\.([a-z_]+).*$", "$1");
            Matcher key = INDEX_OF_RESOURCE.matcher(reference);
            Map.Entry<String, String> each = key.find() ? Map.entry(key.group(1), key.group(1)) : null;
            List<Statement> statements = new ArrayList<>();
            for (JsonNode statement : documents.get(document).path("statement")) {
                statements.add(new Statement(text(statement, "sid"), statement.path("effect").asText("Allow"),
                        strings(statement.path("actions")).stream().map(a -> each == null ? a : a.replace("${each.key}", each.getKey())).toList(),
                        strings(statement.path("resources")).stream().map(r -> each == null ? r : r.replace("each.key", "\"" + each.getKey() + "\"")).toList()));
            }
            byRole.put(role.getKey(), statements);
        }
        return byRole;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A list's strings; an expression that makes the list ({@code ${local.job_queue_arns}}) as its only element. */
    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        if (list.isTextual()) {
            values.add(list.asText());
        }
        list.forEach(value -> values.add(value.asText()));
        return values;
    }
}
