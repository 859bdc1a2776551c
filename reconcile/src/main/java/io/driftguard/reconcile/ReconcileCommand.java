package io.driftguard.reconcile;

import com.azure.core.util.Configuration;
import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.reconcile.aws.AwsReaders;
import io.driftguard.reconcile.azure.AzureReaders;
import io.driftguard.reconcile.gcp.GcpReaders;
import io.driftguard.reconcile.kubernetes.KubernetesReaders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard reconcile --iac DIR}: reads the live configuration of every declared resource
 * through the clouds' SDKs and publishes what it saw to Kafka, once or every {@code --interval}; the
 * running job reports what the audit stream missed as findings found by the scan.
 */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description =
                "Scan the live configuration of declared resources; the job reports drift the audit stream missed.")
public final class ReconcileCommand implements Callable<Integer> {

    @Option(
            names = "--iac",
            required = true,
            paramLabel = "DIR",
            description = "Folder with terraform/, cloudformation/, kubernetes/ (as iac-sync reads it).")
    Path iac;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:DRIFTGUARD_KAFKA_BOOTSTRAP:-localhost:9092}")
    String bootstrap;

    @Option(names = "--interval", description = "Scan again every ISO-8601 duration (e.g. PT15M); once when absent.")
    Duration interval;

    @Option(
            names = "--aws-region",
            split = ",",
            paramLabel = "REGION",
            description = "Regions to read security groups in (default: the AWS SDK's region chain, AWS_REGION).")
    List<String> awsRegions = new ArrayList<>();

    @Option(
            names = "--aws-endpoint",
            defaultValue = "${env:DRIFTGUARD_RECONCILE_AWS_ENDPOINT}",
            description = "One endpoint for the AWS APIs (a proxy or LocalStack); the public endpoints when absent.")
    URI awsEndpoint;

    @Option(
            names = "--gcp-endpoint",
            defaultValue = "${env:DRIFTGUARD_RECONCILE_GCP_ENDPOINT}",
            description = "The Compute Engine API's root (a Private Service Connect endpoint);"
                    + " https://compute.googleapis.com when absent.")
    URI gcpEndpoint;

    @Option(
            names = "--gcp-credentials",
            paramLabel = "FILE",
            description =
                    "A GCP credentials file (a service account key); Application Default Credentials when absent.")
    Path gcpCredentials;

    @Option(
            names = "--azure-endpoint",
            defaultValue = "${env:DRIFTGUARD_RECONCILE_AZURE_ENDPOINT}",
            description =
                    "Azure Resource Manager's root (a sovereign cloud's, e.g. https://management.usgovcloudapi.net);"
                            + " https://management.azure.com when absent. Credentials: DefaultAzureCredential"
                            + " (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, workload or managed identity, Azure CLI).")
    URI azureEndpoint;

    @Option(
            names = "--kube-context",
            paramLabel = "CLUSTER=CONTEXT",
            description = "The kubeconfig context to read a cluster (the folder under kubernetes/) through;"
                    + " CLUSTER= for the current context or the pod's service account. Default: the context named"
                    + " like the cluster, and for manifests directly under kubernetes/ the current context.")
    Map<String, String> kubeContexts = new LinkedHashMap<>();

    @Option(
            names = "--kube-page-size",
            defaultValue = "500",
            description =
                    "Objects per Kubernetes list call (default ${DEFAULT-VALUE}); continue tokens fetch the rest.")
    long kubePageSize;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "Calls per second per API (default ${DEFAULT-VALUE}); well under EC2's and S3's read quotas,"
                    + " Azure Resource Manager's reads per subscription and the Kubernetes API server's priority and"
                    + " fairness limits.")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(iac)) {
            System.err.println("reconcile: --iac " + iac + " is not a folder");
            return 2;
        }
        List<LiveReader> readers = new ArrayList<>();
        try {
            readers.addAll(AwsReaders.create(awsRegions, awsEndpoint, rate));
        } catch (RuntimeException e) {
            // no region anywhere in the SDK's chain: a Kubernetes-only installation
            System.err.println("reconcile: AWS not scanned: no region in the SDK's chain; set AWS_REGION or"
                    + " --aws-region to scan it");
        }
        readers.addAll(GcpReaders.create(gcpEndpoint, gcpCredentials, rate, GcpReaders.PAGE_SIZE));
        readers.addAll(AzureReaders.create(azureEndpoint, Configuration.getGlobalConfiguration(), rate));
        readers.addAll(KubernetesReaders.create(kubeContexts, rate, kubePageSize));
        try (KafkaObservations sink = new KafkaObservations(bootstrap, KafkaClientSecurity.fromEnvironment());
                Reconciler reconciler = new Reconciler(readers, sink, Clock.systemUTC())) {
            do {
                ScanReport r = reconciler.scan(iac);
                System.err.printf(
                        "reconcile: scan %s: %d declared, %d observed and published, %d of types no scan reads,"
                                + " %d differing, %d not read%n",
                        r.scanId(),
                        r.declared(),
                        r.observed(),
                        r.unsupported(),
                        r.differing().size(),
                        r.problems().size());
                r.differing().forEach(d -> System.err.println("  differs: " + d));
                r.problems().forEach(p -> System.err.println("  not read: " + p));
                if (interval != null) {
                    Thread.sleep(interval.toMillis());
                }
            } while (interval != null);
        }
        return 0;
    }
}
