package io.driftguard.ingest.iac;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.catalog.CatalogTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay input's iac/ folder: every source read, bad files reported, IaC paths as docs/design/replay-contract.md maps them. */
class IacFolderReaderTest {

    @Test
    void readsTerraformAndCloudFormationAndReportsBadFiles(@TempDir Path input) throws Exception {
        Path tf = Files.createDirectories(input.resolve("iac/terraform/aws-prod/checkout"));
        Files.copy(
                Path.of(getClass()
                        .getResource("/replay/iac/terraform/aws-prod/checkout/terraform.tfstate")
                        .toURI()),
                tf.resolve("terraform.tfstate"));
        Path broken = Files.createDirectories(input.resolve("iac/terraform/broken"));
        Files.writeString(broken.resolve("terraform.tfstate"), "this is not json");
        Path stack = Files.createDirectories(input.resolve("iac/cloudformation/edge"));
        Files.writeString(stack.resolve("template.json"), """
                {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"AccessControl": "PublicRead",
                  "Tags": [{"Key": "team", "Value": "edge"}]}}}}
                """);
        Files.writeString(stack.resolve("resources.json"), """
                {"StackResources": [{"LogicalResourceId": "Bucket", "PhysicalResourceId": "edge-assets", "ResourceType": "AWS::S3::Bucket",
                  "StackName": "edge", "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/edge/x"}]}
                """);
        Files.createDirectories(input.resolve("iac/cloudformation/empty"));

        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));

        Map<String, DesiredResource> byId =
                r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
        assertThat(byId.get("sg-0web").iac().path()).isEqualTo("terraform/aws-prod/checkout/");
        assertThat(byId.get("sg-0web").iac().source()).isEqualTo("terraform");
        DesiredResource bucket = byId.get("edge-assets");
        assertThat(bucket.iac().address()).isEqualTo("edge/Bucket");
        assertThat(bucket.iac().path()).isEqualTo("cloudformation/edge/");
        assertThat(bucket.attributes()).containsEntry("acl", "\"public-read\"").containsEntry("tags.team", "\"edge\"");
        assertThat(bucket.labels()).containsEntry("team", "edge");
        assertThat(r.problems())
                .extracting(IacProblem::file)
                .containsExactlyInAnyOrder("iac/terraform/broken/terraform.tfstate", "iac/cloudformation/empty");
        // One desired resource per key: the bucket and its four split resources are one.
        assertThat(r.resources().stream().filter(d -> d.resourceId().equals("checkout-assets")))
                .hasSize(1);
        assertThat(r.declarations().size()).isGreaterThan(r.resources().size());
    }

    @Test
    void missingFolderDeclaresNothing(@TempDir Path input) {
        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));
        assertThat(r.resources()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void extraSourceReadersPlugIn(@TempDir Path input) throws Exception {
        Files.createDirectories(input.resolve("iac/kubernetes/prod"));
        IacSourceReader fake = new IacSourceReader() {
            @Override
            public String folder() {
                return "kubernetes";
            }

            @Override
            public void read(Path dir, Path root, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
                problems.accept(new IacProblem(root.relativize(dir).toString(), "seen"));
            }
        };
        IacFolderReader.Result r =
                new IacFolderReader(CatalogTables.builtIn(), List.of(fake)).read(input.resolve("iac"));
        assertThat(r.problems()).containsExactly(new IacProblem("iac/kubernetes", "seen"));
    }

    @Test
    void twoStatesDeclaringOneResourceAreReported(@TempDir Path input) throws Exception {
        Path fixture = Path.of(getClass()
                .getResource("/replay/iac/terraform/aws-prod/checkout/terraform.tfstate")
                .toURI());
        Files.copy(
                fixture,
                Files.createDirectories(input.resolve("iac/terraform/a")).resolve("terraform.tfstate"));
        Files.copy(
                fixture,
                Files.createDirectories(input.resolve("iac/terraform/b")).resolve("terraform.tfstate"));
        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));
        assertThat(r.problems())
                .extracting(IacProblem::reason)
                .anySatisfy(p -> assertThat(p).contains("declares the same resource"));
        assertThat(r.resources().stream()
                        .filter(d -> d.resourceId().equals("sg-0web"))
                        .findFirst()
                        .orElseThrow()
                        .iac()
                        .path())
                .isEqualTo("terraform/a/");
    }
}
