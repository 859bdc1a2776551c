package io.driftguard.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar as a Flink cluster receives it ({@code job/target/driftguard-job.jar}, what the job image,
 * {@code flink run} and the Kubernetes operator use): the job and what the cluster lacks, and nothing of the
 * offline lab, the CLI, the demo or any test library.
 */
class JobJarIT {

    private static List<String> entries;
    private static Attributes manifest;

    @BeforeAll
    static void read() throws IOException {
        Path jar = Shipped.jobJar();
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(JarEntry::getName).toList();
            manifest = f.getManifest().getMainAttributes();
        }
    }

    @Test
    void holdsTheJobItsJudgeAndTheShippedCauseModel() {
        assertThat(entries)
                .contains(
                        "io/driftguard/pipeline/DriftGuardJob.class",
                        "io/driftguard/judge/Judge.class",
                        "io/driftguard/ingest/split/EnvelopeSplitter.class",
                        "io/driftguard/core/finding/Finding.class",
                        "models/cause.onnx",
                        "models/cause.json",
                        "db/migration/V1__initial_schema.sql");
        assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.driftguard.pipeline.live.JobCommand");
    }

    @Test
    void carriesNoGeneratorEvaluatorTrainingOrTestLibrary() {
        assertThat(entries)
                .as("the offline lab, the CLI, the demo and the test kit stay out of the job")
                .noneMatch(e -> e.startsWith("io/driftguard/models/")
                        || e.startsWith("io/driftguard/cli/")
                        || e.startsWith("io/driftguard/demo/")
                        || e.startsWith("io/driftguard/testkit/")
                        || e.startsWith("samples/"));
        assertThat(entries)
                .as("no test or training library")
                .noneMatch(e -> e.startsWith("org/junit/")
                        || e.startsWith("org/assertj/")
                        || e.startsWith("io/zonky/")
                        || e.startsWith("org/apache/kafka/common/test/")
                        || e.startsWith("kafka/server/")
                        || e.startsWith("ml/dmlc/")
                        || e.startsWith("org/tribuo/"));
    }

    @Test
    void leavesFlinkLoggingAndTheCloudSdksToTheClusterAndTheConnectors() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/")
                        || e.startsWith("org/apache/flink/api/common/")
                        || e.startsWith("org/apache/logging/log4j/")
                        || e.startsWith("org/slf4j/")
                        || e.startsWith("software/amazon/awssdk/")
                        || e.startsWith("com/google/cloud/")
                        || e.startsWith("com/azure/")
                        || e.startsWith("org/eclipse/jgit/")
                        || e.startsWith("org/apache/sshd/"));
        assertThat(entries)
                .as("the Kafka connector is not in Flink's lib/")
                .anyMatch(e -> e.startsWith("org/apache/flink/connector/kafka/"));
    }
}
