package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.ingest.catalog.CatalogExamples.Example;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/catalog.md and README.md state what the tables hold: the per-cloud counts, the driftctl
 * coverage and every call row are rendered here from the loaded tables, between
 * {@code <!-- generated:NAME -->} and {@code <!-- end:NAME -->} markers, and this test fails when the
 * committed text differs, so the documentation cannot go stale. Run it with
 * {@code -Dcatalog.docs.write=true} to rewrite the marked sections after changing a table.
 */
class CatalogDocTest {

    static final CatalogTables TABLES = CatalogTables.builtIn();
    static final List<Example> EXAMPLES = CatalogExamples.builtIn().examples();
    static final Pattern SECTION =
            Pattern.compile("<!-- generated:([a-z0-9-]+) -->\\n(.*?)<!-- end:\\1 -->", Pattern.DOTALL);
    static final Map<Cloud, String> CLOUD_NAMES =
            Map.of(Cloud.AWS, "AWS", Cloud.GCP, "GCP", Cloud.AZURE, "Azure", Cloud.KUBERNETES, "Kubernetes");
    static final Map<String, String> DRIFTCTL_PROVIDERS = new LinkedHashMap<>();

    static {
        DRIFTCTL_PROVIDERS.put("aws_", "AWS");
        DRIFTCTL_PROVIDERS.put("google_", "Google");
        DRIFTCTL_PROVIDERS.put("azurerm_", "Azure");
        DRIFTCTL_PROVIDERS.put("github_", "GitHub");
    }

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        return Files.exists(dir.resolve("docs/catalog.md")) ? dir : dir.getParent();
    }

    @Test
    void catalogPageStatesWhatTheTablesHold() throws IOException {
        check(repo().resolve("docs/catalog.md"), Set.of("counts", "driftctl", "aws", "gcp", "azure", "kubernetes"));
    }

    @Test
    void readmeStatesTheCatalogsCounts() throws IOException {
        check(repo().resolve("README.md"), Set.of("catalog-counts"));
    }

    @Test
    void formatPageListsEveryFunction() throws IOException {
        check(repo().resolve("docs/design/catalog-format.md"), Set.of("functions"));
    }

    static String functions() {
        StringBuilder b = new StringBuilder("| function | what it does |\n|---|---|\n");
        TABLES.functions()
                .describe()
                .forEach((name, doc) -> b.append("| `")
                        .append(name)
                        .append("` | ")
                        .append(doc.replace("|", "\\|").replace("\n", " "))
                        .append(" |\n"));
        return b.toString();
    }

    @Test
    void everyDriftctlTypeLeftOutHasAReason() throws IOException {
        Set<String> uncovered = new TreeSet<>(driftctl());
        uncovered.removeAll(terraformTypes());
        assertThat(reasons().keySet()).as("reasons given for driftctl types").isEqualTo(uncovered);
    }

    static void check(Path file, Set<String> expected) throws IOException {
        String text = Files.readString(file);
        Matcher m = SECTION.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> found = new TreeSet<>();
        Map<String, String> stale = new TreeMap<>();
        while (m.find()) {
            String name = m.group(1);
            found.add(name);
            String rendered = render(name);
            if (!rendered.equals(m.group(2))) {
                stale.put(name, rendered);
            }
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            "<!-- generated:" + name + " -->\n" + rendered + "<!-- end:" + name + " -->"));
        }
        m.appendTail(out);
        assertThat(found).as(file + " marked sections").isEqualTo(expected);
        if (Boolean.getBoolean("catalog.docs.write")) {
            Files.writeString(file, out.toString());
            return;
        }
        assertThat(stale)
                .as(file + ": sections that no longer match the catalog tables (rerun this test with"
                        + " -Dcatalog.docs.write=true to rewrite them)")
                .isEmpty();
    }

    static String render(String name) throws IOException {
        return switch (name) {
            case "counts" -> counts();
            case "catalog-counts" -> readmeCounts();
            case "driftctl" -> driftctlCoverage();
            case "aws" -> cloud(Cloud.AWS);
            case "gcp" -> cloud(Cloud.GCP);
            case "azure" -> cloud(Cloud.AZURE);
            case "kubernetes" -> cloud(Cloud.KUBERNETES);
            case "functions" -> functions();
            default -> throw new IllegalArgumentException("unknown generated section " + name);
        };
    }

    // ---- counts ----

    /** Distinct calls (cloud, service, operation, resource type filter), as CatalogCoverageTest counts them. */
    static Map<Cloud, Integer> callsPerCloud() {
        Map<Cloud, Set<String>> calls = new EnumMap<>(Cloud.class);
        for (CallRow r : TABLES.calls()) {
            calls.computeIfAbsent(r.cloud(), c -> new TreeSet<>())
                    .add(r.service() + " " + r.operation() + " " + r.resourceType());
        }
        Map<Cloud, Integer> out = new EnumMap<>(Cloud.class);
        CatalogExamples.CLOUDS.forEach(
                c -> out.put(c, calls.getOrDefault(c, Set.of()).size()));
        return out;
    }

    static int total(Map<Cloud, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    static String counts() throws IOException {
        Map<Cloud, Integer> calls = callsPerCloud();
        StringBuilder b = new StringBuilder();
        b.append(
                "| | calls | resource kinds | Terraform types | CloudFormation types | manifest kinds | worked examples |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        int[] sum = new int[6];
        for (Cloud c : CatalogExamples.CLOUDS) {
            int[] row = {
                calls.get(c),
                (int) TABLES.kinds().values().stream()
                        .filter(k -> k.cloud() == c)
                        .count(),
                iacTypes(c, "terraform").size(),
                iacTypes(c, "cloudformation").size(),
                iacTypes(c, "kubernetes").size(),
                (int) EXAMPLES.stream().filter(e -> e.cloud() == c).count()
            };
            b.append("| ").append(CLOUD_NAMES.get(c));
            for (int i = 0; i < row.length; i++) {
                sum[i] += row[i];
                b.append(" | ").append(row[i]);
            }
            b.append(" |\n");
        }
        b.append("| **total**");
        for (int s : sum) {
            b.append(" | **").append(s).append("**");
        }
        b.append(" |\n\n");
        Set<String> covered = driftctlCovered();
        b.append(
                        "A call is one `service` / `operation` pair (for Kubernetes, per kind), counted once however many rows read it. ")
                .append("Of driftctl's ")
                .append(driftctl().size())
                .append(" Terraform resource types, ")
                .append(covered.size())
                .append(" are mapped (below).\n");
        return b.toString();
    }

    static String readmeCounts() throws IOException {
        Map<Cloud, Integer> calls = callsPerCloud();
        return "The [operation catalog](docs/catalog.md) reads " + total(calls) + " audited calls ("
                + CatalogExamples.CLOUDS.stream()
                        .map(c -> CLOUD_NAMES.get(c) + " " + calls.get(c))
                        .collect(Collectors.joining(", "))
                + ") into " + TABLES.kinds().size() + " resource kinds, and maps "
                + TABLES.iacRows().stream()
                        .filter(r -> r.source().equals("terraform"))
                        .map(IacRow::type)
                        .distinct()
                        .count()
                + " Terraform types, " + driftctlCovered().size() + " of them among the "
                + driftctl().size()
                + " that driftctl supports.\n";
    }

    static Set<String> iacTypes(Cloud cloud, String source) {
        return TABLES.iacRows().stream()
                .filter(r -> r.source().equals(source))
                .filter(r -> TABLES.kinds().get(r.kind()).cloud() == cloud)
                .map(IacRow::type)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // ---- driftctl ----

    static Set<String> lines(String resource) throws IOException {
        try (InputStream in = CatalogDocTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }

    static Set<String> driftctl() throws IOException {
        return new TreeSet<>(lines("/catalog/driftctl-supported-types.txt"));
    }

    static Set<String> terraformTypes() {
        return TABLES.iacRows().stream()
                .filter(r -> r.source().equals("terraform"))
                .map(IacRow::type)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> driftctlCovered() throws IOException {
        Set<String> covered = driftctl();
        covered.retainAll(terraformTypes());
        return covered;
    }

    /** driftctl type → why the catalog does not map it, from catalog/driftctl-not-covered.txt. */
    static Map<String, String> reasons() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String l : lines("/catalog/driftctl-not-covered.txt")) {
            int sep = l.indexOf(' ');
            out.put(l.substring(0, sep), l.substring(sep + 1).strip());
        }
        return out;
    }

    static String driftctlCoverage() throws IOException {
        Set<String> all = driftctl();
        Set<String> covered = driftctlCovered();
        Map<String, String> reasons = reasons();
        StringBuilder b = new StringBuilder();
        b.append("| provider | driftctl types | mapped | not mapped |\n|---|---|---|---|\n");
        for (Map.Entry<String, String> p : DRIFTCTL_PROVIDERS.entrySet()) {
            long n = all.stream().filter(t -> t.startsWith(p.getKey())).count();
            long c = covered.stream().filter(t -> t.startsWith(p.getKey())).count();
            b.append("| ")
                    .append(p.getValue())
                    .append(" | ")
                    .append(n)
                    .append(" | ")
                    .append(c)
                    .append(" | ")
                    .append(n - c)
                    .append(" |\n");
        }
        b.append("| **total** | **")
                .append(all.size())
                .append("** | **")
                .append(covered.size())
                .append("** | **")
                .append(all.size() - covered.size())
                .append("** |\n\n");
        b.append("Not mapped, and why:\n\n");
        for (Map.Entry<String, String> r : reasons.entrySet()) {
            b.append("- `")
                    .append(r.getKey())
                    .append("`: ")
                    .append(r.getValue())
                    .append('\n');
        }
        b.append("\nMapped:\n\n");
        for (Map.Entry<String, String> p : DRIFTCTL_PROVIDERS.entrySet()) {
            List<String> types = covered.stream()
                    .filter(t -> t.startsWith(p.getKey()))
                    .map(t -> "`" + t + "`")
                    .toList();
            if (!types.isEmpty()) {
                b.append("- **")
                        .append(p.getValue())
                        .append("** (")
                        .append(types.size())
                        .append("): ")
                        .append(String.join(", ", types))
                        .append('\n');
            }
        }
        return b.toString();
    }

    // ---- the call tables ----

    static String cloud(Cloud cloud) {
        StringBuilder b = new StringBuilder();
        b.append("| service | calls | kind | attributes |\n|---|---|---|---|\n");
        List<CallRow> rows =
                TABLES.calls().stream().filter(r -> r.cloud() == cloud).toList();
        Set<String> kinds = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); ) {
            CallRow first = rows.get(i);
            List<String> ops = new ArrayList<>();
            int j = i;
            // One table row per YAML row: its operations share the rule list.
            while (j < rows.size()
                    && rows.get(j).rules() == first.rules()
                    && rows.get(j).service().equals(first.service())) {
                ops.add(rows.get(j).operation());
                j++;
            }
            i = j;
            String kind = first.kind();
            Set<String> rowKinds = new LinkedHashSet<>();
            rowKinds.add(kind);
            rowKinds.addAll(first.id().kindByPrefix().values());
            kinds.addAll(rowKinds);
            b.append("| `")
                    .append(first.service())
                    .append("` | ")
                    .append(ops.stream().map(o -> "`" + o + "`").collect(Collectors.joining(", ")))
                    .append(first.resourceType() == null ? "" : " (" + first.resourceType() + ")")
                    .append(" | ")
                    .append(rowKinds.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(paths(first).stream().map(p -> "`" + p + "`").collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        b.append("\nResources (")
                .append(CLOUD_NAMES.get(cloud))
                .append("): the kind, its IaC types and the attributes compared.\n\n");
        Set<String> all = new LinkedHashSet<>(kinds);
        TABLES.kinds().values().stream()
                .filter(k -> k.cloud() == cloud)
                .map(ResourceKind::name)
                .forEach(all::add);
        for (String k : all) {
            ResourceKind kind = TABLES.kinds().get(k);
            Map<String, Set<String>> bySource = new TreeMap<>();
            for (IacRow r : TABLES.iacRows()) {
                if (r.kind().equals(k)) {
                    bySource.computeIfAbsent(r.source(), s -> new TreeSet<>()).add(r.type());
                }
            }
            b.append("- **")
                    .append(kind.resourceType())
                    .append("** (`")
                    .append(k)
                    .append("`): ")
                    .append(kind.attributes().stream()
                            .map(a -> "`" + (a.endsWith(".*") ? a.substring(0, a.length() - 2) + ".<key>" : a) + "`")
                            .collect(Collectors.joining(", ")));
            if (bySource.isEmpty()) {
                b.append(" — no IaC type (changes are reported as unmanaged)");
            } else {
                b.append(" — ")
                        .append(bySource.entrySet().stream()
                                .map(e -> e.getKey() + " "
                                        + e.getValue().stream()
                                                .map(t -> "`" + t + "`")
                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("; ")));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static List<String> paths(CallRow row) {
        List<String> paths = new ArrayList<>();
        for (AttributeRule r : row.rules()) {
            List<String> ps = new ArrayList<>();
            switch (r.op()) {
                case SET_ENTRIES, UNSET_ENTRIES, REPLACE_ENTRIES -> ps.add(r.path() + ".<key>");
                case CHANGES -> ps.add(r.path().isEmpty() ? "(per the document)" : r.path() + " …");
                default -> ps.add(r.path());
            }
            if (r.elementPrefix() != null) {
                ps.add(r.elementPrefix() + ".<element>");
            }
            for (String p : ps) {
                if (!paths.contains(p)) {
                    paths.add(p);
                }
            }
        }
        return paths;
    }

    static String lower(Cloud c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
