package io.driftguard.judge.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.ingest.iac.kubernetes.KubernetesManifestReader;
import io.driftguard.ingest.iac.source.DeclaringBlocks;
import io.driftguard.ingest.iac.source.DeclaringBlocks.Lines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codify patch as a user takes it: IaC files in a git repository, the patch written against
 * what the project's readers saw, then the real {@code git apply --check} and {@code git apply},
 * then the file read again by the same readers, which must now declare the live value. Terraform's
 * configuration is not read by the project (it reads state), so there Terraform itself evaluates
 * the patched block ({@code terraform console}) and the catalog maps the result.
 */
class CodifyPatchGitApplyTest {

    @TempDir
    Path repo;

    @Test
    void terraformLiteralsAreChangedInPlaceAndTerraformReadsTheLiveValues() throws Exception {
        write("terraform/aws-prod/checkout/main.tf", """
                # checkout web tier
                resource "aws_security_group" "web" {
                  name = "web"
                }

                resource "aws_instance" "web" {
                  ami           = "ami-0abc"
                  instance_type = "t3.medium" # sized for launch week
                  monitoring    = true

                  tags = {
                    Team = "payments"
                    Env  = "prod"
                  }
                }
                """);
        write("terraform/aws-prod/checkout/terraform.tfstate", state("aws_instance", "web", """
                {"id": "i-0123", "ami": "ami-0abc", "instance_type": "t3.medium",
                 "tags": {"Team": "payments", "Env": "prod"}}"""));
        git("init", "-q");
        git("add", ".");
        git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "iac");

        DesiredResource declared = declared("i-0123");
        assertThat(declared.iac().excerpt().file()).isEqualTo("terraform/aws-prod/checkout/main.tf");
        String patch = codify(declared, Map.of("instance_type", "\"t3.xlarge\"", "tags.Env", "\"staging\""));

