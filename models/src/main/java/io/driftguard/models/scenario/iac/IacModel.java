package io.driftguard.models.scenario.iac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The declared state at the start of the window: Terraform states, CloudFormation stacks and
 * Kubernetes manifests, collected while scenarios declare their resources, then rendered into the
 * replay folder's {@code iac/} tree.
 */
public final class IacModel {

    /** Terraform writes its state with two-space indentation and {@code "key": value}. */
    private static final ObjectWriter PRETTY = Json.MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private record TfState(String lineage, int serial, List<ObjectNode> resources) {}

    private record Stack(
            String name,
            String stackId,
            Map<String, Object> resources,
            List<String[]> physical,
            Map<String, String> parameters) {}

    private final Rng rng;
    private final Instant start;
    private final Map<String, TfState> states = new TreeMap<>();
    private final Map<String, Stack> stacks = new TreeMap<>();
    private final Map<String, List<Object>> manifests = new TreeMap<>();
    private final Map<String, List<String>> serviceResources = new LinkedHashMap<>();

    public IacModel(Rng rng, Instant start) {
        this.rng = rng;
        this.start = start;
    }

    public static ObjectNode obj() {
        return Json.MAPPER.createObjectNode();
    }

    public static ArrayNode arr() {
        return Json.MAPPER.createArrayNode();
    }

