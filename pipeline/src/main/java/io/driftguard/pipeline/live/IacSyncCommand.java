package io.driftguard.pipeline.live;

import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.ingest.iac.IacProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard iac-sync --iac DIR}: publishes declared state from an IaC folder (the replay
 * layout: {@code terraform/}, {@code cloudformation/}, {@code kubernetes/}) to Kafka, once or every
 * {@code --interval}.
 */
@Command(
        name = "iac-sync",
        mixinStandardHelpOptions = true,
        description = "Publish declared state (Terraform state, CloudFormation, Kubernetes manifests) to Kafka.")
public final class IacSyncCommand implements Callable<Integer> {

    @Option(
            names = "--iac",
            required = true,
            paramLabel = "DIR",
            description = "Folder with terraform/, cloudformation/, kubernetes/.")
    Path iac;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:DRIFTGUARD_KAFKA_BOOTSTRAP:-localhost:9092}")
    String bootstrap;

    @Option(
            names = "--interval",
            description = "Re-read and publish changes every ISO-8601 duration (e.g. PT1M); once when absent.")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(iac)) {
            System.err.println("iac-sync: --iac " + iac + " is not a folder");
            return 2;
        }
        try (IacSync sync = new IacSync(bootstrap, KafkaClientSecurity.fromEnvironment())) {
            do {
                List<IacProblem> problems = new ArrayList<>();
                int sent = sync.sync(iac, problems);
                System.err.printf(
                        "iac-sync: published %d changed declarations, %d files skipped%n", sent, problems.size());
                problems.forEach(p -> System.err.println("  " + p.file() + ": " + p.reason()));
                if (interval != null) {
                    Thread.sleep(interval.toMillis());
                }
            } while (interval != null);
        }
        return 0;
    }
}
