package io.driftguard.pipeline.live;

import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.ingest.iac.IacProblem;
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
 * states kept in S3 backends or Terraform Cloud workspaces to Kafka, once or every {@code --interval}.
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
        if (iac == null && s3States.isEmpty() && tfcWorkspaces.isEmpty()) {
            System.err.println("iac-sync: give --iac, --tf-s3 or --tfc-workspace");
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
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String ws : tfcWorkspaces) {
            remote.add(new TerraformCloudState(http, tfcUrl, token, ws));
        }
        RemoteStates states = remote.isEmpty()
                ? null
                : new RemoteStates(
                        remote, stateCache != null ? stateCache : Files.createTempDirectory("driftguard-remote-state"));
        List<Path> folders = new ArrayList<>();
        if (iac != null) {
            folders.add(iac);
        }
        if (states != null) {
            folders.add(states.folder());
        }
        try (IacSync sync = new IacSync(bootstrap, KafkaClientSecurity.fromEnvironment())) {
            do {
                List<IacProblem> problems = new ArrayList<>();
                int changedStates = states == null ? 0 : states.refresh(problems);
                int sent = sync.sync(folders, problems);
                System.err.printf(
                        "iac-sync: published %d changed declarations (%d remote states changed), %d files skipped%n",
                        sent, changedStates, problems.size());
                problems.forEach(p -> System.err.println("  " + p.file() + ": " + p.reason()));
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
