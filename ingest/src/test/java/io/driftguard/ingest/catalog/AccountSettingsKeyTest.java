package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.cloudtrail.CloudTrailParser;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.terraform.TerraformStateReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings of an account rather than objects with ids of their own (EBS encryption by default,
 * the API Gateway account) are keyed by account and region on both sides: two accounts' or two
 * regions' settings never meet each other's declaration, and each still meets its own. Records go
 * through the real CloudTrail parser, states through the real Terraform reader.
 */
class AccountSettingsKeyTest {

    static final Catalog CATALOG = Catalog.load();
    static final String PROD = "111111111111";
    static final String DEV = "222222222222";

    static List<ResourceChange> call(String source, String name, String account, String region, String request) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("eventVersion", "1.09");
        ObjectNode who = r.putObject("userIdentity");
        who.put("type", "IAMUser");
        who.put("arn", "arn:aws:iam::" + account + ":user/alice");
        who.put("accountId", account);
        who.put("userName", "alice");
        r.put("eventTime", "2026-03-02T10:00:00Z");
        r.put("eventSource", source);
        r.put("eventName", name);
        r.put("awsRegion", region);
        r.put("sourceIPAddress", "198.51.100.7");
        r.put("userAgent", "console.amazonaws.com");
        try {
            r.set("requestParameters", Json.MAPPER.readTree(request));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        r.putNull("responseElements");
        r.put("eventID", account + region + name);
        r.put("readOnly", false);
        r.put("eventType", "AwsApiCall");
        r.put("recipientAccountId", account);
        List<ParsedRecord> parsed = new CloudTrailParser().parse(r, null);
        assertThat(parsed).hasSize(1);
        AuditEvent e = ((ParsedRecord.Audit) parsed.get(0)).event();
        return CATALOG.interpret(e);
    }

    /** A state with the given resources ({type, attributes}), as Terraform writes it. */
    static TerraformStateReader.Result state(List<Map<String, Object>> resources) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("version", 4);
        s.put("terraform_version", "1.9.5");
        s.put("serial", 3);
        s.put("lineage", "9d1c2a9e-0000-4000-8000-000000000002");
        ArrayNode list = s.putArray("resources");
        int i = 0;
        for (Map<String, Object> r : resources) {
            ObjectNode res = list.addObject();
            res.put("mode", "managed");
            res.put("type", (String) r.get("type"));
            res.put("name", "r" + i++);
            res.put("provider", "provider[\"registry.terraform.io/hashicorp/aws\"]");
            res.putArray("instances").addObject().set("attributes", Json.MAPPER.valueToTree(r.get("attributes")));
        }
        return TerraformStateReader.builtIn().read((JsonNode) s, "terraform.tfstate", "terraform/account/");
    }

    static Map<String, Object> kmsKey(String account, String region) {
        return Map.of(
                "type",
                "aws_kms_key",
                "attributes",
                Map.of(
                        "id", "k-" + account,
                        "key_id", "k-" + account,
                        "arn", "arn:aws:kms:" + region + ":" + account + ":key/k-" + account));
    }

    static Map<String, Object> ebsDefault(boolean enabled) {
        return Map.of(
                "type",
                "aws_ebs_encryption_by_default",
                "attributes",
                Map.of("id", "terraform-20260301000000000000000001", "enabled", enabled));
    }

    static DesiredResource declared(TerraformStateReader.Result r, String type) {
        return r.resources().stream()
                .map(DeclaredResource::resource)
                .filter(d -> d.resourceType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " declared: " + r.problems()));
    }

    @Test
    void ebsEncryptionByDefaultIsKeyedByAccountAndRegionOnBothSides() {
        String prodKey = call("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", PROD, "eu-west-1", "{}")
                .get(0)
                .key();
        String devKey = call("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", DEV, "eu-west-1", "{}")
                .get(0)
                .key();
        String prodUsKey = call("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", PROD, "us-east-1", "{}")
                .get(0)
                .key();
        assertThat(List.of(prodKey, devKey, prodUsKey)).doesNotHaveDuplicates();
        assertThat(prodKey).isEqualTo("aws:" + PROD + "/eu-west-1/ebs-encryption-by-default");

        // Each account's state declares its own setting; the account and region come from the state's ARNs.
        DesiredResource prod =
                declared(state(List.of(ebsDefault(true), kmsKey(PROD, "eu-west-1"))), "aws_ebs_encryption_by_default");
        DesiredResource dev =
                declared(state(List.of(ebsDefault(false), kmsKey(DEV, "eu-west-1"))), "aws_ebs_encryption_by_default");
        assertThat(prod.key()).isEqualTo(prodKey);
        assertThat(dev.key()).isEqualTo(devKey);
        assertThat(prod.attributes()).containsEntry("enabled", "true");
        assertThat(dev.attributes()).containsEntry("enabled", "false");
    }

    @Test
    void apiGatewayAccountIsKeyedPerRegion() {
        String request = "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/cloudwatchRoleArn\",\"value\":"
                + "\"arn:aws:iam::" + PROD + ":role/other\"}]}";
        String euKey = call("apigateway.amazonaws.com", "UpdateAccount", PROD, "eu-west-1", request)
                .get(0)
                .key();
        String usKey = call("apigateway.amazonaws.com", "UpdateAccount", PROD, "us-east-1", request)
                .get(0)
                .key();
        assertThat(euKey).isNotEqualTo(usKey);

        // AWS provider 6 records each resource's region; the account comes from the role's ARN.
        Map<String, Object> role = Map.of(
                "type",
                "aws_iam_role",
                "attributes",
                Map.of(
                        "id", "apigw-logs",
                        "name", "apigw-logs",
                        "arn", "arn:aws:iam::" + PROD + ":role/apigw-logs"));
        for (String region : List.of("eu-west-1", "us-east-1")) {
            Map<String, Object> account = Map.of(
                    "type",
                    "aws_api_gateway_account",
                    "attributes",
                    Map.of(
                            "id",
                            "api-gateway-account",
                            "region",
                            region,
                            "cloudwatch_role_arn",
                            "arn:aws:iam::" + PROD + ":role/apigw-logs"));
            assertThat(declared(state(List.of(account, role)), "aws_api_gateway_account")
                            .key())
                    .isEqualTo(region.equals("eu-west-1") ? euKey : usKey);
        }
    }

    @Test
    void aStateThatNamesNoAccountLeavesTheSettingUncomparedAndSaysSo() {
        TerraformStateReader.Result r = state(List.of(ebsDefault(true)));
        assertThat(r.resources()).isEmpty();
        assertThat(r.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("keyed by account and region"));
    }
}
