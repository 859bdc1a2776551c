package io.driftguard.models.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.models.scenario.cases.Family;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.label.Expect;
import io.driftguard.models.scenario.world.WorldShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Each world the generator knows is a different organisation (size, actor mix, incident and ticket
 * rates, working hours, automation share) and still a complete, correctly labelled data set. ACME,
 * the default, is the world every data set had before shapes existed.
 */
class WorldShapeTest {

    static final int SCENARIOS = 260;
    static final long SEED = 11;

    @TempDir
    static Path tmp;

    static final Map<WorldShape, World> worlds = new LinkedHashMap<>();

    record World(Path folder, List<JsonNode> labels, Map<String, Object> config) {
        List<JsonNode> drift() {
            return labels.stream()
                    .filter(l -> l.path("expect").asText().equals(Expect.DRIFT.id()))
                    .toList();
        }

        double causeShare(Cause c) {
            List<JsonNode> d = drift();
            return d.stream()
                            .filter(l -> l.path("cause").asText().equals(c.id()))
                            .count()
                    / (double) d.size();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> services() {
            return (List<Map<String, Object>>) config.get("services");
        }

        @SuppressWarnings("unchecked")
        List<String> securityPrincipals() {
            return (List<String>) config.get("security_principals");
        }

        long lines(String source) throws IOException {
            Path dir = folder.resolve("events").resolve(source);
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            long n = 0;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    n += Files.readAllLines(f).size();
                }
            }
            return n;
        }
    }

    @BeforeAll
    static void generate() throws IOException {
        for (WorldShape shape : WorldShape.ALL) {
            Path folder = tmp.resolve(shape.name());
            ReplayFolderWriter.write(
                    folder,
                    GeneratorOptions.defaults()
                            .withSeed(SEED)
                            .withScenarios(SCENARIOS)
                            .withWorld(shape));
            List<JsonNode> labels = new ArrayList<>();
            for (String line : Files.readAllLines(folder.resolve("labels.jsonl"))) {
                labels.add(Json.MAPPER.readTree(line));
            }
            Map<String, Object> config = new Yaml().load(Files.readString(folder.resolve("config.yaml")));
            worlds.put(shape, new World(folder, labels, config));
        }
    }

    @Test
    void acmeIsTheDefaultAndEveryWorldHasAName() {
        assertThat(GeneratorOptions.defaults().world()).isEqualTo(WorldShape.ACME);
        assertThat(WorldShape.names())
                .containsExactly("acme", "startup", "platform", "regulated", "enterprise", "agency");
        assertThat(WorldShape.named("Enterprise")).isEqualTo(WorldShape.ENTERPRISE);
        assertThatThrownBy(() -> WorldShape.named("moon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme, startup");
    }

    @Test
    void theSameSeedInAnotherWorldIsAnotherDataSetAndEachWorldIsReproducible() throws Exception {
        Set<String> hashes = new HashSet<>();
        for (World w : worlds.values()) {
            hashes.add(hash(w.folder()));
        }
        assertThat(hashes).hasSize(WorldShape.ALL.size());
        Path again = tmp.resolve("enterprise-again");
        ReplayFolderWriter.write(
                again,
                GeneratorOptions.defaults()
                        .withSeed(SEED)
                        .withScenarios(SCENARIOS)
                        .withWorld(WorldShape.ENTERPRISE));
        assertThat(hash(again)).isEqualTo(hash(worlds.get(WorldShape.ENTERPRISE).folder()));
    }

    @Test
    void everyWorldIsACompleteLabelledDataSet() {
        worlds.forEach((shape, w) -> {
            Set<String> rows = new HashSet<>();
            Set<String> causes = new HashSet<>();
            Set<String> families = new HashSet<>();
            for (JsonNode l : w.labels()) {
                families.add(l.path("family").asText());
                if (l.path("expect").asText().equals(Expect.DRIFT.id())) {
                    rows.add(l.path("catalog_row").asText());
                    causes.add(l.path("cause").asText());
                }
            }
            for (CatalogRow row : CatalogRow.values()) {
                assertThat(rows).as("%s: a drift case for %s", shape, row).contains(row.id());
            }
            assertThat(causes).as(shape.name()).containsExactlyInAnyOrderElementsOf(Term.ids(Cause.class));
            for (Family f : Family.NOT_DRIFT) {
                assertThat(families).as(shape.name()).contains(f.id());
            }
            assertThat(w.labels()).as(shape.name()).hasSizeGreaterThanOrEqualTo(SCENARIOS);
        });
    }

    @Test
    void peopleAreTheWorldsOwnAndAsManyAsItEmploys() {
        worlds.forEach((shape, w) -> {
            Set<String> humans = new HashSet<>();
            for (JsonNode l : w.labels()) {
                String actor = l.path("actor").asText();
                if (actor.contains("@")) {
                    assertThat(actor).as(shape.name()).endsWith("@" + shape.emailDomain());
                    humans.add(actor);
                }
            }
            assertThat(humans.size())
                    .as("%s: distinct people acting in cases", shape)
                    .isLessThanOrEqualTo(shape.engineers() + shape.securityPeople())
                    .isGreaterThan(Math.min(shape.engineers(), 3));
            assertThat(w.securityPrincipals())
                    .as(shape.name())
                    .filteredOn(p -> p.contains("@"))
                    .hasSize(shape.securityPeople())
                    .doesNotHaveDuplicates();
        });
        assertThat(worlds.get(WorldShape.ENTERPRISE).services().size())
                .isGreaterThanOrEqualTo(WorldShape.ENTERPRISE.minServices());
        assertThat(worlds.get(WorldShape.STARTUP).services())
                .extracting(s -> s.get("team"))
                .containsOnly("engineering");
    }

    @Test
    void casesStartInTheWorldsWorkingHours() {
        worlds.forEach((shape, w) -> {
            for (JsonNode l : w.labels()) {
                Instant first = Instant.parse(l.path("first_event_time").asText());
                // A case starts in a slot that begins in working hours; its first change follows within 3 hours.
                boolean afterWorkStarted =
                        Stream.of(0, 1, 2, 3).anyMatch(h -> shape.working(first.minus(Duration.ofHours(h))));
                assertThat(afterWorkStarted)
                        .as("%s %s at %s", shape, l.path("case_id").asText(), first.atOffset(shape.zone()))
                        .isTrue();
            }
        });
        assertThat(worlds.get(WorldShape.ACME).labels())
                .as("ACME works around the clock: some cases start at night in UTC")
                .anySatisfy(
                        l -> assertThat(Instant.parse(l.path("first_event_time").asText())
                                        .atOffset(java.time.ZoneOffset.UTC)
                                        .getHour())
                                .isBetween(0, 5));
    }

    @Test
    void actorMixAndAutomationShareFollowTheWorld() {
        World acme = worlds.get(WorldShape.ACME);
        World platform = worlds.get(WorldShape.PLATFORM);
        World agency = worlds.get(WorldShape.AGENCY);
        assertThat(platform.causeShare(Cause.AUTOMATED_RESPONSE))
                .as("a platform company automates more")
                .isGreaterThan(acme.causeShare(Cause.AUTOMATED_RESPONSE) * 1.5);
        assertThat(agency.causeShare(Cause.CONFIGURATION_ERROR))
                .as("an agency misconfigures more")
                .isGreaterThan(acme.causeShare(Cause.CONFIGURATION_ERROR));
        assertThat(byPrincipal(worlds.get(WorldShape.REGULATED)))
                .as("security responses by security principals: regulated over startup")
                .isGreaterThan(byPrincipal(worlds.get(WorldShape.STARTUP)) + 0.2);
    }

    @Test
    void ticketAndIncidentRatesFollowTheWorld() throws IOException {
        World regulated = worlds.get(WorldShape.REGULATED);
        World startup = worlds.get(WorldShape.STARTUP);
        assertThat(regulated.lines("jira") / (double) regulated.labels().size())
                .as("tickets per case: a regulated company files far more than a startup")
                .isGreaterThan(
                        2 * startup.lines("jira") / (double) startup.labels().size());
        assertThat(startup.lines("pagerduty") / (double) startup.labels().size())
                .as("a startup pages less than ACME")
                .isLessThan(worlds.get(WorldShape.ACME).lines("pagerduty")
                        / (double) worlds.get(WorldShape.ACME).labels().size());
    }

    /**
     * A metadata key is its own attribute and an undeclared key never drifts (docs/design/taxonomy.md),
     * so every key a drift case's setMetadata changes must be declared on the instance.
     */
    @Test
    void driftCasesChangeOnlyDeclaredMetadataKeys() throws IOException {
        int checked = 0;
        for (World w : worlds.values()) {
            Map<String, JsonNode> instances = new java.util.HashMap<>();
            try (Stream<Path> files = Files.walk(w.folder().resolve("iac/terraform"))) {
                for (Path f :
                        files.filter(p -> p.toString().endsWith(".tfstate")).toList()) {
                    for (JsonNode r : Json.MAPPER.readTree(f.toFile()).path("resources")) {
                        if (r.path("type").asText().equals("google_compute_instance")) {
                            JsonNode a = r.path("instances").path(0).path("attributes");
                            instances.put(a.path("id").asText(), a.path("metadata"));
                        }
                    }
                }
            }
            Map<String, JsonNode> records = new java.util.HashMap<>();
            try (Stream<Path> files = Files.walk(w.folder().resolve("events/gcp-audit"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        JsonNode n = Json.MAPPER.readTree(line);
                        records.put(n.path("insertId").asText(), n);
                    }
                }
            }
            for (JsonNode l : w.drift()) {
                for (JsonNode id : l.path("event_ids")) {
                    JsonNode rec = records.get(id.asText());
                    if (rec == null
                            || !rec.path("protoPayload")
                                    .path("methodName")
                                    .asText()
                                    .endsWith("setMetadata")) {
                        continue;
                    }
                    JsonNode delta = rec.path("protoPayload").path("metadata").path("instanceMetadataDelta");
                    for (String kind : List.of("addedMetadataKeys", "modifiedMetadataKeys", "deletedMetadataKeys")) {
                        for (JsonNode key : delta.path(kind)) {
                            assertThat(instances
                                            .get(l.path("resource_id").asText())
                                            .has(key.asText()))
                                    .as(
                                            "%s: %s changes metadata key %s",
                                            l.path("case_id").asText(), kind, key)
                                    .isTrue();
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).as("metadata changes checked").isPositive();
    }

    private static double byPrincipal(World w) {
        Set<String> principals = new HashSet<>(w.securityPrincipals());
        List<JsonNode> security = w.drift().stream()
                .filter(l -> l.path("cause").asText().equals(Cause.SECURITY_RESPONSE.id()))
                .toList();
        return security.stream()
                        .filter(l -> principals.contains(l.path("actor").asText()))
                        .count()
                / (double) security.size();
    }

    private static String hash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (var s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(root.relativize(f).toString().getBytes());
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
