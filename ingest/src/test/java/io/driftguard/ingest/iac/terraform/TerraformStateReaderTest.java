package io.driftguard.ingest.iac.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.catalog.CatalogTables;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.DesiredStateMerger;
import io.driftguard.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Terraform state, show and plan JSON into declarations, on the driftctl samples and the project's own. */
class TerraformStateReaderTest {

    final TerraformStateReader reader = TerraformStateReader.builtIn();

    static Path sample(String name) {
        return Samples.path("terraform", name);
    }

    Map<String, DesiredResource> merged(TerraformStateReader.Result r) {
        return DesiredStateMerger.merge(r.resources(), CatalogTables.builtIn(), msg -> {}).stream()
                .collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }

    @Test
    void terraform012SecurityGroupsWithSelfRule() {
        TerraformStateReader.Result r =
                reader.read(sample("driftctl-aws_vpc_security_group.tfstate"), "sg.tfstate", "terraform/x/");
        assertThat(r.problems()).isEmpty();
        Map<String, DesiredResource> byId = merged(r);
        DesiredResource def = byId.get("sg-9e0204ff");
        assertThat(def.resourceType()).isEqualTo("aws_default_security_group");
        assertThat(def.iac().address()).isEqualTo("aws_default_security_group.test-default-sg");
        assertThat(def.attributes())
                .containsEntry("ingress", "[{\"peer\":\"sg-9e0204ff\",\"protocol\":\"-1\"}]")
                .containsEntry("egress", "[{\"peer\":\"0.0.0.0/0\",\"protocol\":\"-1\"}]")
                .containsEntry("tags.Name", "\"DEFAULT\"");
        assertThat(def.account()).isEqualTo("047081014315");
        assertThat(def.labels()).containsEntry("Name", "DEFAULT");
        assertThat(byId.get("sg-0254c038e32f25530").attributes()).containsEntry("tags.Name", "\"Foo SG\"");
    }

