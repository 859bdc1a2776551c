package io.driftguard.models.scenario.iac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code driftguard generate --declared-resources N}: a large estate of declared resources beside
 * the generated organisation, for measuring state and memory at scale (issue 9). The organisation's
 * own IaC files are the templates: copies of its Terraform states, CloudFormation stacks and
 * Kubernetes manifests, so the fleet has the organisation's mix of providers, resource types and
 * attribute shapes, each copy with its identifiers (ids, names, ARNs, logical ids, namespaces)
 * renamed so every copy declares resources of its own. Copies are written in files of {@value
 * #COPIES_PER_FILE} copies of one template, one file at a time, so the generator's heap does not grow
 * with N. No event touches the copies: they are declared state only.
 */
public final class DeclaredFleet {

    /** Copies of one template per written file (a Terraform state, a manifest file, a stack). */
    static final int COPIES_PER_FILE = 50;

    private static final int SHORTEST_NAME = 6;

    private final Path iac;

    private DeclaredFleet(Path iac) {
        this.iac = iac;
    }

    /**
     * Writes at least {@code resources} declared resources (IaC resources and Kubernetes objects,
     * as the readers count them before merging parts of one cloud resource) under {@code iac}.
     *
     * @return how many were written
     */
    public static long write(Path iac, long resources) throws IOException {
        if (resources <= 0) {
            return 0;
        }
        return new DeclaredFleet(iac).write(resources);
    }

    private long write(long wanted) throws IOException {
        List<Template> templates = templates();
        if (templates.isEmpty()) {
            throw new IOException("no IaC under " + iac + " to copy");
        }
        long written = 0;
        for (int batch = 0; written < wanted; batch++) {
            for (Template t : templates) {
                if (written >= wanted) {
                    break;
                }
                t.write(batch);
                written += (long) t.resources * COPIES_PER_FILE;
            }
        }
        return written;
    }

    private List<Template> templates() throws IOException {
        List<Template> out = new ArrayList<>();
        Path tf = iac.resolve("terraform");
        if (Files.isDirectory(tf)) {
            for (Path f : list(tf, p -> p.getFileName().toString().endsWith(".tfstate"))) {
                out.add(terraform(f));
            }
        }
        Path cfn = iac.resolve("cloudformation");
        if (Files.isDirectory(cfn)) {
            for (Path f : list(cfn, p -> p.getFileName().toString().equals("resources.json"))) {
                out.add(stack(f.getParent()));
            }
        }
        Path k8s = iac.resolve("kubernetes");
        if (Files.isDirectory(k8s)) {
            for (Path f : list(k8s, p -> p.getFileName().toString().endsWith(".yaml"))) {
                out.add(manifest(f));
            }
        }
        out.removeIf(t -> t.resources == 0);
        return out;
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
        }
    }

    /** One template file and how to write a batch of its copies. */
    private abstract static class Template {
        final int resources;
        final Renamer renamer;

        Template(int resources, Renamer renamer) {
            this.resources = resources;
            this.renamer = renamer;
        }

        abstract void write(int batch) throws IOException;

        static int copy(int batch, int i) {
            return batch * COPIES_PER_FILE + i;
        }

        /** Where a batch's copy of {@code template} goes: a folder of its own beside the template's, created. */
        static Path batchFile(Path template, int batch) throws IOException {
            Path folder = template.getParent();
            Path out = folder.resolveSibling(folder.getFileName() + "-fleet-" + batch)
                    .resolve(template.getFileName());
            Files.createDirectories(out.getParent());
            return out;
        }
    }

    /** A Terraform state: one state per batch, in a folder beside the template's, holding every copy's resources. */
    private Template terraform(Path file) throws IOException {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        Set<String> names = new LinkedHashSet<>();
        List<String> blocks = new ArrayList<>();
        int instances = 0;
        for (JsonNode r : root.path("resources")) {
            names.add(r.path("name").asText());
            for (JsonNode i : r.path("instances")) {
                instances++;
                JsonNode a = i.path("attributes");
                for (String field : List.of(
                        "id",
                        "name",
                        "identifier",
                        "bucket",
                        "function_name",
                        "cluster_identifier",
                        "arn",
                        "self_link",
                        "unique_id",
                        "project")) {
                    if (a.path(field).isTextual()) {
                        names.add(a.path(field).asText());
                    }
                }
            }
            blocks.add(Json.MAPPER.writeValueAsString(r));
        }
        Renamer renamer = new Renamer(names, k -> "-x" + k, k -> "_x" + k);
        return new Template(instances, renamer) {
            @Override
            void write(int batch) throws IOException {
                Path out = batchFile(file, batch);
                try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    w.write("{\"version\":4,\"terraform_version\":\"1.9.8\",\"serial\":1,\"lineage\":\""
                            + java.util.UUID.nameUUIDFromBytes(out.toString().getBytes(StandardCharsets.UTF_8))
                            + "\",\"outputs\":{},\"resources\":[\n");
                    boolean first = true;
                    for (int i = 0; i < COPIES_PER_FILE; i++) {
                        int k = copy(batch, i);
                        for (String r : blocks) {
                            if (!first) {
                                w.write(",\n");
                            }
                            first = false;
                            w.write(renamer.rename(r, k));
                        }
                    }
                    w.write("\n],\"check_results\":null}\n");
                }
            }
        };
    }

    /**
     * A CloudFormation stack: one stack per batch, its template holding every copy's resources under
     * renamed logical ids, its {@code resources.json} every copy's physical resources.
     */
    private Template stack(Path dir) throws IOException {
        JsonNode described = Json.MAPPER.readTree(dir.resolve("resources.json").toFile());
        Path templateFile = Files.exists(dir.resolve("template.yaml"))
                ? dir.resolve("template.yaml")
                : dir.resolve("template.json");
        if (!templateFile.getFileName().toString().endsWith(".yaml") || !Files.exists(templateFile)) {
            return new Template(0, null) {
                @Override
                void write(int batch) {}
            };
        }
        String template = Files.readString(templateFile, StandardCharsets.UTF_8);
        int resourcesAt = template.indexOf("\nResources:\n");
        int outputsAt = template.indexOf("\nOutputs:", resourcesAt + 1);
        if (resourcesAt < 0) {
            return new Template(0, null) {
                @Override
                void write(int batch) {}
            };
        }
        String head = template.substring(0, resourcesAt + "\nResources:\n".length());
        String body = template.substring(head.length(), outputsAt < 0 ? template.length() : outputsAt + 1);
        String tail = outputsAt < 0 ? "" : template.substring(outputsAt + 1);
        Set<String> logical = new LinkedHashSet<>();
        Set<String> physical = new LinkedHashSet<>();
        String stackName = dir.getFileName().toString();
        physical.add(stackName);
        for (JsonNode r : described.path("StackResources")) {
            logical.add(r.path("LogicalResourceId").asText());
            physical.add(r.path("PhysicalResourceId").asText());
        }
        String parameters = Files.exists(dir.resolve("parameters.json"))
                ? Files.readString(dir.resolve("parameters.json"), StandardCharsets.UTF_8)
                : null;
        Renamer ids = new Renamer(physical, k -> "-x" + k, k -> "-x" + k);
        Renamer logicalIds = new Renamer(logical, k -> "X" + k, k -> "X" + k);
        int count = described.path("StackResources").size();
        return new Template(count, ids) {
            @Override
            void write(int batch) throws IOException {
                String name = stackName + "-fleet-" + batch;
                Path out = dir.resolveSibling(name);
                Files.createDirectories(out);
                try (BufferedWriter w = Files.newBufferedWriter(out.resolve("template.yaml"), StandardCharsets.UTF_8)) {
                    w.write(head);
                    for (int i = 0; i < COPIES_PER_FILE; i++) {
                        w.write(logicalIds.rename(body, copy(batch, i)));
                    }
                    w.write(logicalIds.rename(tail, copy(batch, 0)));
                }
                ObjectNode stackResources = Json.MAPPER.createObjectNode();
                ArrayNode list = stackResources.putArray("StackResources");
                for (int i = 0; i < COPIES_PER_FILE; i++) {
                    int k = copy(batch, i);
                    for (JsonNode r : described.path("StackResources")) {
                        ObjectNode c = (ObjectNode) Json.MAPPER.readTree(ids.rename(r.toString(), k));
                        c.put("StackName", name);
                        c.put("LogicalResourceId", r.path("LogicalResourceId").asText() + "X" + k);
                        list.add(c);
                    }
                }
                Files.writeString(out.resolve("resources.json"), Json.MAPPER.writeValueAsString(stackResources) + "\n");
                if (parameters != null) {
                    Files.writeString(out.resolve("parameters.json"), parameters.replace(stackName, name));
                }
            }
        };
    }

    /** A manifest file: one file per batch in a namespace folder of its own, each copy in its own namespace. */
    private Template manifest(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int documents = 0;
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.contains("kind:")) {
                documents++;
            }
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*(?:name|namespace):\\s*'?([A-Za-z0-9._-]+)'?\\s*$")
                .matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        Renamer renamer = new Renamer(names, k -> "-x" + k, k -> "-x" + k);
        return new Template(documents, renamer) {
            @Override
            void write(int batch) throws IOException {
                Path out = batchFile(file, batch);
                try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    for (int i = 0; i < COPIES_PER_FILE; i++) {
                        if (i > 0) {
                            w.write("---\n");
                        }
                        String copy = renamer.rename(text, copy(batch, i));
                        w.write(copy.startsWith("---\n") ? copy.substring(4) : copy);
                        if (!copy.endsWith("\n")) {
                            w.write('\n');
                        }
                    }
                }
            }
        };
    }

    /**
     * Appends a copy's suffix to every occurrence of the template's identifiers, in one pass (an
     * ARN that contains a name is renamed once, consistently with the name). Identifiers shorter
     * than {@value #SHORTEST_NAME} characters are left alone unless they hold an underscore (Terraform
     * names, which get an underscore suffix to stay valid identifiers).
     */
    private static final class Renamer {
        private final Pattern pattern;
        private final Map<String, Boolean> underscore = new HashMap<>();
        private final java.util.function.IntFunction<String> suffix;
        private final java.util.function.IntFunction<String> identifierSuffix;

        Renamer(
                Set<String> names,
                java.util.function.IntFunction<String> suffix,
                java.util.function.IntFunction<String> identifierSuffix) {
            this.suffix = suffix;
            this.identifierSuffix = identifierSuffix;
            List<String> tokens = new ArrayList<>();
            Set<String> parts = new LinkedHashSet<>();
            for (String n : names) {
                // a path-like id (GCP, Azure) is renamed through its last segment, so a child's id
                // (a rule under its security group) is renamed with its parent's
                parts.add(n.contains("/") ? n.substring(n.lastIndexOf('/') + 1) : n);
            }
            for (String n : parts) {
                if (n.length() >= SHORTEST_NAME || (n.contains("_") && n.matches("[A-Za-z0-9_]+"))) {
                    tokens.add(n);
                    underscore.put(n, n.matches("[A-Za-z0-9_]+") && n.contains("_"));
                }
            }
            tokens.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
            StringBuilder alternation = new StringBuilder();
            for (String t : tokens) {
                if (alternation.length() > 0) {
                    alternation.append('|');
                }
                alternation.append(Pattern.quote(t));
            }
            // whole tokens only: not inside a longer word of letters and digits
            this.pattern =
                    tokens.isEmpty() ? null : Pattern.compile("(?<![A-Za-z0-9])(?:" + alternation + ")(?![A-Za-z0-9])");
        }

        String rename(String text, int copy) {
            if (pattern == null) {
                return text;
            }
            Matcher m = pattern.matcher(text);
            StringBuilder out = new StringBuilder(text.length() + 256);
            while (m.find()) {
                String t = m.group();
                String s = Boolean.TRUE.equals(underscore.get(t)) ? identifierSuffix.apply(copy) : suffix.apply(copy);
                m.appendReplacement(out, Matcher.quoteReplacement(t + s));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
