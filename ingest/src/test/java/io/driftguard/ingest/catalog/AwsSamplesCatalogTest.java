package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.testkit.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog on the request parameters of the real CloudTrail samples. */
class AwsSamplesCatalogTest {

    final Catalog catalog = Catalog.load();

    static List<JsonNode> records(String file) throws Exception {
        JsonNode doc = Json.MAPPER.readTree(Samples.bytes("aws-cloudtrail", file));
        List<JsonNode> out = new ArrayList<>();
        JsonNode list = doc.isArray()
                ? doc
                : doc.has("Records")
                        ? doc.get("Records")
                        : Json.MAPPER.createArrayNode().add(doc);
        list.forEach(r -> out.add(r.has("detail") ? r.get("detail") : r));
        return out;
    }

    /** The event a parser makes of a record: only the fields the catalog reads matter here. */
    static AuditEvent event(JsonNode r) {
        String op = r.path("eventName").asText().replaceAll("\\d{8}(v\\d+)?$", "");
        return TestEvents.aws(
                r.path("eventSource").asText(),
                op,
                null,
                r.path("requestParameters").toString());
    }

    List<ResourceChange> interpret(String file, String eventName) throws Exception {
        for (JsonNode r : records(file)) {
            if (r.path("eventName").asText().equals(eventName)) {
                return catalog.interpret(event(r));
            }
        }
        throw new AssertionError(eventName + " not in " + file);
    }

    @Test
    void consoleAuthorizeIngress() throws Exception {
        assertThat(interpret(
                        "panther-normalized-AuthorizeSecurityGroupIngress-console-assumedrole.json",
                        "AuthorizeSecurityGroupIngress"))
                .singleElement()
                .satisfies(rc -> {
                    assertThat(rc.resourceId()).isEqualTo("sg-04f0b44316f7d2471");
                    assertThat(rc.changes().get(0))
                            .isEqualTo(
                                    new AttributeChange(
                                            "ingress",
                                            AttributeChange.Op.ADD,
                                            "[{\"from_port\":443,\"peer\":\"0.0.0.0/16\",\"protocol\":\"tcp\",\"to_port\":443}]"));
                });
    }

    @Test
    void stratusOpenPort22() throws Exception {
        assertThat(interpret(
                        "stratus-aws.exfiltration.ec2-security-group-open-port-22-ingress.json",
                        "AuthorizeSecurityGroupIngress"))
                .singleElement()
                .satisfies(rc -> assertThat(rc.changes().get(0).value())
                        .isEqualTo("[{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}]"));
    }

    @Test
    void rdsPublicBucketPolicyAndRolePolicy() throws Exception {
        assertThat(interpret("panther-test-ModifyDBInstance-public-assumedrole.json", "ModifyDBInstance"))
                .singleElement()
                .satisfies(rc ->
                        assertThat(rc.changes()).containsExactly(AttributeChange.set("publicly_accessible", "true")));
        assertThat(interpret("panther-test-PutBucketPolicy-public-assumedrole.json", "PutBucketPolicy"))
                .singleElement()
                .satisfies(rc -> assertThat(rc.changes().get(0).value()).contains("\"Principal\":{\"AWS\":[\"*\"]}"));
        // The role gains the policy, and the managed policy (aws_iam_policy_attachment's view) the role.
        assertThat(interpret("panther-test-AttachRolePolicy-assumedrole.json", "AttachRolePolicy"))
                .satisfiesExactlyInAnyOrder(
                        rc -> assertThat(rc.changes())
                                .extracting(AttributeChange::path)
                                .containsExactly(
                                        "managed_policy_arns",
                                        "managed_policy_arn.arn:aws:iam::aws:policy/AdministratorAccess"),
                        rc -> assertThat(rc.changes())
                                .extracting(AttributeChange::path)
                                .containsExactly("attached_roles"));
        assertThat(interpret("panther-test-PutBucketAcl-assumedrole.json", "PutBucketAcl"))
                .singleElement()
                .satisfies(rc -> assertThat(rc.changes()).containsExactly(AttributeChange.set("acl", "\"private\"")));
    }

    @Test
    void trailStopAndBackdoorTrustPolicy() throws Exception {
        assertThat(interpret("stratus-aws.defense-evasion.cloudtrail-stop.json", "StopLogging"))
                .singleElement()
                .satisfies(rc ->
                        assertThat(rc.changes()).containsExactly(AttributeChange.set("logging_enabled", "false")));
        assertThat(interpret("stratus-aws.persistence.iam-backdoor-role.json", "UpdateAssumeRolePolicy"))
                .singleElement()
                .satisfies(rc -> assertThat(rc.changes().get(0).value()).contains("arn:aws:iam::193672423079:root"));
    }

    @Test
    void lambdaCallWithoutCatalogAttributesChangesNothing() throws Exception {
        // Panther's record only adds a layer, which the catalog does not manage.
        assertThat(interpret(
                        "panther-test-UpdateFunctionConfiguration-sso-assumedrole.json",
                        "UpdateFunctionConfiguration20150331v2"))
                .isEmpty();
    }
}
