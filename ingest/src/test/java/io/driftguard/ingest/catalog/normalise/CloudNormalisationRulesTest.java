package io.driftguard.ingest.catalog.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.catalog.azure.AzureFunctions;
import io.driftguard.ingest.catalog.gcp.GcpFirewall;
import io.driftguard.ingest.catalog.kubernetes.KubernetesCall;
import org.junit.jupiter.api.Test;

/** The normalisation rules the GCP, Azure and Kubernetes rows name, each on its own. */
class CloudNormalisationRulesTest {

    @Test
    void portRanges() {
        assertThat(PortRangeNormalisation.normalise(IntNode.valueOf(80))).isEqualTo("80");
        assertThat(PortRangeNormalisation.normalise("80-80")).isEqualTo("80");
        assertThat(PortRangeNormalisation.normalise(" 1000 - 2000 ")).isEqualTo("1000-2000");
        assertThat(PortRangeNormalisation.normalise("0-65535")).isEqualTo(PortRangeNormalisation.ALL);
        assertThat(PortRangeNormalisation.normalise("Any")).isEqualTo(PortRangeNormalisation.ALL);
        assertThat(PortRangeNormalisation.normalise("")).isNull();
    }

    @Test
    void kubernetesQuantities() {
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("500m")))
                .isEqualTo(KubernetesQuantity.normalise(DoubleNode.valueOf(0.5)));
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("1Gi")))
                .isEqualTo(KubernetesQuantity.normalise(TextNode.valueOf("1024Mi")));
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("1Gi")).asLong())
                .isEqualTo(1073741824L);
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("1k")).asLong())
                .isEqualTo(1000L);
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("1e3")).asLong())
                .isEqualTo(1000L);
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("2")))
                .isEqualTo(KubernetesQuantity.normalise(IntNode.valueOf(2)));
        assertThat(KubernetesQuantity.normalise(TextNode.valueOf("lots")).asText())
                .isEqualTo("lots");
    }

    @Test
    void gcpFirewallProtocolsAndPorts() throws Exception {
        assertThat(GcpFirewall.protocol("TCP")).isEqualTo("tcp");
        assertThat(GcpFirewall.protocol("6")).isEqualTo("tcp");
        assertThat(GcpFirewall.protocol(null)).isEqualTo("all");
        assertThat(GcpFirewall.rules(Json.MAPPER.readTree(
                        "[{\"IPProtocol\":\"UDP\",\"ports\":[\"53-53\",\"0-65535\"]},{\"protocol\":\"icmp\"}]")))
                .extracting(n -> n.asText())
                .containsExactly("udp:53", "udp", "icmp");
    }

    @Test
    void azurePrefixesAndProtocols() {
        assertThat(AzureFunctions.prefix("Any")).isEqualTo("*");
        assertThat(AzureFunctions.prefix("*")).isEqualTo("*");
        assertThat(AzureFunctions.prefix("Internet")).isEqualTo("internet");
        assertThat(AzureFunctions.prefix("10.0.0.5")).isEqualTo("10.0.0.5/32");
        assertThat(AzureFunctions.prefix("10.1.2.3/16")).isEqualTo("10.1.0.0/16");
        assertThat(AzureFunctions.protocol("TCP")).isEqualTo(AzureFunctions.protocol("Tcp"));
        assertThat(AzureFunctions.protocol("Any")).isEqualTo("*");
    }

    @Test
    void gkeMethodNames() {
        assertThat(KubernetesCall.of("k8s.io", "io.k8s.apps.v1.deployments.scale.patch"))
                .isEqualTo(new KubernetesCall("apps", "patch/scale"));
        assertThat(KubernetesCall.of("k8s.io", "io.k8s.core.v1.configmaps.update"))
                .isEqualTo(new KubernetesCall("core", "update"));
        assertThat(KubernetesCall.of("k8s.io", "io.k8s.authorization.rbac.v1.clusterrolebindings.create"))
                .isEqualTo(new KubernetesCall("rbac.authorization.k8s.io", "create"));
        assertThat(KubernetesCall.of("k8s.io", "io.k8s.networking.v1.networkpolicies.delete"))
                .isEqualTo(new KubernetesCall("networking.k8s.io", "delete"));
        assertThat(KubernetesCall.of("apps", "patch/scale")).isNull();
    }
}
