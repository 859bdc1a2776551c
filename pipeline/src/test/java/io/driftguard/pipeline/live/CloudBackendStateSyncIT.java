package io.driftguard.pipeline.live;

import static io.driftguard.testkit.LocalKafka.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.iac.remote.AzureBlobFake;
import io.driftguard.ingest.iac.remote.AzurermBackendState;
import io.driftguard.ingest.iac.remote.BackendConfig;
import io.driftguard.ingest.iac.remote.GcsBackendState;
import io.driftguard.ingest.iac.remote.GcsFake;
import io.driftguard.ingest.iac.remote.RemoteIac;
import io.driftguard.ingest.iac.remote.RemoteState;
import io.driftguard.ingest.iac.remote.RemoteStates;
import io.driftguard.testkit.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * iac-sync reading Terraform state from the gcs and azurerm backends through the official clients
 * (google-cloud-storage, azure-storage-blob on the JDK's HTTP client), each against a local fake of
 * its wire protocol: the first poll publishes the declared resources, an unchanged poll downloads and
 * publishes nothing, a new generation or ETag republishes only what changed, and a missing object, a
 * denied caller or a state that is not one goes to {@code driftguard.deadletter} with its reason,
 * once, while the last good copy stays declared.
 */
class CloudBackendStateSyncIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "acmetfstate";
    private static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String SAS = "sv=2025-11-05&ss=b&srt=o&sp=r&se=2030-01-01T00%3A00%3A00Z&sig=c2FzLXNpZw%3D%3D";

    private static LocalKafka kafka;
    private static GcsFake gcs;
    private static AzureBlobFake azure;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
        gcs = GcsFake.start();
        azure = AzureBlobFake.start(ACCOUNT, ACCOUNT_KEY, "c2FzLXNpZw==");
    }

    @AfterAll
    static void stop() throws Exception {
        azure.close();
        gcs.close();
        kafka.close();
    }

    @Test
    void aStateInAGcsBackendIsPublishedOncePerGeneration() throws Exception {
        String object = "prod/network/default.tfstate";
        gcs.put("acme-tf", object, gcpState(3, "allow-web", "0.0.0.0/0"));
        RemoteStates states = new RemoteStates(
                List.of(GcsBackendState.of(BackendConfig.parse(
                        "--tf-gcs",
                        "bucket=acme-tf,prefix=prod/network,credentials=none,storage_custom_endpoint=" + gcs.endpoint()
                                + "/storage/v1/",
                        GcsBackendState.SETTINGS))),
                dir.resolve("gcs-cache"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            IacSync.Pass first = sync.pass(List.of(), states);
            assertThat(first.published()).as("first read: both firewalls").isEqualTo(2);
            assertThat(first.rejected()).isEmpty();
            assertThat(kafka.read(KafkaTopics.DESIRED_STATE, r -> key(r).contains("allow-ssh"), 1, READ_TIMEOUT))
                    .hasSize(1);

            assertThat(sync.pass(List.of(), states).published())
                    .as("unchanged: nothing")
                    .isZero();
            assertThat(gcs.downloads("acme-tf", object))
                    .as("the unchanged state was not downloaded again")
                    .isEqualTo(1);
            assertThat(gcs.metadataReads("acme-tf", object)).isEqualTo(2);

            gcs.put("acme-tf", object, gcpState(4, "allow-web", "10.0.0.0/8"));
            assertThat(sync.pass(List.of(), states).published())
                    .as("one firewall's source ranges changed: one declaration")
                    .isEqualTo(1);
            assertThat(sync.pass(List.of(), states).published())
                    .as("and only once")
                    .isZero();
            assertThat(gcs.downloads("acme-tf", object)).isEqualTo(2);
        }
    }

    @Test
    void aGcsStateThatIsMissingDeniedOrMalformedIsDeadLetteredAndItsLastCopyKept() throws Exception {
        String object = "edge/default.tfstate";
        RemoteStates states = new RemoteStates(List.of(gcsState("acme-edge", "edge")), dir.resolve("gcs-bad"));
        String where = "gs://acme-edge/" + object;
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            IacSync.Pass missing = sync.pass(List.of(), states);
            assertThat(missing.published()).isZero();
            assertThat(missing.rejected())
                    .singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("no such object"));
            assertThat(sync.pass(List.of(), states).rejected())
                    .as("still missing: not dead-lettered again")
                    .isEmpty();

            gcs.put("acme-edge", object, gcpState(1, "edge", "0.0.0.0/0", "edge-ssh"));
            assertThat(sync.pass(List.of(), states).published()).isEqualTo(2);

            gcs.deny(true);
            IacSync.Pass denied;
            try {
                denied = sync.pass(List.of(), states);
            } finally {
                gcs.deny(false);
            }
            assertRejectedAlone(
                    denied,
                    "a denied read tombstones nothing",
                    r -> assertThat(r.reason()).contains("403"));

            gcs.put("acme-edge", object, "{\"version\": 4, \"resources\": [ {\"mode\": \"managed\"");
            assertRejectedAlone(
                    sync.pass(List.of(), states),
                    "a malformed state tombstones nothing",
                    r -> assertThat(r.code()).isEqualTo("not-a-state"));

            List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(
                    KafkaTopics.DEAD_LETTERS, r -> where.equals(header(r, RawHeaders.ORIGIN)), 3, READ_TIMEOUT);
            assertThat(dead)
                    .extracting(r -> header(r, RawHeaders.REASON))
                    .satisfiesExactly(
                            r -> assertThat(r).startsWith("unreadable: ").contains("no such object"),
                            r -> assertThat(r).startsWith("unreadable: ").contains("HTTP 403"),
                            r -> assertThat(r).startsWith("not-a-state: ").contains("not JSON"));
            assertThat(dead).extracting(r -> header(r, RawHeaders.SOURCE)).containsOnly(IacSync.DEAD_LETTER_SOURCE);
            assertThat(new String(dead.get(2).value(), StandardCharsets.UTF_8)).startsWith("{\"version\": 4");

            gcs.put("acme-edge", object, gcpState(2, "edge", "0.0.0.0/0", "edge-ssh"));
            assertThat(sync.pass(List.of(), states).published())
                    .as("repaired with the same content: the declarations never left")
                    .isZero();
        }
    }

    @Test
    void aStateInAnAzurermBackendIsPublishedOncePerEtag() throws Exception {
        azure.put("tfstate", "prod.terraform.tfstate", azureState("nsg-web", "web"));
        RemoteStates states = new RemoteStates(
                List.of(AzurermBackendState.of(
                        BackendConfig.parse(
                                "--tf-azurerm",
                                "storage_account_name=" + ACCOUNT
                                        + ",container_name=tfstate,key=prod.terraform.tfstate," + "endpoint="
                                        + azure.endpoint(),
                                AzurermBackendState.SETTINGS),
                        Map.of("ARM_ACCESS_KEY", ACCOUNT_KEY))),
                dir.resolve("azure-cache"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            IacSync.Pass first = sync.pass(List.of(), states);
            assertThat(first.rejected()).isEmpty();
            assertThat(first.published()).as("first read: both security groups").isEqualTo(2);
            assertThat(sync.pass(List.of(), states).published())
                    .as("unchanged: nothing")
                    .isZero();
            assertThat(azure.downloads("tfstate", "prod.terraform.tfstate"))
                    .as("the unchanged state was not downloaded again")
                    .isEqualTo(1);
            assertThat(azure.propertyReads("tfstate", "prod.terraform.tfstate")).isEqualTo(2);

            azure.put("tfstate", "prod.terraform.tfstate", azureState("nsg-web", "payments"));
            assertThat(sync.pass(List.of(), states).published())
                    .as("one security group's tags changed: one declaration")
                    .isEqualTo(1);
            assertThat(sync.pass(List.of(), states).published())
                    .as("and only once")
                    .isZero();
            assertThat(azure.downloads("tfstate", "prod.terraform.tfstate")).isEqualTo(2);
        }
    }

    @Test
    void anAzurermStateReadWithASasToken() throws Exception {
        azure.put("tfstate", "sas.terraform.tfstate", azureState("nsg-sas", "web"));
        RemoteStates states = new RemoteStates(
                List.of(AzurermBackendState.of(
                        BackendConfig.parse(
                                "--tf-azurerm",
                                "storage_account_name=" + ACCOUNT + ",container_name=tfstate,key=sas.terraform.tfstate,"
                                        + "endpoint=" + azure.endpoint(),
                                AzurermBackendState.SETTINGS),
                        Map.of("ARM_SAS_TOKEN", SAS))),
                dir.resolve("azure-sas"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            IacSync.Pass first = sync.pass(List.of(), states);
            assertThat(first.rejected()).isEmpty();
            assertThat(first.published()).isEqualTo(2);
        }
    }

    @Test
    void anAzurermStateThatIsMissingDeniedOrMalformedIsDeadLetteredAndItsLastCopyKept() throws Exception {
        String blob = "edge.terraform.tfstate";
        RemoteStates states = new RemoteStates(
                List.of(blobState(blob, ACCOUNT_KEY), blobState("edge-wrong-key.tfstate", "d3Jvbmcta2V5")),
                dir.resolve("azure-bad"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            IacSync.Pass missing = sync.pass(List.of(), states);
            assertThat(missing.published()).isZero();
            assertThat(missing.rejected())
                    .extracting(RemoteIac.Rejection::reason)
                    .satisfiesExactlyInAnyOrder(
                            r -> assertThat(r).contains("HTTP 404"),
                            r -> assertThat(r).contains("HTTP 403"));

            azure.put("tfstate", blob, azureState("nsg-edge", "edge"));
            IacSync.Pass found = sync.pass(List.of(), states);
            assertThat(found.published()).isEqualTo(2);
            assertThat(found.rejected())
                    .as("the wrong key's 403 was already reported")
                    .isEmpty();

            azure.deny(true);
            IacSync.Pass denied;
            try {
                denied = sync.pass(List.of(), states);
            } finally {
                azure.deny(false);
            }
            assertRejectedAlone(
                    denied,
                    "a denied read tombstones nothing",
                    r -> assertThat(r.reason()).contains("403 AuthorizationPermissionMismatch"));

            azure.put("tfstate", blob, "{\"version\": 4, \"serial\": 9}");
            assertRejectedAlone(
                    sync.pass(List.of(), states),
                    "a malformed state tombstones nothing",
                    r -> assertThat(r.code()).isEqualTo("not-a-state"));

            String where = azure.endpoint() + "/tfstate/" + blob;
            List<ConsumerRecord<byte[], byte[]>> dead = kafka.read(
                    KafkaTopics.DEAD_LETTERS, r -> where.equals(header(r, RawHeaders.ORIGIN)), 3, READ_TIMEOUT);
            assertThat(dead)
                    .extracting(r -> header(r, RawHeaders.REASON))
                    .satisfiesExactly(
                            r -> assertThat(r).startsWith("unreadable: ").contains("BlobNotFound"),
                            r -> assertThat(r).startsWith("unreadable: ").contains("AuthorizationPermissionMismatch"),
                            r -> assertThat(r).startsWith("not-a-state: ").contains("'resources'"));
        }
    }

    private static RemoteState gcsState(String bucket, String prefix) throws Exception {
        return GcsBackendState.of(BackendConfig.parse(
                "--tf-gcs",
                "bucket=" + bucket + ",prefix=" + prefix + ",credentials=none,storage_custom_endpoint="
                        + gcs.endpoint(),
                GcsBackendState.SETTINGS));
    }

    private static RemoteState blobState(String blob, String key) {
        return new AzurermBackendState(new BlobClientBuilder()
                .endpoint(azure.endpoint())
                .containerName("tfstate")
                .blobName(blob)
                .credential(new StorageSharedKeyCredential(ACCOUNT, key))
                .httpClient(new JdkHttpClientBuilder().build())
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)))
                .buildClient());
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String gcpState(int serial, String first, String firstRange) {
        return gcpState(serial, first, firstRange, "allow-ssh");
    }

    private static String gcpState(int serial, String first, String firstRange, String second) {
        return """
            {"version": 4, "terraform_version": "1.9.5", "serial": %1$d, "lineage": "5e0a1c2d",
             "outputs": {},
             "resources": [
              {"mode": "managed", "type": "google_compute_firewall", "name": "web",
               "provider": "provider[\\"registry.terraform.io/hashicorp/google\\"]",
               "instances": [{"schema_version": 1, "attributes": {
                 "id": "projects/shop-prod/global/firewalls/%2$s", "name": "%2$s", "project": "shop-prod",
                 "allow": [{"ports": ["443"], "protocol": "tcp"}], "deny": [], "direction": "INGRESS",
                 "disabled": false, "priority": 1000, "source_ranges": ["%3$s"], "target_tags": ["web"]}}]},
              {"mode": "managed", "type": "google_compute_firewall", "name": "ssh",
               "provider": "provider[\\"registry.terraform.io/hashicorp/google\\"]",
               "instances": [{"schema_version": 1, "attributes": {
                 "id": "projects/shop-prod/global/firewalls/%4$s", "name": "%4$s", "project": "shop-prod",
                 "allow": [{"ports": ["22"], "protocol": "tcp"}], "deny": [], "direction": "INGRESS",
                 "disabled": false, "priority": 1000, "source_ranges": ["35.235.240.0/20"], "target_tags": ["ssh"]}}]}
             ]}
            """.formatted(serial, first, firstRange, second);
    }

    private static String azureState(String nsg, String team) {
        String rg = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/"
                + "Microsoft.Network/networkSecurityGroups/";
        return """
            {"version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "6b0f7d2e",
             "outputs": {},
             "resources": [
              {"mode": "managed", "type": "azurerm_network_security_group", "name": "web",
               "provider": "provider[\\"registry.terraform.io/hashicorp/azurerm\\"]",
               "instances": [{"schema_version": 0, "attributes": {
                 "id": "%1$s%2$s", "location": "westeurope", "name": "%2$s", "resource_group_name": "rg-web",
                 "security_rule": [], "tags": {"team": "%3$s"}}}]},
              {"mode": "managed", "type": "azurerm_network_security_group", "name": "db",
               "provider": "provider[\\"registry.terraform.io/hashicorp/azurerm\\"]",
               "instances": [{"schema_version": 0, "attributes": {
                 "id": "%1$s%2$s-db", "location": "westeurope", "name": "%2$s-db", "resource_group_name": "rg-web",
                 "security_rule": [], "tags": {"team": "db"}}}]}
             ]}
            """.formatted(rg, nsg, team);
    }

    /** A pass that read one state it could not use: nothing published (no tombstone), one rejection. */
    private static void assertRejectedAlone(IacSync.Pass pass, String why, Consumer<RemoteIac.Rejection> rejection) {
        assertThat(pass.published()).as(why).isZero();
        assertThat(pass.rejected()).singleElement().satisfies(rejection::accept);
    }
}
