package io.driftguard.ingest.iac.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.ingest.iac.IacProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Terraform state into declarations: state format version 4 as {@code terraform state pull}
 * writes it, {@code terraform show -json} of a state ({@code values.root_module}), and plan JSON
 * (its {@code prior_state}).
 *
 * <p>Managed resources only (data sources declare nothing); every instance of a {@code count} or
 * {@code for_each} resource separately, addressed {@code [module.x.]type.name[key]}. Types the
 * catalog does not map are skipped silently: they are not resources the catalog can see change.
 */
public final class TerraformStateReader {

    private final IacMapper mapper;

    public TerraformStateReader(IacMapper mapper) {
        this.mapper = mapper;
    }

    public static TerraformStateReader builtIn() {
        return new TerraformStateReader(IacMapper.builtIn());
    }

    /** What one state file declares, and what in it could not be read. */
    public record Result(List<DeclaredResource> resources, List<IacProblem> problems) {}

    /**
     * Reads a file; never throws for bad content.
     *
     * @param displayName the file name problems carry
     * @param iacPath the folder of the IaC code, as {@code IacRef.path}
     */
    public Result read(Path file, String displayName, String iacPath) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return new Result(
                    List.of(),
                    List.of(new IacProblem(displayName, "not readable as JSON: " + firstLine(e.getMessage()))));
        }
        return read(doc, displayName, iacPath);
    }

    /** Reads a parsed state, show or plan document. */
    public Result read(JsonNode doc, String displayName, String iacPath) {
        List<DeclaredResource> out = new ArrayList<>();
        List<IacProblem> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            problems.add(new IacProblem(displayName, "not a Terraform state: expected a JSON object"));
        } else if (doc.has("resources") && doc.has("version")) {
            int version = doc.path("version").asInt(-1);
            if (version != 4) {
                problems.add(new IacProblem(
                        displayName,
                        "Terraform state format version " + doc.get("version")
                                + " is not supported (version 4, Terraform 0.12 and later, is)"));
            } else {
                readV4(doc, displayName, iacPath, stateScope(doc), out, problems);
            }
        } else if (doc.has("values") && doc.path("values").has("root_module")) {
            readModule(doc.path("values").path("root_module"), displayName, iacPath, stateScope(doc), out, problems);
        } else if (doc.has("prior_state") || doc.has("resource_changes") || doc.has("planned_values")) {
            JsonNode root = doc.path("prior_state").path("values").path("root_module");
            if (root.isMissingNode()) {
                problems.add(new IacProblem(displayName, "plan JSON without prior_state: it carries no applied state"));
            } else {
                readModule(root, displayName, iacPath, stateScope(doc), out, problems);
            }
        } else {
            problems.add(new IacProblem(
                    displayName,
                    "not a Terraform state: no 'version' and 'resources', "
                            + "no 'values.root_module' (show -json) and no 'prior_state' (plan JSON)"));
        }
        return new Result(out, problems);
    }

    private void readV4(
            JsonNode doc,
            String file,
            String iacPath,
            IacMapper.Scope state,
            List<DeclaredResource> out,
            List<IacProblem> problems) {
        int i = 0;
        for (JsonNode r : doc.path("resources")) {
            int index = i++;
            if (!"managed".equals(r.path("mode").asText("managed"))) {
                continue;
            }
            String type = r.path("type").asText(null);
            String name = r.path("name").asText(null);
            if (type == null || name == null) {
                problems.add(new IacProblem(file, "resources[" + index + "] has no type or name"));
                continue;
            }
            if (!mapper.knows("terraform", type)) {
                continue;
            }
            String module = r.path("module").asText("");
            String base = (module.isEmpty() ? "" : module + ".") + type + "." + name;
            for (JsonNode inst : r.path("instances")) {
                String address = base + indexSuffix(inst.get("index_key"));
                map(type, address, inst.path("attributes"), file, iacPath, state, out, problems);
            }
        }
    }

    private void readModule(
            JsonNode module,
            String file,
            String iacPath,
            IacMapper.Scope state,
            List<DeclaredResource> out,
            List<IacProblem> problems) {
        for (JsonNode r : module.path("resources")) {
            if (!"managed".equals(r.path("mode").asText("managed"))) {
                continue;
            }
            String type = r.path("type").asText(null);
            if (type == null || !mapper.knows("terraform", type)) {
                continue;
            }
            String address = r.path("address").asText(null);
            if (address == null) {
                String prefix = module.path("address").asText("");
                address = (prefix.isEmpty() ? "" : prefix + ".") + type + "."
                        + r.path("name").asText() + indexSuffix(r.get("index"));
            }
            map(type, address, r.path("values"), file, iacPath, state, out, problems);
        }
        for (JsonNode child : module.path("child_modules")) {
            readModule(child, file, iacPath, state, out, problems);
        }
    }

    private void map(
            String type,
            String address,
            JsonNode attrs,
            String file,
            String iacPath,
            IacMapper.Scope state,
            List<DeclaredResource> out,
            List<IacProblem> problems) {
        if (!attrs.isObject()) {
            problems.add(new IacProblem(file, address + ": instance has no attributes"));
            return;
        }
        IacRef ref = new IacRef("terraform", address, iacPath);
        out.addAll(mapper.map(
                "terraform",
                type,
                attrs,
                attrs,
                null,
                account(attrs),
                scope(attrs, state),
                ref,
                note -> problems.add(new IacProblem(file, note))));
    }

    /**
     * Where a resource lives, for account-wide settings: its own {@code region} attribute (AWS
     * provider 6) or ARN, else the account and region the state's ARNs name most often.
     */
    private static IacMapper.Scope scope(JsonNode attrs, IacMapper.Scope state) {
        String[] arn = arnParts(attrs.path("arn").asText(""));
        String account = arn != null ? arn[4] : state.account();
        String region = attrs.path("region").asText("");
        if (region.isEmpty()) {
            region = arn != null && !arn[3].isEmpty() ? arn[3] : state.region();
        }
        return new IacMapper.Scope(account, region);
    }

    /** The account and region a state's resources' ARNs name most often (ties: the first seen). */
    static IacMapper.Scope stateScope(JsonNode doc) {
        Map<String, Integer> accounts = new LinkedHashMap<>();
        Map<String, Integer> regions = new LinkedHashMap<>();
        doc.findValues("arn").forEach(v -> {
            String[] p = arnParts(v.asText(""));
            if (p != null) {
                accounts.merge(p[4], 1, Integer::sum);
                if (!p[3].isEmpty()) {
                    regions.merge(p[3], 1, Integer::sum);
                }
            }
        });
        return new IacMapper.Scope(mostOften(accounts), mostOften(regions));
    }

    private static String mostOften(Map<String, Integer> counts) {
        String best = null;
        int n = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > n) {
                best = e.getKey();
                n = e.getValue();
            }
        }
        return best;
    }

    /** An ARN's parts (arn, partition, service, region, account, resource) when it names an account. */
    private static String[] arnParts(String arn) {
        if (!arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts : null;
    }

    /** The account an AWS ARN names, or the GCP project; null when the state does not say. */
    private static String account(JsonNode attrs) {
        String arn = attrs.path("arn").asText("");
        if (arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 6);
            if (parts.length > 4 && !parts[4].isEmpty()) {
                return parts[4];
            }
        }
        String owner = attrs.path("owner_id").asText("");
        if (!owner.isEmpty()) {
            return owner;
        }
        String project = attrs.path("project").asText("");
        return project.isEmpty() ? null : project;
    }

    static String indexSuffix(JsonNode key) {
        if (key == null || key.isNull() || key.isMissingNode()) {
            return "";
        }
        if (key.isNumber()) {
            return "[" + key.asLong() + "]";
        }
        return "[\"" + key.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
