package io.driftguard.ingest.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @Test
    void plaintextWhenNothingIsSet() {
        assertThat(KafkaClientSecurity.from(Map.of("DRIFTGUARD_KAFKA_BOOTSTRAP", "kafka:9092")))
                .isEmpty();
    }

    @Test
    void scramOverTlsFromTheEnvironment() {
        Properties p = KafkaClientSecurity.from(Map.of(
                "DRIFTGUARD_KAFKA_BOOTSTRAP", "b-1.example:9096",
                "DRIFTGUARD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "DRIFTGUARD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "DRIFTGUARD_KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dg\" password=\"s\";",
                "DRIFTGUARD_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.p12",
                "DRIFTGUARD_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
                "DRIFTGUARD_KAFKA_ACKS", "0"));
        assertThat(p)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsKey("sasl.jaas.config")
                .as("only security settings: acks stays DriftGuard's")
                .doesNotContainKey("acks")
                .doesNotContainKey("bootstrap");
        assertThat(KafkaClientSecurity.describe(p))
                .contains("SASL_SSL SCRAM-SHA-512")
                .doesNotContain("password");
    }

    @Test
    void oauthBearerFromAPropertiesFileWithTheEnvironmentOnTop(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=OAUTHBEARER
                sasl.oauthbearer.token.endpoint.url=https://login.example/oauth2/token
                sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler
                sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="dg" clientSecret="x";
                """);
        Properties p = KafkaClientSecurity.from(Map.of(
                KafkaClientSecurity.PROPERTIES_FILE,
                file.toString(),
                "DRIFTGUARD_KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL",
                "https://login.example/v2/token"));
        assertThat(p)
                .containsEntry("sasl.mechanism", "OAUTHBEARER")
                .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://login.example/v2/token")
                .containsKey("sasl.login.callback.handler.class");
    }

    @Test
    void aFileWithOtherSettingsIsRefusedWithTheName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nenable.idempotence=false\n");
        assertThatThrownBy(() -> KafkaClientSecurity.from(Map.of(KafkaClientSecurity.PROPERTIES_FILE, file.toString())))
                .hasMessageContaining("enable.idempotence")
                .hasMessageContaining("not a security setting");
    }

    @Test
    void theProducerCarriesTheSecuritySettings() {
        Properties security = new Properties();
        security.setProperty("security.protocol", "SSL");
        KafkaSettings base = KafkaSettings.of("b:9093");
        Properties producer =
                new KafkaSettings(base.bootstrapServers(), null, null, null, null, security).producerProperties();
        assertThat(producer).containsEntry("security.protocol", "SSL").containsEntry("acks", "all");
    }
}