    @Test
    void separateRuleResourcesDeclareElementsOfTheirGroup() {
        TerraformStateReader.Result r =
                reader.read(sample("driftctl-aws_vpc_security_group_rule.tfstate"), "rules.tfstate", "terraform/x/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.resources()).allSatisfy(d -> assertThat(d.primary()).isFalse());
        Map<String, DesiredResource> byId = merged(r);
        assertThat(byId.get("sg-0254c038e32f25530").attributes())
                .containsKey(
                        "ingress_rule.{\"from_port\":0,\"peer\":\"pl-abb451c2\",\"protocol\":\"tcp\",\"to_port\":0}");
        assertThat(byId.get("sg-0cc8b3c3c2851705a").attributes())
                .containsKeys(
                        "egress_rule.{\"peer\":\"0.0.0.0/0\",\"protocol\":\"-1\"}",
                        "egress_rule.{\"peer\":\"::/0\",\"protocol\":\"-1\"}");
    }

    @Test
    void dbInstanceAndEc2Instance() {
        Map<String, DesiredResource> db =
                merged(reader.read(sample("driftctl-aws_db_instance.tfstate"), "db", "terraform/"));
        assertThat(db.get("terraform-20201015115018309600000001").attributes())
                .containsEntry("instance_class", "\"db.t2.micro\"")
                .containsEntry("allocated_storage", "20")
                .containsEntry("backup_retention_period", "0")
                .containsEntry("deletion_protection", "false")
                .containsEntry("publicly_accessible", "false")
                .containsEntry("multi_az", "false")
                .doesNotContainKeys("tags");
        Map<String, DesiredResource> ec2 =
                merged(reader.read(sample("driftctl-aws_ec2_instance.tfstate"), "ec2", "terraform/"));
        assertThat(ec2.get("i-0d3650a23f4e45dc0").attributes())
                .containsEntry("instance_type", "\"t3.nano\"")
                .containsEntry("security_groups", "[\"sg-9e0204ff\"]")
                .containsEntry("source_dest_check", "true")
                .containsEntry("disable_api_termination", "false");
    }

    @Test
    void bucketsJoinTheirPolicyResourcesAndDeclareOnlyWhatTheStateHas() {
        TerraformStateReader.Result r = reader.read(sample("driftctl-aws_s3_full.tfstate"), "s3", "terraform/");
        assertThat(r.problems()).isEmpty();
        Map<String, DesiredResource> byId = merged(r);
        assertThat(byId)
                .containsOnlyKeys("bucket-martin-test-drift", "bucket-martin-test-drift2", "bucket-martin-test-drift3");
        DesiredResource b = byId.get("bucket-martin-test-drift");
        assertThat(b.resourceType()).isEqualTo("aws_s3_bucket");
        assertThat(b.attributes())
                .containsEntry("acl", "\"private\"")
                .containsEntry("versioning.enabled", "false")
                .doesNotContainKeys("logging.target_bucket", "encryption.sse_algorithm");
        assertThat(b.attributes().get("policy"))
                .contains("\"Principal\":{\"AWS\":[\"*\"]}")
                .contains("\"Action\":[\"s3:GetObject\"]");
    }

    @Test
    void dataSourcesDeclareNothing() {
        // The state reads resource group raphael-dev as a data source and manages example-resources.
        TerraformStateReader.Result r =
                reader.read(sample("driftctl-azurerm_network_security_group.tfstate"), "az", "terraform/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.resources())
                .extracting(d -> d.resource().resourceId())
                .noneMatch(id -> id.toLowerCase(java.util.Locale.ROOT).endsWith("/resourcegroups/raphael-dev"))
                .anyMatch(id -> id.toLowerCase(java.util.Locale.ROOT).endsWith("/resourcegroups/example-resources"));
    }

    @Test
    void typesWithoutRowsDeclareNothing() {
        com.fasterxml.jackson.databind.JsonNode state =
                io.driftguard.core.json.Json.MAPPER.valueToTree(java.util.Map.of(
                        "version",
                        4,
                        "resources",
                        java.util.List.of(java.util.Map.of(
                                "mode", "managed",
                                "type", "aws_launch_configuration",
                                "name", "old",
                                "instances",
                                        java.util.List.of(java.util.Map.of(
                                                "attributes",
                                                java.util.Map.of("id", "old-lc", "image_id", "ami-0abc")))))));
        TerraformStateReader.Result r = reader.read(state, "lc", "terraform/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.resources()).isEmpty();
    }

    @Test
    void v4StateWithForEachChildModuleAndDataSource() {
        TerraformStateReader.Result r =
                reader.read(sample("driftguard-aws-web-prod.tfstate"), "web.tfstate", "terraform/web/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.resources())
                .extracting(d -> d.resource().iac().address())
                .containsExactlyInAnyOrder(
                        "aws_instance.app[\"blue\"]",
                        "aws_security_group.web",
                        "module.logs.aws_s3_bucket.this",
                        "module.logs.aws_s3_bucket_public_access_block.this");
        Map<String, DesiredResource> byId = merged(r);
        assertThat(byId.get("sg-0b7d4e1f2a3c5d6e7").attributes())
                .containsEntry(
                        "ingress", "[{\"from_port\":443,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":443}]");
        assertThat(byId.get("i-0f3a6c9e1d2b4a587").attributes())
                .containsEntry("instance_type", "\"t3.small\"")
                .containsEntry("disable_api_termination", "true");
        assertThat(byId.get("web-prod-access-logs-731829462015").attributes())
                .containsEntry("versioning.enabled", "true")
                .containsEntry("public_access_block.block_public_policy", "true");
        assertThat(byId.get("i-0f3a6c9e1d2b4a587").account()).as("from the ARN").isEqualTo("731829462015");
        assertThat(byId.get("sg-0b7d4e1f2a3c5d6e7").account()).isEqualTo("731829462015");
    }

    @Test
    void showJsonOfTheStateDeclaresWhatTheStateDoes() {
        Map<String, DesiredResource> state =
                merged(reader.read(sample("driftguard-aws-web-prod.tfstate"), "web.tfstate", "terraform/web/"));
        TerraformStateReader.Result show =
                reader.read(sample("driftguard-show-json-state.json"), "show.json", "terraform/web/");
        assertThat(show.problems()).isEmpty();
        Map<String, DesiredResource> fromShow = merged(show);
        assertThat(fromShow.keySet()).isEqualTo(state.keySet());
        fromShow.forEach((id, d) ->
                assertThat(d.attributes()).as(id).isEqualTo(state.get(id).attributes()));
    }

    @Test
    void planJsonWithResourceDriftIsReadFromItsPriorState() {
        TerraformStateReader.Result update = reader.read(
                sample("driftguard-show-json-plan-resource_drift-update.json"), "plan.json", "terraform/web/");
        assertThat(update.problems()).isEmpty();
        assertThat(merged(update))
                .containsOnlyKeys("sg-0b7d4e1f2a3c5d6e7", "i-0f3a6c9e1d2b4a587", "web-prod-access-logs-731829462015");
        TerraformStateReader.Result delete = reader.read(
                sample("driftguard-show-json-plan-resource_drift-delete.json"), "plan.json", "terraform/web/");
        assertThat(delete.problems()).isEmpty();
        assertThat(merged(delete))
                .as("the bucket deleted by hand is not in the prior state")
                .containsOnlyKeys("sg-0b7d4e1f2a3c5d6e7", "i-0f3a6c9e1d2b4a587");
    }

    @Test
    void showJsonWithChildModules() throws Exception {
        String show = """
                {"format_version":"1.0","terraform_version":"1.7.5","values":{"root_module":{
                  "resources":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web",
                    "provider_name":"registry.terraform.io/hashicorp/aws","values":{"id":"i-1","instance_type":"t3.micro","tags":{"Name":"web"}}}],
                  "child_modules":[{"address":"module.db","resources":[{"address":"module.db.aws_db_instance.main[\\"eu\\"]","mode":"managed",
                    "type":"aws_db_instance","name":"main","index":"eu","values":{"id":"db-X","identifier":"Orders","instance_class":"db.m5.large"}},
                    {"address":"module.db.data.aws_iam_role.r","mode":"data","type":"aws_iam_role","name":"r","values":{"name":"x"}}]}]}}}
                """;
        TerraformStateReader.Result r = reader.read(Json.MAPPER.readTree(show), "show.json", "terraform/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.resources())
                .extracting(d -> d.resource().iac().address())
                .containsExactly("aws_instance.web", "module.db.aws_db_instance.main[\"eu\"]");
        assertThat(r.resources().get(1).resource().resourceId()).isEqualTo("orders");
    }

    @Test
    void badInputIsReportedNotThrown(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path broken = tmp.resolve("broken.tfstate");
        Files.writeString(broken, "{\"version\": 4, \"resources\": [");
        assertThat(reader.read(broken, "broken.tfstate", "terraform/").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("not readable as JSON"));
        Path v3 = tmp.resolve("old.tfstate");
        Files.writeString(v3, "{\"version\": 3, \"resources\": []}");
        assertThat(reader.read(v3, "old.tfstate", "terraform/").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("version 3 is not supported"));
        List<DeclaredResource> none = new ArrayList<>(
                reader.read(Json.MAPPER.readTree("[1,2]"), "arr", "terraform/").resources());
        assertThat(none).isEmpty();
    }
}
