package io.driftguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator's view holds together: the dashboards parse and every panel queries something, the
 * metric names are found, and the Kubernetes copies (render-kubernetes.py) match their sources.
 * That each name is exported is checked where the component runs: LiveJobIT (the job),
 * WebhookReceiverIT (connectors), DashboardIT (dashboard).
 */
class MonitoringConfigTest {

    @Test
    void dashboardsParseAndEveryPanelHasAQuery() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Path file : MonitoringConfig.files()) {
            if (!file.toString().endsWith(".json")) {
                continue;
            }
            JsonNode dashboard = json.readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).as(file.toString()).startsWith("driftguard-");
            assertThat(dashboard.path("panels")).as(file.toString()).isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("targets"))
                        .as(panel.path("title").asText())
                        .isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText())
                            .as(panel.path("title").asText())
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void theNamesOfEachComponentAreFound() {
        assertThat(MonitoringConfig.metricsNamed("flink_"))
                .contains("flink_jobmanager_job_numRestarts", "flink_taskmanager_job_task_operator_pendingRecords");
        assertThat(MonitoringConfig.metricsNamed("driftguard_ingest_"))
                .contains("driftguard_ingest_publish_failures_total", "driftguard_ingest_newest_record_age_seconds");
        assertThat(MonitoringConfig.metricsNamed("driftguard_"))
                .contains("driftguard_dead_letters_last_hour", "driftguard_detection_lag_seconds");
    }

    @Test
    void kubernetesCopiesMatchTheirSources() throws Exception {
        Path monitoring = MonitoringConfig.folder();
        Path optional = monitoring.resolveSibling("kubernetes").resolve("optional");
        String rules = Files.readString(optional.resolve("prometheus-rules.yaml"));
        String alerts = Files.readString(monitoring.resolve("alerts.yml"));
        String body = alerts.lines()
                .filter(l -> !l.startsWith("#"))
                .collect(Collectors.joining("\n"))
                .strip();
        assertThat(rules)
                .as("prometheus-rules.yaml is stale: run python3 deploy/monitoring/render-kubernetes.py")
                .contains(indent(body, 2));
        String dashboards = Files.readString(optional.resolve("grafana-dashboards.yaml"));
        for (Path file : MonitoringConfig.files()) {
            if (file.toString().endsWith(".json")) {
                assertThat(dashboards)
                        .as("grafana-dashboards.yaml is stale: run python3 deploy/monitoring/render-kubernetes.py")
                        .contains("  " + file.getFileName() + ": |\n"
                                + indent(Files.readString(file).strip(), 4));
            }
        }
    }

    private static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(l -> l.isBlank() ? l : pad + l).collect(Collectors.joining("\n"));
    }
}