    /** An insertion-ordered map from alternating keys and values (never Map.of: its order varies per JVM). */
    public static Map<String, Object> m(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static ArrayNode strings(String... values) {
        ArrayNode a = arr();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    /** Declares a Terraform resource; returns its address. */
    public String terraform(
            String env,
            Service service,
            String type,
            String name,
            String provider,
            int schemaVersion,
            ObjectNode attributes,
            List<String> dependencies) {
        String key = env + "/" + service.name();
        TfState state =
                states.computeIfAbsent(key, k -> new TfState(rng.uuid(), rng.between(12, 480), new ArrayList<>()));
        ObjectNode r = obj();
        r.put("mode", "managed")
                .put("type", type)
                .put("name", name)
                .put("provider", "provider[\"registry.terraform.io/hashicorp/" + provider + "\"]");
        ObjectNode instance = obj();
        instance.put("schema_version", schemaVersion);
        instance.set("attributes", attributes);
        instance.set("sensitive_attributes", arr());
        instance.put(
                "private",
                Base64.getEncoder()
                        .encodeToString(
                                ("{\"schema_version\":\"" + schemaVersion + "\"}").getBytes(StandardCharsets.UTF_8)));
        if (dependencies != null && !dependencies.isEmpty()) {
            instance.set("dependencies", strings(dependencies.toArray(String[]::new)));
        }
        r.set("instances", arr().add(instance));
        state.resources().add(r);
        return type + "." + name;
    }

    public static String terraformPath(String env, Service service) {
        return "terraform/" + env + "/" + service.name() + "/";
    }

    /** Declares a CloudFormation resource in the service's stack; returns {@code stack/logicalId}. */
    public String cloudFormation(
            Service service, String logicalId, String type, Map<String, Object> properties, String physicalId) {
        String name = stackName(service);
        Stack stack = stacks.computeIfAbsent(
                name,
                n -> new Stack(
                        n,
                        "arn:aws:cloudformation:us-east-1:" + World.AWS_PROD + ":stack/" + n + "/" + rng.uuid(),
                        new LinkedHashMap<>(),
                        new ArrayList<>(),
                        new LinkedHashMap<>()));
        stack.parameters().putIfAbsent("Environment", "prod");
        stack.parameters().putIfAbsent("ServiceName", service.name());
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", type);
        resource.put("Properties", properties);
        stack.resources().put(logicalId, resource);
        stack.physical().add(new String[] {logicalId, physicalId, type});
        return name + "/" + logicalId;
    }

    public static String stackName(Service service) {
        return service.name() + "-prod";
    }

    public static String cloudFormationPath(Service service) {
        return "cloudformation/" + stackName(service) + "/";
    }

    /** Declares a Kubernetes object in its own manifest file; returns the file path under {@code iac/}. */
    public String kubernetes(String cluster, String namespace, String fileName, Map<String, Object> manifest) {
        String path = "kubernetes/" + cluster + "/" + namespace + "/" + fileName;
        manifests.computeIfAbsent(path, p -> new ArrayList<>()).add(manifest);
        return path;
    }

    public void own(Service service, String resourceId) {
        serviceResources.computeIfAbsent(service.name(), s -> new ArrayList<>()).add(resourceId);
    }

    public List<String> resourcesOf(Service service) {
        return serviceResources.getOrDefault(service.name(), List.of());
    }

    /** Renders every IaC file, keyed by its path relative to the replay folder. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, TfState> e : states.entrySet()) {
            ObjectNode root = obj();
            root.put("version", 4)
                    .put("terraform_version", "1.9.8")
                    .put("serial", e.getValue().serial())
                    .put("lineage", e.getValue().lineage());
            root.set("outputs", obj());
            ArrayNode resources = root.putArray("resources");
            e.getValue().resources().forEach(resources::add);
            root.putNull("check_results");
            out.put("iac/terraform/" + e.getKey() + "/terraform.tfstate", json(root));
        }
        for (Stack stack : stacks.values()) {
            String dir = "iac/cloudformation/" + stack.name() + "/";
            out.put(dir + "template.yaml", template(stack).getBytes(StandardCharsets.UTF_8));
            out.put(dir + "resources.json", json(describeResources(stack)));
            out.put(dir + "parameters.json", json(describeStack(stack)));
        }
        for (Map.Entry<String, List<Object>> e : manifests.entrySet()) {
            out.put("iac/" + e.getKey(), YamlWriter.documents(e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private String template(Stack stack) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", "Production resources of the " + stack.name().replace("-prod", "") + " service");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Environment", m("Type", "String", "Default", "prod"));
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("Type", "String");
        svc.put("Description", "Owning service, used in names and tags");
        params.put("ServiceName", svc);
        root.put("Parameters", params);
        root.put("Resources", stack.resources());
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (String[] p : stack.physical()) {
            if (outputs.size() >= 3) {
                break;
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("Value", new YamlWriter.Tagged("!Ref", p[0]));
            o.put("Export", m("Name", new YamlWriter.Tagged("!Sub", "${AWS::StackName}-" + p[0])));
            outputs.put(p[0] + "Id", o);
        }
        root.put("Outputs", outputs);
        return YamlWriter.document(root);
    }

    private ObjectNode describeResources(Stack stack) {
        ObjectNode root = obj();
        ArrayNode list = root.putArray("StackResources");
        for (String[] p : stack.physical()) {
            ObjectNode r = list.addObject();
            r.put("StackName", stack.name())
                    .put("StackId", stack.stackId())
                    .put("LogicalResourceId", p[0])
                    .put("PhysicalResourceId", p[1])
                    .put("ResourceType", p[2])
                    .put(
                            "Timestamp",
                            start.minusSeconds(86_400L * 9 + rng.between(0, 80_000))
                                    .toString())
                    .put("ResourceStatus", "UPDATE_COMPLETE");
            r.putObject("DriftInformation").put("StackResourceDriftStatus", "NOT_CHECKED");
        }
        return root;
    }

    private ObjectNode describeStack(Stack stack) {
        ObjectNode root = obj();
        ObjectNode s = root.putArray("Stacks").addObject();
        s.put("StackId", stack.stackId())
                .put("StackName", stack.name())
                .put(
                        "Description",
                        "Production resources of the " + stack.name().replace("-prod", "") + " service");
        ArrayNode params = s.putArray("Parameters");
        stack.parameters()
                .forEach((k, v) -> params.addObject().put("ParameterKey", k).put("ParameterValue", v));
        s.put("CreationTime", start.minusSeconds(86_400L * 200).toString())
                .put("LastUpdatedTime", start.minusSeconds(86_400L * 9).toString());
        s.putObject("RollbackConfiguration");
        s.put("StackStatus", "UPDATE_COMPLETE").put("DisableRollback", false);
        s.putArray("NotificationARNs");
        s.set("Capabilities", strings("CAPABILITY_NAMED_IAM"));
        s.putArray("Tags")
                .addObject()
                .put("Key", "service")
                .put("Value", stack.name().replace("-prod", ""));
        s.put("EnableTerminationProtection", true);
        s.putObject("DriftInformation").put("StackDriftStatus", "NOT_CHECKED");
        return root;
    }

    private static byte[] json(Object value) {
        try {
            byte[] body = PRETTY.writeValueAsBytes(value);
            byte[] out = Arrays.copyOf(body, body.length + 1);
            out[body.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
