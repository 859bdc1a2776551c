package io.driftguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} holds together without Docker (none runs here): it parses as YAML
 * (anchors and merge keys resolved as Compose resolves them), every service has an image whose name
 * the environment can override, the optional parts sit behind their profiles, every file and folder
 * it mounts or builds from exists, dependencies point at services that can satisfy their
 * condition, and every variable it requires is in {@code .env.example}.
 */
class ComposeFileTest {

    static Path root;
    static String text;
    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        root = MonitoringConfig.folder().getParent().getParent();
        text = Files.readString(root.resolve("docker-compose.yml"));
        compose = new Yaml(new LoaderOptions()).load(text);
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theCoreRunsWithoutProfilesAndTheOptionalPartsBehindTheirs() {
        assertThat(services)
                .containsKeys(
                        "kafka",
                        "kafka-init",
                        "postgres",
                        "jobmanager",
                        "taskmanager",
                        "job-submit",
                        "iac-sync",
                        "webhooks",
                        "dashboard");
        for (String core : List.of(
                "kafka",
                "kafka-init",
                "postgres",
                "jobmanager",
                "taskmanager",
                "job-submit",
                "iac-sync",
                "webhooks",
                "dashboard")) {
            assertThat(services.get(core)).as(core).doesNotContainKey("profiles");
        }
        Map<String, String> optional = Map.of(
                "aws-sqs", "aws",
                "gcp-pubsub", "gcp",
                "azure-eventhubs", "azure",
                "prometheus", "monitoring",
                "grafana", "monitoring",
                "notify", "slack");
        optional.forEach((service, profile) ->
                assertThat(services.get(service).get("profiles")).as(service).isEqualTo(List.of(profile)));
    }

    @Test
    void everyImageNameCanBeOverriddenFromTheEnvironment() {
        services.forEach((name, s) -> {
            String image = String.valueOf(s.get("image"));
            assertThat(image).as(name + " image").matches(".*\\$\\{[A-Z_]+:-[^}]+}.*");
            if (s.containsKey("build")) {
                assertThat(image)
                        .as(name + ": a DriftGuard image, named by registry and version")
                        .matches("\\$\\{DRIFTGUARD_REGISTRY:-driftguard}/[a-z]+:\\$\\{DRIFTGUARD_VERSION:-local}");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedFileAndBuildFileExistsAndEveryNamedVolumeIsDeclared() {
        Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
        List<String> checked = new ArrayList<>();
        services.forEach((name, s) -> {
            for (Object v : (List<Object>) s.getOrDefault("volumes", List.of())) {
                // Short form "source:target[:mode]", or the long form's map.
                String source = v instanceof Map<?, ?> m
                        ? String.valueOf(m.get("source"))
                        : String.valueOf(v).split(":(?![^{]*})")[0];
                source = defaulted(source);
                if (source.startsWith("./deploy/docker/secrets/")) {
                    // A key the user supplies (never committed): its folder must say what goes there,
                    // and a missing key must stop the start instead of becoming an empty directory.
                    assertThat(v)
                            .as(name + " mounts " + source + " in the long form with bind.create_host_path: false")
                            .isInstanceOfSatisfying(
                                    Map.class,
                                    m -> assertThat(m.get("bind")).isEqualTo(Map.of("create_host_path", false)));
                    Path file = root.resolve(source);
                    assertThat(file.getParent().resolve("README.md"))
                            .as(name + " mounts " + source)
                            .content()
                            .contains(file.getFileName().toString());
                } else if (source.startsWith("./") || source.startsWith("/")) {
                    assertThat(root.resolve(source))
                            .as(name + " mounts " + source)
                            .exists();
                    checked.add(source);
                } else {
                    assertThat(declared).as(name + " uses volume " + source).contains(source);
                }
            }
            if (s.get("build") instanceof Map<?, ?> build) {
                Path context = root.resolve(String.valueOf(((Map<String, Object>) build).getOrDefault("context", ".")));
                Object dockerfile = build.get("dockerfile");
                assertThat(context.resolve(dockerfile == null ? "Dockerfile" : dockerfile.toString()))
                        .as(name + " builds from")
                        .isRegularFile();
            }
        });
        assertThat(checked)
                .contains(
                        "./deploy/docker/create-topics.sh",
                        "./deploy/monitoring/prometheus.yml",
                        "./deploy/monitoring/alerts.yml",
                        "./flink-conf");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependenciesNameServicesThatCanMeetTheirCondition() {
        services.forEach((name, s) -> {
            Object deps = s.get("depends_on");
            if (!(deps instanceof Map<?, ?> map)) {
                return;
            }
            ((Map<String, Map<String, Object>>) map).forEach((target, how) -> {
                assertThat(services).as(name + " depends on " + target).containsKey(target);
                Map<String, Object> t = services.get(target);
                String condition = String.valueOf(how.get("condition"));
                if (condition.equals("service_healthy")) {
                    assertThat(t).as(target + " has a healthcheck for " + name).containsKey("healthcheck");
                } else if (condition.equals("service_completed_successfully")) {
                    assertThat(String.valueOf(t.get("restart")))
                            .as(target + " runs once")
                            .isEqualTo("no");
                }
                if (!s.containsKey("profiles")) {
                    assertThat(t)
                            .as(name + " (always on) cannot wait for " + target + " behind a profile")
                            .doesNotContainKey("profiles");
                }
            });
        });
    }

    @Test
    void everyRequiredVariableIsInEnvExample() throws IOException {
        String example = Files.readString(root.resolve(".env.example"));
        Set<String> required = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(text);
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(required).contains("DRIFTGUARD_DB_PASSWORD");
        for (String name : required) {
            assertThat(example).as(name + " in .env.example").containsPattern("(?m)^" + name + "=");
        }
    }

    @Test
    void kafkaClientsAllGetTheSecuritySettings() {
        for (String name : List.of(
                "kafka-init", "job-submit", "iac-sync", "webhooks", "aws-sqs", "gcp-pubsub", "azure-eventhubs")) {
            assertThat(services.get(name).get("environment").toString())
                    .as(name)
                    .contains("DRIFTGUARD_KAFKA_SECURITY_PROTOCOL", "DRIFTGUARD_KAFKA_SASL_JAAS_CONFIG");
        }
    }

    /** {@code ${VAR:-default}} read as its default, as Compose does when VAR is unset. */
    private static String defaulted(String s) {
        Matcher m = Pattern.compile("^\\$\\{[A-Z0-9_]+:-([^}]*)}$").matcher(s);
        return m.matches() ? m.group(1) : s;
    }
}
