package io.driftguard.ingest.iac.remote;

import static io.driftguard.ingest.iac.remote.RemoteIacSamples.bucketTemplate;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.webResources;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.webTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.remote.CloudFormationFake.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * CloudFormation stacks read through the official client (built as {@code iac-sync} builds it) from a
 * local fake of the CloudFormation Query API: the copies {@link CloudFormationStacks} keeps are read by
 * the same reader as exported stacks, with the stacks' physical ids, and only a stack that moved is read
 * again.
 */
class CloudFormationStacksTest {

    static final String REGION = "eu-west-1";

    @TempDir
    Path dir;

    CloudFormationFake fake;
    CloudFormationClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new CloudFormationFake(REGION);
        client = fake.client();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void everyStackOfTheRegionIsReadThroughPaginationAndAThrottledCall() throws Exception {
        webAndData();
        fake.throttleNext("DescribeStacks");
        CloudFormationStacks stacks = all(TemplateStage.PROCESSED);

        RemoteIac.Refresh first = stacks.refresh();

        assertThat(first.rejected()).isEmpty();
        assertThat(first.changed()).as("both stacks copied").isEqualTo(2);
        assertThat(fake.calls("DescribeStacks"))
                .as("one throttled call retried by the SDK, then one page per stack")
                .isEqualTo(3);
        assertThat(fake.calls("ListStackResources"))
                .as("web's three resources come two per page")
                .isEqualTo(3);
        Map<String, DesiredResource> declared = declared(stacks.folder());
        assertThat(declared.get("sg-0web1").iac().address()).isEqualTo("web/WebSecurityGroup");
        assertThat(declared.get("sg-0web1").account()).isEqualTo(CloudFormationFake.ACCOUNT);
        assertThat(declared.get("sg-0web1").attributes().get("ingress"))
                .as("the parameter's value from DescribeStacks")
                .contains("10.0.0.0/8")
                .contains("443");
        assertThat(declared.get("acme-archive").attributes()).containsEntry("versioning.enabled", "true");

        assertThat(stacks.refresh().changed()).as("nothing moved").isZero();
        assertThat(fake.calls("GetTemplate"))
                .as("an unchanged stack's template is not read again")
                .isEqualTo(2);
        assertThat(policyActions())
                .as("the policy users apply allows exactly the calls made")
                .isEqualTo(fake.actions());
    }

    @Test
    void theProcessedTemplateIsReadUnlessTheOriginalIsAskedFor() throws Exception {
        String original = """
                {"Transform": "AWS::Serverless-2016-10-31",
                 "Resources": {"Archive": {"Type": "AWS::Serverless::SimpleTable"}}}
                """;
        CloudFormationFake.Stack s = fake.create(
                "sam", original, Map.of(), List.of(Resource.created("Archive", "acme-sam", "AWS::S3::Bucket")));
        fake.put(new CloudFormationFake.Stack(
                s.name(),
                s.id(),
                s.status(),
                s.created(),
                s.updated(),
                original,
                bucketTemplate("Suspended"),
                s.parameters(),
                s.resources()));

        CloudFormationStacks processed = all(TemplateStage.PROCESSED);
        processed.refresh();
        assertThat(declared(processed.folder()).get("acme-sam").attributes())
                .containsEntry("versioning.enabled", "false");

        CloudFormationStacks originals =
                new CloudFormationStacks(client, REGION, List.of(), TemplateStage.ORIGINAL, dir.resolve("original"));
        originals.refresh();
        assertThat(Files.readString(originals.folder().resolve("cloudformation/sam/template.json")))
                .contains("AWS::Serverless::SimpleTable");
    }

    @Test
    void anUpdatedStackIsReadAgainADeletedOneLosesItsCopyAndOneInProgressWaits() {
        webAndData();
        CloudFormationStacks stacks = all(TemplateStage.PROCESSED);
        stacks.refresh();

        fake.put(fake.get("web")
                .updated(webTemplate("8443"), webResources(), Instant.parse("2026-03-02T09:00:00Z"))
                .withStatus("UPDATE_IN_PROGRESS"));
        assertThat(stacks.refresh().changed())
                .as("still updating: left as it was")
                .isZero();
        fake.put(fake.get("web").withStatus("UPDATE_COMPLETE"));
        assertThat(stacks.refresh().changed()).isEqualTo(1);
        assertThat(declared(stacks.folder()).get("sg-0web1").attributes().get("ingress"))
                .contains("8443");

        fake.delete("data");
        assertThat(stacks.refresh().changed())
                .as("the deleted stack's copy is gone")
                .isEqualTo(1);
        assertThat(declared(stacks.folder())).doesNotContainKey("acme-archive").containsKey("sg-0web1");
    }

