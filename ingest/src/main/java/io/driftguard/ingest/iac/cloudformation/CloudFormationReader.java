package io.driftguard.ingest.iac.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.SourceExcerpt;
import io.driftguard.ingest.catalog.Markers;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.ingest.iac.source.DeclaringBlocks;
import io.driftguard.ingest.iac.source.DeclaringBlocks.Lines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one CloudFormation stack folder ({@code template.json} or {@code template.yaml},
 * {@code resources.json}, optional {@code parameters.json}) into declarations addressed
 * {@code <stack>/<LogicalId>} with IaC path {@code cloudformation/<stack>/}.
 *
 * <p>The physical ids in {@code resources.json} join the template's logical ids to the cloud:
 * without it no resource can be keyed, and the stack is reported.
 */
public final class CloudFormationReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NO_RESOURCES = "not a CloudFormation template: no Resources section";

    private final IacMapper mapper;

    public CloudFormationReader(IacMapper mapper) {
        this.mapper = mapper;
    }

    public static CloudFormationReader builtIn() {
        return new CloudFormationReader(IacMapper.builtIn());
    }

    /** What one stack declares, and what could not be read or resolved. */
    public record Result(List<DeclaredResource> resources, List<IacProblem> problems) {}

    /**
     * Reads a stack folder; never throws for bad content.
     *
     * @param displayDir the folder name problems carry ({@code iac/cloudformation/<stack>})
     */
    public Result readStack(Path dir, String stack, String displayDir) {
        List<IacProblem> problems = new ArrayList<>();
        Path json = dir.resolve("template.json");
        Path yaml = Files.exists(json)
                ? null
                : Files.exists(dir.resolve("template.yaml"))
                        ? dir.resolve("template.yaml")
                        : Files.exists(dir.resolve("template.yml")) ? dir.resolve("template.yml") : null;
        Path templateFile = Files.exists(json) ? json : yaml;
        if (templateFile == null) {
            return new Result(List.of(), List.of(new IacProblem(displayDir, "no template.json or template.yaml")));
        }
        String templateName = displayDir + "/" + templateFile.getFileName();
        JsonNode template;
        String text;
        try {
            text = Files.readString(templateFile, StandardCharsets.UTF_8);
            template = parse(text, templateFile == json);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(List.of(), List.of(new IacProblem(templateName, unreadable(e))));
        }
        JsonNode resources = readOptional(dir.resolve("resources.json"), displayDir + "/resources.json", problems);
        JsonNode parameters = readOptional(dir.resolve("parameters.json"), displayDir + "/parameters.json", problems);
        if (resources == null && problems.isEmpty()) {
            problems.add(new IacProblem(
                    displayDir + "/resources.json",
                    "missing: without physical ids no resource of stack " + stack + " can be joined to audit events"));
        }
        Result r = read(stack, template, resources, parameters, templateName);
        problems.addAll(r.problems());
        return new Result(withExcerpts(r.resources(), stack, templateFile, text), problems);
    }

    /**
     * Why a template body (as the CloudFormation API's {@code GetTemplate} returns it, JSON or YAML) cannot
     * be read as a template, or null when it can: what {@code iac-sync} checks before it replaces its copy
     * of a stack.
     */
    public static String templateError(String body) {
        JsonNode template;
        try {
            template = parse(body, isJson(body));
        } catch (IOException | IllegalArgumentException e) {
            return unreadable(e);
        }
        return template != null
                        && template.isObject()
                        && template.path("Resources").isObject()
                ? null
                : NO_RESOURCES;
    }

    /** A JSON template starts with its object; anything else is read as YAML. */
    public static boolean isJson(String body) {
        return body.stripLeading().startsWith("{");
    }

    private static JsonNode parse(String text, boolean json) throws IOException {
        return json ? Json.MAPPER.readTree(text) : CfnYaml.parse(text);
    }

    private static String unreadable(Exception e) {
        return "not a readable template: " + firstLine(e.getMessage());
    }

    /**
     * Reads a parsed template.
     *
     * @param resources {@code describe-stack-resources} output, or null
     * @param parameters {@code describe-stacks} output, or null
     */
    public Result read(String stack, JsonNode template, JsonNode resources, JsonNode parameters, String file) {
        List<DeclaredResource> out = new ArrayList<>();
        List<IacProblem> problems = new ArrayList<>();
        if (template == null
                || !template.isObject()
                || !template.path("Resources").isObject()) {
            problems.add(new IacProblem(file, NO_RESOURCES));
            return new Result(out, problems);
        }
        Map<String, String> physical = new HashMap<>();
        String stackId = null;
        for (JsonNode r : stackResources(resources)) {
            String logical = r.path("LogicalResourceId").asText(null);
            String id = r.path("PhysicalResourceId").asText(null);
            if (logical != null
                    && id != null
                    && !id.isEmpty()
                    && !r.path("ResourceStatus").asText("").startsWith("DELETE_")) {
                physical.put(logical, id);
            }
            stackId = stackId == null ? r.path("StackId").asText(null) : stackId;
        }
        JsonNode stackDoc =
                parameters == null ? null : parameters.path("Stacks").path(0);
        if (stackDoc != null && stackDoc.has("StackId")) {
            stackId = stackDoc.get("StackId").asText();
        }
        Map<String, JsonNode> values = parameterValues(template, stackDoc, stack, stackId);
        IntrinsicResolver resolver = new IntrinsicResolver(template, values, physical);
        String account = values.containsKey("AWS::AccountId")
                ? values.get("AWS::AccountId").asText()
                : null;
        String iacPath = "cloudformation/" + stack + "/";

        Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String logical = e.getKey();
            String type = e.getValue().path("Type").asText("");
            if (!mapper.knows("cloudformation", type)) {
                continue;
            }
            String address = stack + "/" + logical;
            String condition = e.getValue().path("Condition").asText(null);
            if (condition != null && Boolean.FALSE.equals(resolver.evaluateCondition(condition))) {
                continue;
            }
            if (resources != null && !physical.containsKey(logical)) {
                problems.add(
                        new IacProblem(file, address + ": not in resources.json (not created, or deleted); skipped"));
                continue;
            }
            JsonNode props = resolver.resolve(e.getValue().path("Properties"));
            if (props == null || !props.isObject()) {
                props = NODES.objectNode();
            }
            ObjectNode idDoc = ((ObjectNode) props).deepCopy();
            if (physical.containsKey(logical)) {
                idDoc.put("$physical", physical.get(logical));
            }
            IacRef ref = new IacRef("cloudformation", address, iacPath);
            out.addAll(mapper.map(
                    "cloudformation",
                    type,
                    props,
                    idDoc,
                    physical.get(logical),
                    account,
                    new IacMapper.Scope(
                            account,
                            values.containsKey("AWS::Region")
                                    ? values.get("AWS::Region").asText()
                                    : null),
                    ref,
                    note -> problems.add(new IacProblem(file, note))));
        }
        return new Result(out, problems);
    }

    /** Each resource's block in the template's text, for codify patches written against it. */
    private static List<DeclaredResource> withExcerpts(
            List<DeclaredResource> declared, String stack, Path templateFile, String text) {
        String file = "cloudformation/" + stack + "/" + templateFile.getFileName();
        Map<String, Lines> blocks = templateFile.getFileName().toString().endsWith(".json")
                ? DeclaringBlocks.jsonSection(text, "Resources")
                : DeclaringBlocks.yamlSection(text, "Resources");
        List<DeclaredResource> out = new ArrayList<>(declared.size());
        for (DeclaredResource d : declared) {
            String address = d.resource().iac().address();
            Lines lines = blocks.get(address.substring(address.indexOf('/') + 1));
            out.add(lines == null ? d : d.withExcerpt(SourceExcerpt.of(file, text, lines.from(), lines.to())));
        }
        return out;
    }

    private static Iterable<JsonNode> stackResources(JsonNode resources) {
        if (resources == null) {
            return List.of();
        }
        JsonNode list = resources.has("StackResources")
                ? resources.get("StackResources")
                : resources.path("StackResourceSummaries");
        return list.isArray() ? list : List.of();
    }

    private static Map<String, JsonNode> parameterValues(
            JsonNode template, JsonNode stackDoc, String stack, String stackId) {
        Map<String, JsonNode> values = new HashMap<>();
        Map<String, JsonNode> given = new HashMap<>();
        if (stackDoc != null) {
            for (JsonNode p : stackDoc.path("Parameters")) {
                String key = p.path("ParameterKey").asText(null);
                if (key == null) {
                    continue;
                }
                // SSM-typed parameters hold the parameter's path; the value used is ResolvedValue.
                JsonNode v = p.has("ResolvedValue") ? p.get("ResolvedValue") : p.get("ParameterValue");
                if (v != null && !v.isNull()) {
                    given.put(key, v);
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = template.path("Parameters").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("Type").asText("String");
            JsonNode v = given.containsKey(e.getKey())
                    ? given.get(e.getKey())
                    : e.getValue().get("Default");
            if (type.startsWith("AWS::SSM::Parameter::Value")
                    && !(stackDoc != null && hasResolved(stackDoc, e.getKey()))) {
                values.put(
                        e.getKey(), Markers.unresolved("parameter " + e.getKey() + " is read from SSM at deploy time"));
                continue;
            }
            if (v == null) {
                continue;
            }
            if ((type.startsWith("List<") || type.equals("CommaDelimitedList")) && !v.isArray()) {
                ArrayNode list = NODES.arrayNode();
                for (String part : v.asText().split(",")) {
                    list.add(part.trim());
                }
                v = list;
            } else if (!v.isArray() && !v.isTextual()) {
                v = TextNode.valueOf(v.asText());
            }
            values.put(e.getKey(), v);
        }
        values.put("AWS::StackName", TextNode.valueOf(stack));
        if (stackId != null && stackId.startsWith("arn:")) {
            String[] parts = stackId.split(":", 6);
            if (parts.length == 6) {
                values.put("AWS::StackId", TextNode.valueOf(stackId));
                values.put("AWS::Partition", TextNode.valueOf(parts[1]));
                values.put("AWS::Region", TextNode.valueOf(parts[3]));
                values.put("AWS::AccountId", TextNode.valueOf(parts[4]));
                values.put(
                        "AWS::URLSuffix",
                        TextNode.valueOf(parts[3].startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"));
            }
        }
        return values;
    }

    private static boolean hasResolved(JsonNode stackDoc, String key) {
        for (JsonNode p : stackDoc.path("Parameters")) {
            if (key.equals(p.path("ParameterKey").asText()) && p.has("ResolvedValue")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode readOptional(Path file, String display, List<IacProblem> problems) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            problems.add(new IacProblem(display, "not readable as JSON: " + firstLine(e.getMessage())));
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
