package io.driftguard.ingest.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/docker/create-topics.sh} (compose's kafka-init) reaches a Kafka that needs TLS and
 * SASL with the same variables as every other DriftGuard process: run under {@code sh} with a
 * stand-in for {@code kafka-topics.sh} that records its arguments, every call carries
 * {@code --command-config}, and that file holds exactly what {@link KafkaClientSecurity} makes of
 * the same environment.
 */
class CreateTopicsScriptTest {

    @TempDir
    Path dir;

    @Test
    void everyTopicCallGetsTheClientSecuritySettings() throws Exception {
        Path script = repository().resolve("deploy/docker/create-topics.sh");
        Path fake = dir.resolve("kafka-topics.sh");
        Files.writeString(fake, """
                #!/bin/sh
                echo "$*" >> "%1$s/calls"
                while [ $# -gt 0 ]; do
                    if [ "$1" = --command-config ]; then cp "$2" "%1$s/client.properties"; fi
                    shift
                done
                """.formatted(dir));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("from-file.properties");
        Files.writeString(file, "ssl.truststore.type=PKCS12\nsecurity.protocol=SSL\n");
        Map<String, String> env = Map.of(
                "DRIFTGUARD_KAFKA_PROPERTIES_FILE", file.toString(),
                "DRIFTGUARD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "DRIFTGUARD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "DRIFTGUARD_KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dg\" password=\"p\\\\w\";",
                "DRIFTGUARD_KAFKA_SSL_TRUSTSTORE_LOCATION", "");

        ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("KAFKA_TOPICS_BIN", fake.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The stand-in lists no topics, so the final grep finds none and the script exits 1.
        List<String> calls = Files.readAllLines(dir.resolve("calls"));
        assertThat(calls).as(out).hasSizeGreaterThan(10);
        assertThat(calls).allSatisfy(c -> assertThat(c).contains("--command-config "));
        assertThat(calls).anySatisfy(c -> assertThat(c).contains("--topic driftguard.findings"));

        Properties written = KafkaClientSecurity.from(Map.of(
                KafkaClientSecurity.PROPERTIES_FILE,
                dir.resolve("client.properties").toString()));
        assertThat(written).isEqualTo(KafkaClientSecurity.from(env));
        assertThat(written.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(written.getProperty("ssl.truststore.type")).isEqualTo("PKCS12");
        assertThat(written.getProperty("sasl.jaas.config")).endsWith("password=\"p\\\\w\";");
    }

    private static Path repository() {
        Path d = Path.of("").toAbsolutePath();
        while (!Files.exists(d.resolve("deploy/docker/create-topics.sh"))) {
            d = d.getParent();
        }
        return d;
    }
}
