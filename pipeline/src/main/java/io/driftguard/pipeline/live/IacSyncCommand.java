package io.driftguard.pipeline.live;

import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.ingest.iac.remote.AzurermBackendState;
import io.driftguard.ingest.iac.remote.BackendConfig;
import io.driftguard.ingest.iac.remote.GcsBackendState;
import io.driftguard.ingest.iac.remote.RemoteState;
import io.driftguard.ingest.iac.remote.RemoteStates;
import io.driftguard.ingest.iac.remote.S3BackendState;
import io.driftguard.ingest.iac.remote.TerraformCloudState;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code driftguard iac-sync --iac DIR}: publishes declared state from an IaC folder (the replay
 * layout: {@code terraform/}, {@code cloudformation/}, {@code kubernetes/}) and from Terraform
 * states kept in S3, GCS and azurerm backends or Terraform Cloud workspaces to Kafka, once or every
 * {@code --interval}. A remote state that cannot be read or is not a state is dead-lettered (once, until
 * it changes) and its last copy kept.
 */
@Command(
        name = "iac-sync",
        mixinStandardHelpOptions = true,
        description = "Publish declared state (Terraform state, CloudFormation, Kubernetes manifests) to Kafka.")
public final class IacSyncCommand implements Callable<Integer> {

    @Option(names = "--iac", paramLabel = "DIR", description = "Folder with terraform/, cloudformation/, kubernetes/.")
    Path iac;

    @Option(
            names = "--tf-s3",
            paramLabel = "s3://BUCKET/KEY",
            description = "A Terraform state in an S3 backend (repeatable); read with If-None-Match on its ETag.")
    List<String> s3States = new ArrayList<>();

    @Option(
            names = "--aws-endpoint",
            paramLabel = "URL",
            description = "S3 endpoint for --tf-s3 (S3-compatible stores, a proxy); AWS when absent.")
    URI awsEndpoint;

    @Option(
            names = "--tf-gcs",
            paramLabel = "bucket=B[,prefix=P][,workspace=W]",
            description = "A Terraform state in a GCS backend (repeatable), with the backend's own keys; also "
                    + "credentials=FILE|none, storage_custom_endpoint=URL. Read when its generation moved.")
    List<String> gcsStates = new ArrayList<>();

    @Option(
            names = "--tf-azurerm",
            paramLabel = "storage_account_name=A,container_name=C,key=K",
            description = "A Terraform state in an azurerm backend (repeatable), with the backend's own keys; also "
                    + "workspace=W, endpoint=URL, use_azuread_auth=true. Auth: ARM_ACCESS_KEY, ARM_SAS_TOKEN, "
                    + "else Entra ID (DefaultAzureCredential). Read when its ETag moved.")
    List<String> azurermStates = new ArrayList<>();

    @Option(
            names = "--tfc-workspace",
            paramLabel = "ws-ID",
            description = "A Terraform Cloud / HCP Terraform workspace whose current state to read (repeatable).")
    List<String> tfcWorkspaces = new ArrayList<>();

    @Option(
            names = "--tfc-url",
            defaultValue = "${env:DRIFTGUARD_TFC_URL:-https://app.terraform.io}",
            description = "Terraform Cloud / Enterprise address (default ${DEFAULT-VALUE}).")
    URI tfcUrl;

    @Option(
            names = "--state-cache",
            paramLabel = "DIR",
            description = "Where copies of remote states are kept (default: a new temporary folder).")
    Path stateCache;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:DRIFTGUARD_KAFKA_BOOTSTRAP:-localhost:9092}")
    String bootstrap;

    @Option(
            names = "--interval",
            description = "Re-read and publish changes every ISO-8601 duration (e.g. PT1M); once when absent.")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        if (iac == null
                && s3States.isEmpty()
                && gcsStates.isEmpty()
                && azurermStates.isEmpty()
                && tfcWorkspaces.isEmpty()) {
            System.err.println("iac-sync: give --iac, --tf-s3, --tf-gcs, --tf-azurerm or --tfc-workspace");
            return 2;
        }
        if (iac != null && !Files.isDirectory(iac)) {
            System.err.println("iac-sync: --iac " + iac + " is not a folder");
            return 2;
        }
        String token = System.getenv().getOrDefault("DRIFTGUARD_TFC_TOKEN", System.getenv("TF_TOKEN_app_terraform_io"));
        if (!tfcWorkspaces.isEmpty() && (token == null || token.isBlank())) {
            System.err.println(
                    "iac-sync: --tfc-workspace needs a token in DRIFTGUARD_TFC_TOKEN (or TF_TOKEN_app_terraform_io)");
            return 2;
        }
        List<RemoteState> remote = new ArrayList<>();
        S3Client s3 = null;
        if (!s3States.isEmpty()) {
            var b = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .crossRegionAccessEnabled(true);
            if (awsEndpoint != null) {
                b.endpointOverride(awsEndpoint).forcePathStyle(true);
            }
            s3 = b.build();
            for (String url : s3States) {
                remote.add(S3BackendState.of(s3, url));
            }
        }
        try {
            for (String spec : gcsStates) {
                remote.add(GcsBackendState.of(BackendConfig.parse("--tf-gcs", spec, GcsBackendState.SETTINGS)));
            }
            for (String spec : azurermStates) {
                remote.add(AzurermBackendState.of(
                        BackendConfig.parse("--tf-azurerm", spec, AzurermBackendState.SETTINGS), System.getenv()));
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("iac-sync: " + e.getMessage());
            return 2;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String ws : tfcWorkspaces) {
            remote.add(new TerraformCloudState(http, tfcUrl, token, ws));
        }
        RemoteStates states = remote.isEmpty()
                ? null
                : new RemoteStates(
                        remote, stateCache != null ? stateCache : Files.createTempDirectory("driftguard-remote-state"));
        List<Path> folders = iac == null ? List.of() : List.of(iac);
        try (IacSync sync = new IacSync(bootstrap, KafkaClientSecurity.fromEnvironment())) {
            do {
                IacSync.Pass pass = sync.pass(folders, states);
                System.err.printf(
                        "iac-sync: published %d changed declarations (%d remote states changed), %d files skipped,"
                                + " %d remote states dead-lettered%n",
                        pass.published(),
                        pass.changedStates(),
                        pass.problems().size(),
                        pass.rejected().size());
                pass.problems().forEach(p -> System.err.println("  " + p.file() + ": " + p.reason()));
                pass.rejected().forEach(r -> System.err.println("  " + r.state() + ": " + r.reason()));
                if (interval != null) {
                    Thread.sleep(interval.toMillis());
                }
            } while (interval != null);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
        return 0;
    }
}
