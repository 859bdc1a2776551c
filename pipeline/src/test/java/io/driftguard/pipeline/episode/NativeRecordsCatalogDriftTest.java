package io.driftguard.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParserRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end per cloud: a record in the provider's native format, parsed by the real parser, read
 * by the catalog, and applied by the episode operator's own rules ({@link CatalogDrift}) to what the
 * real IaC readers declare. A start record (Azure {@code Start}, GCP {@code operation.first}) is
 * applied as the operation pairing releases it once its operation succeeds.
 */
class NativeRecordsCatalogDriftTest {

    static CatalogDrift f;
    static final ParserRegistry PARSERS = ParserRegistry.defaults();

    @BeforeAll
    static void read() {
        f = new CatalogDrift();
    }

    static AuditEvent parse(String source, String json, String cluster) throws Exception {
        List<ParsedRecord> r = PARSERS.parse(source, Json.MAPPER.readTree(json), cluster);
        assertThat(r).singleElement().isInstanceOf(ParsedRecord.Audit.class);
        return ((ParsedRecord.Audit) r.get(0)).event();
    }

    @Test
    void gcpFirewallPatchFirstEntryOfItsOperation() throws Exception {
        AuditEvent e = parse("gcp-audit", """
                {"insertId":"-x1fw","logName":"projects/shop-prod/logs/cloudaudit.googleapis.com%2Factivity",
                 "operation":{"first":true,"id":"operation-1716-5fc6","producer":"compute.googleapis.com"},
                 "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",
                   "authenticationInfo":{"principalEmail":"dev@example.com"},
                   "methodName":"v1.compute.firewalls.patch","serviceName":"compute.googleapis.com",
                   "resourceName":"projects/shop-prod/global/firewalls/allow-web",
                   "request":{"@type":"type.googleapis.com/compute.firewalls.patch","sourceRanges":["0.0.0.0/0"],
                              "alloweds":[{"IPProtocol":"tcp","ports":["22"]}]},
                   "requestMetadata":{"callerIp":"203.0.113.9","callerSuppliedUserAgent":"google-cloud-sdk gcloud/470.0.0"},
                   "response":{"@type":"type.googleapis.com/operation","status":"RUNNING"}},
                 "resource":{"type":"gce_firewall_rule","labels":{"project_id":"shop-prod","firewall_rule_id":"65635"}},
                 "severity":"NOTICE","timestamp":"2024-08-01T10:00:00.123456789Z"}
                """, null);
        assertThat(e.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(f.drift("projects/shop-prod/global/firewalls/allow-web", e))
                .containsExactlyInAnyOrder("source_ranges", "allow");
    }

    @Test
    void gkeDeploymentPatchArrivesAsAKubernetesCall() throws Exception {
        AuditEvent e = parse("gcp-audit", """
                {"insertId":"abc123","logName":"projects/shop-prod/logs/cloudaudit.googleapis.com%2Factivity",
                 "resource":{"type":"k8s_cluster","labels":{"project_id":"shop-prod","location":"europe-west1","cluster_name":"prod-eu-1"}},
                 "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"k8s.io",
                   "methodName":"io.k8s.apps.v1.deployments.patch",
                   "resourceName":"apps/v1/namespaces/checkout/deployments/checkout-web",
                   "authenticationInfo":{"principalEmail":"engineer@example.com"},
                   "requestMetadata":{"callerIp":"203.0.113.10","callerSuppliedUserAgent":"kubectl/v1.30.0 (linux/amd64) kubernetes/a1b2c3d"},
                   "request":{"@type":"k8s.io/Patch","spec":{"replicas":5}},"status":{}},
                 "severity":"NOTICE","timestamp":"2024-08-01T10:30:00.123456Z"}
                """, null);
        assertThat(f.drift("prod-eu-1/checkout/Deployment/checkout-web", e)).containsExactly("spec.replicas");
    }

    @Test
    void azureExportStartRecordCarriesTheRuleBody() throws Exception {
        AuditEvent e = parse("azure-activity", """
                {"time":"2024-08-01T11:00:00.1234567Z",
                 "resourceId":"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/RG-WEB/providers/Microsoft.Network/networkSecurityGroups/nsg-web/securityRules/AllowSshFromBastion",
                 "operationName":"MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE","category":"Administrative",
                 "resultType":"Start","resultSignature":"Started.","callerIpAddress":"198.51.100.20",
                 "correlationId":"5a7e0f2c-0000-4a1b-9c3d-111111111111","level":"Information","location":"westeurope",
                 "identity":{"claims":{"name":"Jane Doe","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"jane@example.com",
                   "appid":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c"}},
                 "properties":{"requestbody":"{\\"properties\\":{\\"protocol\\":\\"Tcp\\",\\"sourcePortRange\\":\\"*\\",\\"destinationPortRange\\":\\"22\\",\\"sourceAddressPrefix\\":\\"*\\",\\"destinationAddressPrefixes\\":[\\"10.1.0.0/24\\"],\\"access\\":\\"Allow\\",\\"priority\\":200,\\"direction\\":\\"Inbound\\"}}",
                   "eventCategory":"Administrative","entity":"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/RG-WEB/providers/Microsoft.Network/networkSecurityGroups/nsg-web/securityRules/AllowSshFromBastion",
                   "message":"Microsoft.Network/networkSecurityGroups/securityRules/write","hierarchy":"t/s"}}
                """, null);
        assertThat(e.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        String rule =
                "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-web/providers/microsoft.network/networksecuritygroups/nsg-web/securityrules/allowsshfrombastion";
        assertThat(f.drift(rule, e)).containsExactly("source_prefixes");
    }

    @Test
    void kubernetesAuditSetImage() throws Exception {
        AuditEvent e = parse("k8s-audit", """
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"5f6c0f3e-7a2b-4c59-8d1e-0f9a8b7c6d5e",
                 "stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/checkout/deployments/checkout-web",
                 "verb":"patch","user":{"username":"jane@example.com","groups":["system:authenticated"]},
                 "sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.30.0 (linux/amd64) kubernetes/7c48c2b",
                 "objectRef":{"resource":"deployments","namespace":"checkout","name":"checkout-web","apiGroup":"apps","apiVersion":"v1"},
                 "responseStatus":{"metadata":{},"code":200},
                 "requestObject":{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"envoy"}],
                   "containers":[{"image":"registry.example.com/checkout/web:1.15.0-hotfix","name":"web"}]}}}},
                 "requestReceivedTimestamp":"2024-08-01T12:00:00.000000Z","stageTimestamp":"2024-08-01T12:00:00.050000Z"}
                """, "prod-eu-1");
        assertThat(f.drift("prod-eu-1/checkout/Deployment/checkout-web", e))
                .containsExactly("spec.template.spec.containers.web.image");
    }

    @Test
    void kubernetesScaleSubresource() throws Exception {
        AuditEvent e = parse("k8s-audit", """
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"9a1b","stage":"ResponseComplete",
                 "verb":"patch","user":{"username":"system:serviceaccount:kube-system:horizontal-pod-autoscaler"},
                 "objectRef":{"resource":"deployments","subresource":"scale","namespace":"checkout","name":"checkout-web","apiGroup":"apps","apiVersion":"v1"},
                 "responseStatus":{"code":200},"requestObject":{"spec":{"replicas":6}},
                 "responseObject":{"kind":"Scale","apiVersion":"autoscaling/v1","spec":{"replicas":6},"status":{"replicas":3}},
                 "requestReceivedTimestamp":"2024-08-01T12:05:00.000000Z","stageTimestamp":"2024-08-01T12:05:00.010000Z"}
                """, "prod-eu-1");
        assertThat(e.operation()).isEqualTo("patch/scale");
        assertThat(f.drift("prod-eu-1/checkout/Deployment/checkout-web", e)).containsExactly("spec.replicas");
    }
}