        apply(patch);
        String tf = Files.readString(repo.resolve("terraform/aws-prod/checkout/main.tf"));
        assertThat(tf).contains("instance_type = \"t3.xlarge\" # sized for launch week");
        assumeTrue(onPath("terraform"), "terraform is not installed");
        JsonNode doc = terraformEvaluates(tf, "aws_instance.web");
        Map<String, String> canonical = mapTerraform("aws_instance", doc, "i-0123");
        assertThat(canonical).containsEntry("instance_type", "\"t3.xlarge\"").containsEntry("tags.Env", "\"staging\"");
    }

    @Test
    void cloudFormationYamlAndJsonTemplatesAreChangedInPlace() throws Exception {
        write("cloudformation/web/template.yaml", """
                AWSTemplateFormatVersion: "2010-09-09"
                Parameters:
                  Ami: {Type: String, Default: ami-0abc}
                Resources:
                  Web:
                    Type: AWS::EC2::Instance
                    Properties:
                      ImageId: !Ref Ami
                      InstanceType: t3.medium   # launch week
                      Tags:
                        - Key: env
                          Value: 'prod'
                        - Key: team
                          Value: payments
                """);
        write("cloudformation/web/resources.json", resources("Web", "i-0aaa"));
        write("cloudformation/api/template.json", """
                {
                  "Resources": {
                    "Api": {
                      "Type": "AWS::EC2::Instance",
                      "Properties": {
                        "InstanceType": "t3.small",
                        "Tags": [{"Key": "env", "Value": "prod"}]
                      }
                    }
                  }
                }""");
        write("cloudformation/api/resources.json", resources("Api", "i-0bbb"));
        git("init", "-q");

        apply(codify(declared("i-0aaa"), Map.of("instance_type", "\"t3.large\"", "tags.env", "\"it's staging\"")));
        apply(codify(declared("i-0bbb"), Map.of("instance_type", "\"t3.medium\"", "tags.env", "\"qa\"")));

        assertThat(declared("i-0aaa").attributes())
                .containsEntry("instance_type", "\"t3.large\"")
                .containsEntry("tags.env", "\"it's staging\"")
                .containsEntry("tags.team", "\"payments\"");
        assertThat(declared("i-0bbb").attributes())
                .containsEntry("instance_type", "\"t3.medium\"")
                .containsEntry("tags.env", "\"qa\"");
        assertThat(Files.readString(repo.resolve("cloudformation/web/template.yaml")))
                .contains("      InstanceType: t3.large   # launch week\n");
    }

    @Test
    void kubernetesManifestsAreChangedInPlaceEvenInTheLastLineWithoutANewline() throws Exception {
        write("kubernetes/prod/shop.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: shop-config, namespace: shop}
                data:
                  LOG_LEVEL: info
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: sidecar
                          image: envoy:1.29
                        - name: web
                          image: "shop/web:1.4.2"
                  replicas: 3""");
        git("init", "-q");
        DesiredResource web = declared("prod/shop/Deployment/web");
        Map<String, String> live = new LinkedHashMap<>();
        live.put("spec.replicas", "5");
        for (String path : web.attributes().keySet()) {
            if (path.endsWith("web.image")) {
                live.put(path, "\"shop/web:1.4.3-debug\"");
            }
        }
        assertThat(live).hasSize(2);
        apply(codify(web, live));
        apply(codify(declared("prod/shop/ConfigMap/shop-config"), Map.of("data.LOG_LEVEL", "\"debug\"")));

        assertThat(declared("prod/shop/Deployment/web").attributes()).containsAllEntriesOf(live);
        assertThat(declared("prod/shop/ConfigMap/shop-config").attributes())
                .containsEntry("data.LOG_LEVEL", "\"debug\"");
        assertThat(Files.readString(repo.resolve("kubernetes/prod/shop.yaml"))).endsWith("  replicas: 5");
    }

    @Test
    void anExpressionIsNamedAndLeftOutOfThePatch() throws Exception {
        write("cloudformation/web/template.yaml", """
                Parameters:
                  Size: {Type: String, Default: t3.medium}
                Resources:
                  Web:
                    Type: AWS::EC2::Instance
                    Properties:
                      InstanceType: !Ref Size
                """);
        write("cloudformation/web/resources.json", resources("Web", "i-0aaa"));
        String patch = codify(declared("i-0aaa"), Map.of("instance_type", "\"t3.large\""));
        assertThat(patch)
                .startsWith(
                        "# a guide, not a patch: instance_type is an expression in cloudformation/web/template.yaml");
    }

    @Test
    void anUnmanagedKubernetesObjectGetsANewManifestTheReaderDeclares() throws Exception {
        git("init", "-q");
        Finding f = unmanaged(
                Cloud.KUBERNETES,
                "prod/shop/Deployment/api",
                "Deployment",
                Map.of("spec.replicas", "4", "spec.template.spec.containers.api.image", "\"shop/api:2.0.1\""));
        apply(Remediations.of(f).codifyPatch());

        Path file = repo.resolve("kubernetes/prod/shop/deployment-api.yaml");
        List<DeclaredResource> read = new ArrayList<>();
        KubernetesManifestReader.builtIn()
                .readText(
                        Files.readString(file),
                        "prod",
                        "kubernetes/prod/shop/deployment-api.yaml",
                        "new",
                        read::add,
                        p -> {});
        assertThat(read).hasSize(1);
        assertThat(read.get(0).resource().resourceId()).isEqualTo("prod/shop/Deployment/api");
        assertThat(read.get(0).resource().attributes()).containsEntry("spec.replicas", "4");
        assertThat(read.get(0).resource().attributes().entrySet())
                .anySatisfy(e -> assertThat(e.getKey() + "=" + e.getValue()).endsWith("api.image=\"shop/api:2.0.1\""));
    }

    @Test
    void anUnmanagedCloudResourceGetsAnImportAndAResourceBlockTerraformReads() throws Exception {
        git("init", "-q");
        Finding f = unmanaged(
                Cloud.AWS,
                "i-0fff",
                "AWS::EC2::Instance",
                Map.of(
                        "instance_type",
                        "\"m5.large\"",
                        "tags.Owner",
                        "\"jane@example.com\"",
                        "tags.cost-center",
                        "\"42\""));
        apply(Remediations.of(f).codifyPatch());

        String tf = Files.readString(repo.resolve("terraform/imports/i_0fff.tf"));
        assertThat(tf).contains("import {\n  to = aws_instance.i_0fff\n  id = \"i-0fff\"\n}");
        assertThat(DeclaringBlocks.terraformResources(tf)).containsKey("aws_instance.i_0fff");
        assumeTrue(onPath("terraform"), "terraform is not installed");
        Path copy = Files.createTempDirectory("fmt");
        Files.writeString(copy.resolve("main.tf"), tf);
        run(copy, "terraform", "fmt", "-check", "-diff", "main.tf"); // exits 3 on a file not formatted as fmt would
        Map<String, String> canonical =
                mapTerraform("aws_instance", terraformEvaluates(tf, "aws_instance.i_0fff"), "i-0fff");
        assertThat(canonical)
                .containsEntry("instance_type", "\"m5.large\"")
                .containsEntry("tags.Owner", "\"jane@example.com\"")
                .containsEntry("tags.cost-center", "\"42\"");
    }

    // ---- the user's side: files, git, terraform ----

    private void write(String path, String text) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** The resource as the project's readers declare it, the repository being the iac/ folder. */
    private DesiredResource declared(String id) {
        IacFolderReader.Result r = new IacFolderReader().read(repo);
        return r.declarations().stream()
                .map(DeclaredResource::resource)
                .filter(d -> d.resourceId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not declared; problems: " + r.problems()));
    }

    private static String codify(DesiredResource d, Map<String, String> live) {
        List<Change> changes = new ArrayList<>();
        live.forEach(
                (path, value) -> changes.add(new Change(path, d.attributes().get(path), value, null)));
        Finding f = Finding.builder()
                .findingId("f-1")
                .kind(FindingKind.DRIFT)
                .cloud(d.cloud())
                .resourceId(d.resourceId())
                .resourceType(d.resourceType())
                .iac(d.iac())
                .status(FindingStatus.OPEN)
                .changes(changes)
                .build();
        return Remediations.of(f).codifyPatch();
    }

    private static Finding unmanaged(Cloud cloud, String id, String type, Map<String, String> live) {
        List<Change> changes = new ArrayList<>();
        live.forEach((path, value) -> changes.add(new Change(path, null, value, null)));
        return Finding.builder()
                .findingId("f-2")
                .kind(FindingKind.UNMANAGED)
                .cloud(cloud)
                .resourceId(id)
                .resourceType(type)
                .status(FindingStatus.OPEN)
                .changes(changes)
                .build();
    }

    private void apply(String patch) throws Exception {
        Path file = Files.createTempFile("codify", ".patch");
        Files.writeString(file, patch);
        assertThat(run(repo, "git", "apply", "--check", file.toString()))
                .as(patch)
                .isEmpty();
        assertThat(run(repo, "git", "apply", file.toString())).isEmpty();
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        run(repo, cmd.toArray(String[]::new));
    }

    /** Runs a command; fails on a non-zero exit; returns its output. */
    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of a resource block as Terraform evaluates them: the block's body as a
     * {@code locals} block (it holds only literals), printed by {@code terraform console}.
     */
    private static JsonNode terraformEvaluates(String tf, String address) throws Exception {
        Lines lines = DeclaringBlocks.terraformResources(tf).get(address);
        String[] all = tf.split("\n", -1);
        StringBuilder locals = new StringBuilder("locals {\n");
        List<String> names = new ArrayList<>();
        for (int i = lines.from(); i < lines.to() - 1; i++) {
            locals.append(all[i]).append('\n');
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  ([A-Za-z_][\\w-]*)\\s*=")
                    .matcher(all[i]);
            if (m.find()) {
                names.add(m.group(1) + " = local." + m.group(1));
            }
        }
        Path dir = Files.createTempDirectory("tf");
        Files.writeString(dir.resolve("main.tf"), locals.append("}\n").toString());
        Process p = new ProcessBuilder("terraform", "console")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream()
                .write(("jsonencode({" + String.join(", ", names) + "})\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        out = out.substring(out.lastIndexOf('\n') + 1); // after any warning about the CLI configuration
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Json.MAPPER.readTree(Json.MAPPER.readTree(out).asText());
    }

    /** Terraform values to canonical attributes, by the catalog's Terraform rows. */
    private static Map<String, String> mapTerraform(String type, JsonNode values, String id) {
        com.fasterxml.jackson.databind.node.ObjectNode idDoc = values.deepCopy();
        idDoc.put("id", id);
        List<DeclaredResource> out = IacMapper.builtIn()
                .map("terraform", type, values, idDoc, null, null, new IacRef("terraform", type, ""), n -> {});
        assertThat(out).isNotEmpty();
        return out.get(0).resource().attributes();
    }

    private static String state(String type, String name, String attributes) {
        return """
                {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "l", "outputs": {},
                 "resources": [{"mode": "managed", "type": "%s", "name": "%s",
                   "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
                   "instances": [{"schema_version": 1, "attributes": %s}]}]}""".formatted(type, name, attributes);
    }

    private static String resources(String logical, String physical) {
        return """
                {"StackResources": [{"LogicalResourceId": "%s", "PhysicalResourceId": "%s",
                  "ResourceType": "AWS::EC2::Instance", "ResourceStatus": "CREATE_COMPLETE"}]}""".formatted(logical, physical);
    }
}