    @Test
    void aTemplateThatCannotBeReadKeepsTheLastGoodCopyAndIsRejectedOnce() throws Exception {
        webAndData();
        CloudFormationStacks stacks = all(TemplateStage.PROCESSED);
        stacks.refresh();
        String good = Files.readString(stacks.folder().resolve("cloudformation/web/template.yaml"));

        fake.put(fake.get("web")
                .updated("Resources:\n  Web: [unclosed\n", webResources(), Instant.parse("2026-03-02T09:00:00Z")));
        fake.put(fake.get("data")
                .updated(
                        bucketTemplate("Suspended"),
                        fake.get("data").resources(),
                        Instant.parse("2026-03-02T09:00:00Z")));
        RemoteIac.Refresh bad = stacks.refresh();

        assertThat(bad.changed()).as("the other stack's update is taken").isEqualTo(1);
        assertThat(bad.rejected()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("cloudformation:eu-west-1/web");
            assertThat(r.code()).isEqualTo("not-a-template");
            assertThat(r.reason()).contains("last copy is kept").contains("not a readable template");
            assertThat(new String(r.payload())).startsWith("Resources:");
        });
        assertThat(Files.readString(stacks.folder().resolve("cloudformation/web/template.yaml")))
                .isEqualTo(good);
        assertThat(declared(stacks.folder()).get("acme-archive").attributes())
                .containsEntry("versioning.enabled", "false");
        assertThat(stacks.refresh().rejected()).as("reported once").isEmpty();
    }

    @Test
    void namedStacksAreDescribedOneByOneAndWhatCannotBeReadIsRejectedWithItsCopyKept() {
        fake.create("web", webTemplate("443"), Map.of("AdminCidr", "10.0.0.0/8"), webResources());
        fake.create(
                "other",
                bucketTemplate("Enabled"),
                Map.of(),
                List.of(Resource.created("Archive", "acme-other", "AWS::S3::Bucket")));
        CloudFormationStacks stacks = new CloudFormationStacks(
                client, REGION, List.of("web", "missing"), TemplateStage.PROCESSED, dir.resolve("named"));

        RemoteIac.Refresh first = stacks.refresh();
        assertThat(first.changed()).isEqualTo(1);
        assertThat(first.rejected()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("cloudformation:eu-west-1/missing");
            assertThat(r.code()).isEqualTo("unreadable");
            assertThat(r.reason()).contains("ValidationError").contains("does not exist");
        });
        assertThat(declared(stacks.folder())).containsKey("sg-0web1").doesNotContainKey("acme-other");

        fake.put(fake.get("web").updated(webTemplate("8443"), webResources(), Instant.parse("2026-03-02T09:00:00Z")));
        fake.denyNext("GetTemplate", 1);
        RemoteIac.Refresh denied = stacks.refresh();
        assertThat(denied.changed()).isZero();
        assertThat(denied.rejected())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("AccessDenied").contains("HTTP 403"));
        assertThat(declared(stacks.folder()).get("sg-0web1").attributes().get("ingress"))
                .as("the last copy stays")
                .contains("443")
                .doesNotContain("8443");
        assertThat(stacks.refresh().changed()).as("read when allowed again").isEqualTo(1);

        fake.delete("web");
        assertThat(stacks.refresh().changed()).as("deleted: its copy goes").isEqualTo(1);
        assertThat(declared(stacks.folder())).isEmpty();
    }

    @Test
    void aRegionThatCannotBeListedKeepsEveryCopy() {
        fake.create("web", webTemplate("443"), Map.of("AdminCidr", "10.0.0.0/8"), webResources());
        CloudFormationStacks stacks = all(TemplateStage.PROCESSED);
        stacks.refresh();
        fake.denyNext("DescribeStacks", 2);

        RemoteIac.Refresh denied = stacks.refresh();
        assertThat(denied.rejected()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("cloudformation:eu-west-1");
            assertThat(r.reason()).contains("every copy is kept").contains("AccessDenied");
        });
        assertThat(stacks.refresh().rejected())
                .as("still denied: reported once")
                .isEmpty();
        assertThat(declared(stacks.folder())).containsKey("sg-0web1");
    }

    /** The actions deploy/permissions/aws-iac-sync-cloudformation-policy.json allows. */
    private static Set<String> policyActions() throws Exception {
        Set<String> out = new TreeSet<>();
        Json.MAPPER
                .readTree(Path.of("../deploy/permissions/aws-iac-sync-cloudformation-policy.json")
                        .toFile())
                .path("Statement")
                .forEach(st -> st.path("Action").forEach(a -> out.add(a.asText())));
        return out;
    }

    /** The stacks {@code web} (a security group, two buckets' worth of resources) and {@code data} (one bucket). */
    private void webAndData() {
        fake.create("web", webTemplate("443"), Map.of("AdminCidr", "10.0.0.0/8"), webResources());
        fake.create(
                "data",
                bucketTemplate("Enabled"),
                Map.of(),
                List.of(Resource.created("Archive", "acme-archive", "AWS::S3::Bucket")));
    }

    private CloudFormationStacks all(TemplateStage stage) {
        return new CloudFormationStacks(client, REGION, List.of(), stage, dir.resolve("cfn-" + REGION));
    }

    private static Map<String, DesiredResource> declared(Path folder) {
        IacFolderReader.Result r = new IacFolderReader().read(folder);
        return r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }
}
