package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.ingest.catalog.CatalogExamples.Example;
import io.driftguard.ingest.kubernetes.KubernetesKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How much the catalog covers, as docs/catalog.md states it: at least 200 audited calls, at least
 * 120 of driftctl's 169 Terraform types, and every call and every Terraform type tested. A call
 * is tested by its worked example (replayed end to end by the pipeline's
 * {@code CatalogExamplesDriftTest}) or, for the calls the tables had before the examples, by the
 * per-cloud drift tests.
 */
class CatalogCoverageTest {

    static final Catalog CATALOG = Catalog.load();
    static final List<Example> EXAMPLES = CatalogExamples.builtIn().examples();

    /** {@code <cloud> <service> <operation>[ <kind>]}, as the coverage files name a call. */
    static String name(Cloud cloud, String service, String operation, String kind) {
        return cloud.name().toLowerCase(Locale.ROOT) + " " + service + " " + operation
                + (kind == null ? "" : " " + kind);
    }

    static Set<String> calls() {
        return CATALOG.tables().calls().stream()
                .map(r -> name(r.cloud(), r.service(), r.operation(), r.resourceType()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> exampled() {
        return EXAMPLES.stream()
                .map(e -> name(
                        e.cloud(),
                        e.service(),
                        e.cloud() == Cloud.AWS ? Catalog.stripApiVersion(e.operation()) : e.operation(),
                        e.cloud() == Cloud.KUBERNETES
                                ? KubernetesKinds.kindOf(e.resource().split("/")[1])
                                : null))
                .collect(Collectors.toSet());
    }

    static Set<String> lines(String resource) throws IOException {
        try (InputStream in = CatalogCoverageTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static Set<String> terraformTypes() {
        return CATALOG.tables().iacRows().stream()
                .filter(r -> r.source().equals("terraform"))
                .map(IacRow::type)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void atLeastTwoHundredAuditedCalls() {
        Map<Cloud, Long> perCloud = new EnumMap<>(Cloud.class);
        for (String c : calls()) {
            perCloud.merge(Cloud.valueOf(c.substring(0, c.indexOf(' ')).toUpperCase(Locale.ROOT)), 1L, Long::sum);
        }
        assertThat(calls()).as("calls per cloud: " + perCloud).hasSizeGreaterThanOrEqualTo(200);
    }

    @Test
    void everyCallIsTestedByItsExampleOrTheDriftTests() throws IOException {
        Set<String> untested = new TreeSet<>(calls());
        untested.removeAll(exampled());
        untested.removeAll(lines("/catalog/calls-covered-by-drift-tests.txt"));
        assertThat(untested).as("calls without a worked example").isEmpty();
    }

    @Test
    void everyExampleNamesACatalogCall() {
        Set<String> unknown = new TreeSet<>(exampled());
        unknown.removeAll(calls());
        assertThat(unknown).as("examples of calls no row reads").isEmpty();
    }

    @Test
    void atLeastOneHundredTwentyOfDriftctlsTerraformTypesAreMappedAndTested() throws IOException {
        Set<String> driftctl = lines("/catalog/driftctl-supported-types.txt");
        assertThat(driftctl).hasSize(169);
        Set<String> covered = new TreeSet<>(driftctl);
        covered.retainAll(terraformTypes());
        assertThat(covered).as("driftctl types the catalog maps").hasSizeGreaterThanOrEqualTo(120);

        Set<String> declaredByExamples = new TreeSet<>();
        for (Example e : EXAMPLES) {
            e.declared().path("terraform").forEach(r -> {
                r.path("types").forEach(t -> declaredByExamples.add(t.asText()));
                if (r.has("type")) {
                    declaredByExamples.add(r.get("type").asText());
                }
            });
        }
        Set<String> untested = new TreeSet<>(terraformTypes());
        untested.removeAll(declaredByExamples);
        untested.removeAll(lines("/catalog/terraform-types-covered-by-drift-tests.txt"));
        assertThat(untested).as("Terraform types no example declares").isEmpty();
    }
}
