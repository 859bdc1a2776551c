package io.driftguard.pipeline.live;

import static io.driftguard.ingest.iac.remote.RemoteIacSamples.bucketTemplate;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.configMap;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.deployment;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.webResources;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.webTemplate;
import static io.driftguard.testkit.LocalKafka.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.iac.remote.BackendConfig;
import io.driftguard.ingest.iac.remote.CloudFormationFake;
import io.driftguard.ingest.iac.remote.CloudFormationFake.Resource;
import io.driftguard.ingest.iac.remote.CloudFormationStacks;
import io.driftguard.ingest.iac.remote.GitManifests;
import io.driftguard.ingest.iac.remote.LocalGitRepository;
import io.driftguard.testkit.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * iac-sync publishing CloudFormation stacks read from the CloudFormation API (the official client
 * against a local fake of its Query protocol) and Kubernetes manifests read from a real Git repository,
 * to a real Kafka: the first pass publishes the declarations keyed by the live resources' ids, a pass
 * with nothing new publishes nothing, a change publishes only what changed, a deleted stack or removed
 * file is tombstoned, and a template or manifest that cannot be read goes to
 * {@code driftguard.deadletter} once, is counted, and tombstones nothing.
 */
class StackAndGitSyncIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static LocalKafka kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void cloudFormationStacksArePublishedOncePerChangeAndADeletedStackIsTombstoned() throws Exception {
        IngestMetrics metrics = new IngestMetrics();
        try (CloudFormationFake fake = new CloudFormationFake("eu-central-1");
                CloudFormationClient client = fake.client();
                IacSync sync =
                        new IacSync(kafka.bootstrapServers(), new Properties(), IacSyncCommand.counters(metrics))) {
            fake.create("web", webTemplate("443"), Map.of("AdminCidr", "10.1.0.0/16"), webResources());
            fake.create(
                    "archive",
                    bucketTemplate("Enabled"),
                    Map.of(),
                    List.of(Resource.created("Archive", "acme-archive-eu", "AWS::S3::Bucket")));
            CloudFormationStacks stacks = new CloudFormationStacks(
                    client, "eu-central-1", List.of(), TemplateStage.PROCESSED, dir.resolve("cfn"));

            IacSync.Pass first = sync.pass(List.of(), List.of(stacks));
            assertThat(first.published())
                    .as("the security group and two buckets")
                    .isEqualTo(3);
            assertThat(first.problems()).isEmpty();
            assertThat(kafka.read(
                            KafkaTopics.DESIRED_STATE,
                            r -> key(r).contains("sg-0web1|web/WebSecurityGroup"),
                            1,
                            READ_TIMEOUT))
                    .singleElement()
                    .satisfies(r -> assertThat(value(r)).contains("10.1.0.0/16"));

            assertThat(sync.pass(List.of(), List.of(stacks)).published())
                    .as("nothing moved")
                    .isZero();

            fake.put(fake.get("web")
                    .updated(webTemplate("8443"), webResources(), Instant.parse("2026-03-02T09:00:00Z")));
            assertThat(sync.pass(List.of(), List.of(stacks)).published())
                    .as("the security group's port changed; its bucket did not")
                    .isEqualTo(1);

            fake.put(fake.get("web")
                    .updated("Resources: {Web: [", webResources(), Instant.parse("2026-03-03T09:00:00Z")));
            IacSync.Pass bad = sync.pass(List.of(), List.of(stacks));
            assertThat(bad.published())
                    .as("an unreadable template tombstones nothing")
                    .isZero();
            assertThat(bad.rejected())
                    .singleElement()
                    .satisfies(r -> assertThat(r.code()).isEqualTo("not-a-template"));
            assertThat(sync.pass(List.of(), List.of(stacks)).rejected())
                    .as("dead-lettered once")
                    .isEmpty();
            List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(
                    KafkaTopics.DEAD_LETTERS,
                    r -> "cloudformation:eu-central-1/web".equals(header(r, RawHeaders.ORIGIN)),
                    1,
                    READ_TIMEOUT);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r, RawHeaders.SOURCE)).isEqualTo(IacSync.DEAD_LETTER_SOURCE);
                assertThat(header(r, RawHeaders.REASON))
                        .startsWith("not-a-template: ")
                        .contains("last copy is kept");
                assertThat(value(r)).isEqualTo("Resources: {Web: [");
            });
            assertThat(metrics.count("driftguard.ingest.rejected", IacSync.DEAD_LETTER_SOURCE, "not-a-template"))
                    .isEqualTo(1);
            assertThat(metrics.scrape())
                    .contains("driftguard_ingest_rejected_total{reason=\"not-a-template\",source=\"iac-sync\"} 1.0");

            fake.delete("archive");
            assertThat(sync.pass(List.of(), List.of(stacks)).published())
                    .as("the deleted stack's bucket is tombstoned")
                    .isEqualTo(1);
            assertThat(kafka.read(
                            KafkaTopics.DESIRED_STATE,
                            r -> key(r).contains("acme-archive-eu|archive/Archive") && r.value() == null,
                            1,
                            READ_TIMEOUT))
                    .hasSize(1);
        }
    }

    @Test
    void manifestsInGitArePublishedOncePerChangeAndARemovedFileIsTombstoned() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "gitops");
        repo.write("clusters/prod/web.yaml", deployment("web", 3) + "---\n" + configMap("web-config", "info"))
                .write("clusters/prod/jobs.yaml", configMap("jobs-config", "warn"))
                .commit("first");
        IngestMetrics metrics = new IngestMetrics();
        GitManifests git = GitManifests.of(
                BackendConfig.parse(
                        "--k8s-git",
                        "url=" + repo.fileUrl() + ",path=clusters/prod,cluster=prod-us-1",
                        GitManifests.SETTINGS),
                Map.of(),
                dir.resolve("git-cache"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers(), new Properties(), IacSyncCommand.counters(metrics))) {
            assertThat(sync.pass(List.of(), List.of(git)).published()).isEqualTo(3);
            assertThat(sync.pass(List.of(), List.of(git)).published())
                    .as("same commit")
                    .isZero();

            repo.write("clusters/prod/web.yaml", deployment("web", 5) + "---\n" + configMap("web-config", "info"))
                    .commit("scale web");
            assertThat(sync.pass(List.of(), List.of(git)).published())
                    .as("only the deployment")
                    .isEqualTo(1);

            repo.write("clusters/prod/web.yaml", "kind: Deployment\nmetadata: [web\n")
                    .remove("clusters/prod/jobs.yaml")
                    .commit("break web, drop jobs");
            IacSync.Pass mixed = sync.pass(List.of(), List.of(git));
            assertThat(mixed.published())
                    .as("the removed file's ConfigMap is tombstoned; the broken file's objects stay declared")
                    .isEqualTo(1);
            assertThat(kafka.read(
                            KafkaTopics.DESIRED_STATE,
                            r -> key(r).contains(":prod-us-1/default/configmap/jobs-config|") && r.value() == null,
                            1,
                            READ_TIMEOUT))
                    .hasSize(1);
            String origin = repo.fileUrl() + "#main:clusters/prod/web.yaml";
            assertThat(kafka.read(
                            KafkaTopics.DEAD_LETTERS,
                            r -> origin.equals(header(r, RawHeaders.ORIGIN)),
                            1,
                            READ_TIMEOUT))
                    .singleElement()
                    .satisfies(r -> assertThat(header(r, RawHeaders.REASON))
                            .startsWith("not-a-manifest: ")
                            .contains("not valid YAML"));
            assertThat(metrics.count("driftguard.ingest.rejected", IacSync.DEAD_LETTER_SOURCE, "not-a-manifest"))
                    .isEqualTo(1);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }
}
