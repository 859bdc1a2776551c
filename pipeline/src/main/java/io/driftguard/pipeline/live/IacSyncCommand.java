package io.driftguard.pipeline.live;

import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.connect.metrics.MetricsServer;
import io.driftguard.ingest.iac.remote.AzurermBackendState;
import io.driftguard.ingest.iac.remote.BackendConfig;
import io.driftguard.ingest.iac.remote.CloudFormationStacks;
import io.driftguard.ingest.iac.remote.GcsBackendState;
import io.driftguard.ingest.iac.remote.GitManifests;
import io.driftguard.ingest.iac.remote.RemoteIac;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code driftguard iac-sync --iac DIR}: publishes declared state from an IaC folder (the replay
 * layout: {@code terraform/}, {@code cloudformation/}, {@code kubernetes/}), from Terraform states kept
 * in S3, GCS and azurerm backends or Terraform Cloud workspaces, from CloudFormation stacks read through
 * the CloudFormation API and from Kubernetes manifests in Git repositories to Kafka, once or every
 * {@code --interval}. Remote IaC that cannot be read or taken is dead-lettered (once, until it changes),
 * counted on {@code --metrics-port}, and its last copy kept.
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
            names = "--cfn",
            paramLabel = "REGION[/STACK]",
            description = "CloudFormation stacks read through the CloudFormation API (repeatable): every stack of "
                    + "REGION, or the stack named; credentials from the AWS SDK's default chain.")
    List<String> cfnStacks = new ArrayList<>();

    @Option(
            names = "--cfn-template",
            defaultValue = "processed",
            description =
                    "Which template GetTemplate returns: processed (transforms expanded, the default) or original.")
    String cfnTemplate;

    @Option(
            names = "--cfn-endpoint",
            paramLabel = "URL",
            description = "CloudFormation endpoint for --cfn (a VPC endpoint); the region's own when absent.")
    URI cfnEndpoint;

    @Option(
            names = "--k8s-git",
            paramLabel = "url=U[,branch=B][,path=P][,cluster=C]",
            description = "Kubernetes manifests in a Git repository (repeatable), polled by commit; also username=, "
                    + "token_env= (HTTPS token, default DRIFTGUARD_GIT_TOKEN), ssh_key=FILE, known_hosts=FILE.")
    List<String> gitSources = new ArrayList<>();

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve GET /metrics (declarations published, remote IaC dead-lettered) and /healthz on "
                    + "this port while --interval runs; none when absent.")
    Integer metricsPort;

    @Option(
            names = "--state-cache",
            paramLabel = "DIR",
            description =
                    "Where copies of remote IaC (states, stacks, repositories) are kept (default: a new temporary "
                            + "folder).")
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
                && tfcWorkspaces.isEmpty()
                && cfnStacks.isEmpty()
                && gitSources.isEmpty()) {
            System.err.println(
                    "iac-sync: give --iac, --tf-s3, --tf-gcs, --tf-azurerm, --tfc-workspace, --cfn or --k8s-git");
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
        Path cache = stateCache != null ? stateCache : Files.createTempDirectory("driftguard-remote-iac");
        List<RemoteState> remote = new ArrayList<>();
        List<RemoteIac> sources = new ArrayList<>();
        List<AutoCloseable> clients = new ArrayList<>();
        try {
            if (!s3States.isEmpty()) {
                var b = S3Client.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .crossRegionAccessEnabled(true);
                if (awsEndpoint != null) {
                    b.endpointOverride(awsEndpoint).forcePathStyle(true);
                }
                S3Client s3 = b.build();
                clients.add(s3);
                for (String url : s3States) {
                    remote.add(S3BackendState.of(s3, url));
                }
            }
            for (String spec : gcsStates) {
                remote.add(GcsBackendState.of(BackendConfig.parse("--tf-gcs", spec, GcsBackendState.SETTINGS)));
            }
            for (String spec : azurermStates) {
                remote.add(AzurermBackendState.of(
                        BackendConfig.parse("--tf-azurerm", spec, AzurermBackendState.SETTINGS), System.getenv()));
            }
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            for (String ws : tfcWorkspaces) {
                remote.add(new TerraformCloudState(http, tfcUrl, token, ws));
            }
            if (!remote.isEmpty()) {
                sources.add(new RemoteStates(remote, cache));
            }
            TemplateStage stage = CloudFormationStacks.stage(cfnTemplate);
            for (Map.Entry<String, List<String>> region : cfnRegions(cfnStacks).entrySet()) {
                CloudFormationClient cfn = CloudFormationStacks.clientBuilder(region.getKey(), cfnEndpoint)
                        .build();
                clients.add(cfn);
                sources.add(new CloudFormationStacks(
                        cfn, region.getKey(), region.getValue(), stage, cache.resolve("cfn-" + region.getKey())));
            }
            for (String spec : gitSources) {
                sources.add(GitManifests.of(
                        BackendConfig.parse("--k8s-git", spec, GitManifests.SETTINGS), System.getenv(), cache));
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("iac-sync: " + e.getMessage());
            closeAll(clients);
            return 2;
        }
        List<Path> folders = iac == null ? List.of() : List.of(iac);
        IngestMetrics metrics = new IngestMetrics();
        MetricsServer server = metricsPort == null ? null : MetricsServer.start("0.0.0.0", metricsPort, metrics);
        try (IacSync sync = new IacSync(bootstrap, KafkaClientSecurity.fromEnvironment(), counters(metrics))) {
            do {
                IacSync.Pass pass = sync.pass(folders, sources);
                System.err.printf(
                        "iac-sync: published %d changed declarations (%d remote copies changed), %d files skipped,"
                                + " %d remote IaC dead-lettered%n",
                        pass.published(),
                        pass.changedStates(),
                        pass.problems().size(),
                        pass.rejected().size());
                pass.problems().forEach(p -> System.err.println("  " + p.file() + ": " + p.reason()));
                pass.rejected().forEach(r -> System.err.println("  " + r.origin() + ": " + r.reason()));
                if (interval != null) {
                    Thread.sleep(interval.toMillis());
                }
            } while (interval != null);
        } finally {
            if (server != null) {
                server.close();
            }
            closeAll(clients);
        }
        return 0;
    }

    /**
     * {@code iac-sync}'s counts as the connectors' metrics: {@code driftguard_ingest_published_total} and
     * {@code driftguard_ingest_rejected_total{reason=<code>}}, source {@value IacSync#DEAD_LETTER_SOURCE}.
     */
    static IacSync.Counters counters(IngestMetrics metrics) {
        return new IacSync.Counters() {
            @Override
            public void published(int n) {
                metrics.published(IacSync.DEAD_LETTER_SOURCE, n);
            }

            @Override
            public void rejected(String code) {
                metrics.rejected(IacSync.DEAD_LETTER_SOURCE, code);
            }
        };
    }

    /**
     * {@code --cfn} values by region: the stacks named in it, or an empty list (every stack) when the
     * region is given alone.
     */
    static Map<String, List<String>> cfnRegions(List<String> specs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> whole = new HashSet<>();
        for (String spec : specs) {
            int slash = spec.indexOf('/');
            String region = (slash < 0 ? spec : spec.substring(0, slash)).strip();
            if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("--cfn: expected REGION or REGION/STACK, got '" + spec + "'");
            }
            List<String> stacks = out.computeIfAbsent(region, r -> new ArrayList<>());
            if (slash < 0) {
                whole.add(region);
            } else if (!stacks.contains(spec.substring(slash + 1).strip())) {
                stacks.add(spec.substring(slash + 1).strip());
            }
        }
        whole.forEach(r -> out.get(r).clear());
        return out;
    }

    private static void closeAll(List<AutoCloseable> clients) {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // closing at exit: nothing left to save
            }
        }
    }
}
